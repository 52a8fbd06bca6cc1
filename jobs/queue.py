"""Putting jobs in the queue: a Celery broker when one is configured, else this process.

``enqueue`` records the job and hands it over when the caller's transaction commits, so
a worker never looks for a row it cannot see yet, and a rolled-back request queues nothing.
"""

import json
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu import pools

from jobs.models import Job
from jobs.running import RETRY, run, silence_limit

logger = logging.getLogger(__name__)


def enqueue(function, *args, started_by=None, **kwargs):
    """Run ``function(*args, **kwargs)`` off the request path, after the current commit.

    ``function`` is a dotted path ("articles.import_jobs.import_files") or a module-level
    function; the arguments must be JSON (they are stored on the job, shown to staff).
    ``started_by`` (a user) is recorded, not passed on. Returns the ``Job``.
    """
    kind = function if isinstance(function, str) else f"{function.__module__}.{function.__name__}"
    import_string(kind)  # a path naming nothing fails here, in the caller, not in a worker
    arguments = {"args": list(args), "kwargs": kwargs}
    try:
        json.dumps(arguments)
    except (TypeError, ValueError) as error:
        raise TypeError(f"The arguments of a job must be JSON values: {error}") from error
    job = Job.objects.create(
        kind=kind,
        arguments=arguments,
        started_by=started_by,
        max_attempts=settings.NEWSROOM_JOB_MAX_ATTEMPTS,
    )
    transaction.on_commit(partial(dispatch, job.pk))
    return job


def requeue(job):
    """Queue a finished (or stuck) job again, with its attempts counted from zero."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED, attempts=0, finished_at=None, progress_done=0, progress_total=0
    )
    transaction.on_commit(partial(dispatch, job.pk))


def resend_unfinished():
    """Send again every job that waits, or whose worker went silent; returns how many.

    The database, not the broker, is the record of what is left to do: a broker that
    lost its messages (a Redis restarted without persistence) loses no job, since each
    worker sends these again when it starts. A job that was not lost is then delivered
    twice, which is harmless (jobs/running.py).
    """
    silent = timezone.now() - silence_limit()
    waiting = Job.objects.filter(
        Q(status=Job.Status.QUEUED)
        | Q(status=Job.Status.RUNNING) & (Q(heartbeat_at__lt=silent) | Q(heartbeat_at=None))
    ).values_list("pk", flat=True)
    count = 0
    for job_id in waiting:
        send(job_id)
        count += 1
    return count


def dispatch(job_id):
    """Hand job ``job_id`` to the broker, or, with none configured, run it here and now."""
    if settings.NEWSROOM_BROKER_URL:
        send(job_id)
    else:
        run_in_process(job_id)


def send(job_id):
    # Imported here: the worker's task module needs the Celery app, which only the
    # broker's path uses.
    from jobs.tasks import run_job

    # The broker and queue are read from settings at each send, not fixed when the Celery
    # app was configured: one source of truth, which tests may change. Connections are
    # pooled per broker: a new one for each job cost 20 ms, a pooled one 3.5 ms.
    broker = run_job.app.connection_for_write(settings.NEWSROOM_BROKER_URL)
    try:
        with pools.connections[broker].acquire(block=True) as connection:
            run_job.apply_async(
                (job_id,),
                connection=connection,
                queue=settings.CELERY_TASK_DEFAULT_QUEUE,
                retry=True,
                retry_policy=settings.NEWSROOM_JOB_PUBLISH_RETRY,
            )
    except Exception as error:  # noqa: BLE001 — kombu's connection errors vary by transport
        # The page that queued it has committed; it must not fail now. The job stays
        # queued with the reason, and "Run again" in the admin sends it once the broker is back.
        logger.error("Job %s could not be sent to the broker: %s", job_id, error)
        Job.objects.filter(pk=job_id).update(
            last_error=f"The broker did not accept the job: {error}"
        )


def run_in_process(job_id):
    """Run the job in this process, its retries at once (a request cannot wait out a delay).

    A job another process is running (BUSY: "Run again" pressed twice) is left to it.
    """
    while run(job_id)[0] == RETRY:
        pass
