"""The Celery application that runs background jobs (``celery -A newsroom worker``).

Configured from Django's settings (the ``CELERY_`` names in the jobs block of
``newsroom/settings.py``); its one task is ``jobs.run``.
"""

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

logger = logging.getLogger(__name__)

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs"])


@signals.celeryd_init.connect
def refuse_to_work_without_a_broker(**kwargs):
    """A worker with no broker configured would wait forever on nothing: say so instead."""
    from django.conf import settings

    if not settings.NEWSROOM_BROKER_URL:
        # SystemExit, not an error: Celery logs and ignores errors raised by receivers.
        raise SystemExit(
            "NEWSROOM_BROKER_URL is not set: a worker needs the broker the site sends jobs "
            "to, e.g. NEWSROOM_BROKER_URL=redis://127.0.0.1:6379/1."
        )


@signals.worker_ready.connect
def resend_unfinished_jobs(**kwargs):
    """Jobs the broker may have lost (a restart without persistence) are sent again; and
    the article pages a deploy left out of date are rendered ahead of readers."""
    from django.db import connections

    from articles.pages_ahead import render_out_of_date
    from jobs.queue import resend_unfinished

    count = resend_unfinished()
    render_out_of_date()  # after: a job it queues is sent once, not twice
    connections.close_all()  # the main process runs no job: keep no connection open
    if count:
        logger.warning("Sent again %s unfinished job(s) recorded in the database", count)
