"""The Celery application that runs background jobs (``celery -A newsroom worker``).

Configured from Django's settings (the ``CELERY_`` names in the jobs block of
``newsroom/settings.py``); its one task is ``jobs.run``.
"""

import os

from celery import Celery, signals
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs"])


@signals.celeryd_init.connect
def refuse_to_work_without_a_broker(**kwargs):
    """A worker with no broker configured would wait forever on nothing: say so instead."""
    from django.conf import settings

    if not settings.NEWSROOM_BROKER_URL:
        raise ImproperlyConfigured(
            "NEWSROOM_BROKER_URL is not set: a worker needs the broker the site sends jobs "
            "to, e.g. NEWSROOM_BROKER_URL=redis://127.0.0.1:6379/1."
        )
