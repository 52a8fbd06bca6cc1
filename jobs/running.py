"""Running a job once: claim its row, call its function, record what happened.

The same code runs in a Celery worker and in process (the embedded default); only what
happens after a failed attempt differs (``jobs.tasks`` asks the broker to deliver the job
again later, ``jobs.queue.run_in_process`` tries again at once).

A job may be delivered more than once: the broker delivers a job again when the worker
running it was lost (acks late), and Redis also when a job runs longer than its visibility
timeout. So:

- a delivery of a finished job does nothing;
- a job that is running, and whose worker shows signs of life (the heartbeat, written
  every ``NEWSROOM_JOB_HEARTBEAT_SECONDS`` while a worker runs it), is not started a
  second time: the delivery is BUSY and comes back later, to find it finished, or its
  worker silent (lost), and then run it;
- a job's function must be safe to run again after a lost attempt (an import of an
  unchanged file is "unchanged"; a rendition already made is kept).
"""

import json
import logging
import threading
import traceback
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs import Failed
from jobs.models import Job

logger = logging.getLogger(__name__)

DONE, RETRY, FAILED, SKIPPED, BUSY = "done", "retry", "failed", "skipped", "busy"
# A running job whose heartbeat is older than this many beats has lost its worker.
SILENT_BEATS = 3

# The id of the job whose function runs in this thread (or task), for progress() and note().
_current_job = ContextVar("current_job", default=None)


def run(job_id, *, heartbeat=False):
    """Run job ``job_id`` once; returns (outcome, job or None).

    The outcome is DONE, FAILED, RETRY (the attempt failed and attempts are left),
    SKIPPED (no such job, or already finished: a duplicate delivery) or BUSY (another
    worker is running it). With ``heartbeat`` a thread keeps the job's heartbeat fresh
    while its function runs (workers; a process running its own jobs needs none).
    """
    outcome, job = _claim(job_id)
    if outcome is not None:
        return outcome, job
    token = _current_job.set(job.pk)
    try:
        with _beating(job.pk) if heartbeat else _nothing():
            function = import_string(job.kind)
            result = function(*job.arguments.get("args", []), **job.arguments.get("kwargs", {}))
    except Exception as error:  # noqa: BLE001 — any failure of the job's code is recorded
        return _record_failure(job, error), job
    finally:
        _current_job.reset(token)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result=_json_or_text(result), finished_at=timezone.now()
    )
    logger.info("Job %s (%s) done after %s attempt(s)", job.pk, job.kind, job.attempts)
    return DONE, job


def silence_limit():
    """How long a running job's heartbeat may be silent before its worker counts as lost."""
    return timedelta(seconds=SILENT_BEATS * settings.NEWSROOM_JOB_HEARTBEAT_SECONDS)


def _claim(job_id):
    """Mark the job running for one more attempt: (None, job); else (outcome, job or None)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return SKIPPED, job
        now = timezone.now()
        if job.status == Job.Status.RUNNING:
            if job.heartbeat_at and now - job.heartbeat_at < silence_limit():
                return BUSY, job
            if job.attempts >= job.max_attempts:
                # The worker running its last attempt was lost (killed, out of memory):
                # a job that kills its worker must not loop forever.
                job.status, job.finished_at = Job.Status.FAILED, now
                job.last_error = (
                    f"The worker running attempt {job.attempts} of {job.max_attempts} "
                    "stopped before the attempt ended (killed or out of memory); no "
                    "attempts are left."
                )
                job.save(update_fields=["status", "finished_at", "last_error"])
                logger.error("Job %s (%s): %s", job.pk, job.kind, job.last_error)
                return FAILED, job
            logger.warning("Job %s (%s): its worker was lost; running it again", job.pk, job.kind)
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        # Each attempt reports afresh: the progress and report are the current attempt's.
        job.progress_done = job.progress_total = 0
        job.report = ""
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "progress_done",
                "progress_total",
                "report",
            ]
        )
        return None, job


@contextmanager
def _beating(job_id):
    """Write the job's heartbeat from a thread of its own while the block runs."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.NEWSROOM_JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
                except DatabaseError as error:  # a busy SQLite: the next beat will do
                    logger.warning("Job %s: heartbeat not written: %s", job_id, error)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@contextmanager
def _nothing():
    yield


def _record_failure(job, error):
    final = isinstance(error, Failed) or job.attempts >= job.max_attempts
    if isinstance(error, Failed):
        message = str(error)
    else:
        message = "".join(traceback.format_exception(error)).strip()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED if final else Job.Status.QUEUED,
        last_error=message,
        finished_at=timezone.now() if final else None,
    )
    if final:
        logger.error("Job %s (%s) failed: %s", job.pk, job.kind, error)
        return FAILED
    logger.warning(
        "Job %s (%s) attempt %s of %s failed, will retry: %s",
        job.pk,
        job.kind,
        job.attempts,
        job.max_attempts,
        error,
    )
    return RETRY


def retry_delay(attempts):
    """Seconds before the next attempt after ``attempts`` failed ones: doubling each time."""
    return settings.NEWSROOM_JOB_RETRY_SECONDS * 2 ** max(attempts - 1, 0)


def _json_or_text(value):
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def current_job_id():
    """The id of the job running in this thread, or None outside a job."""
    return _current_job.get()


def progress(done, total):
    """Record the running job's progress (``done`` of ``total``); nothing outside a job."""
    job_id = _current_job.get()
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)


def note(line):
    """Add a line to the running job's report, which staff read in the admin."""
    job_id = _current_job.get()
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(report=Concat(F("report"), Value(f"{line}\n")))
