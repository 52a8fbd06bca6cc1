"""Running a job once: claim its row, call its function, record what happened.

The same code runs in a Celery worker and in process (the embedded default); only what
happens after a failed attempt differs (``jobs.tasks`` asks the broker to deliver the job
again later, ``jobs.queue.run_in_process`` tries again at once).

A job may be delivered more than once: the broker redelivers a job whose worker was lost
mid-run (acks late). So a job's function must be safe to run again (an import of an
unchanged file is "unchanged"; a rendition already made is kept), and a delivery of a
finished job does nothing.
"""

import json
import logging
import traceback
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs import Failed
from jobs.models import Job

logger = logging.getLogger(__name__)

DONE, RETRY, FAILED, SKIPPED = "done", "retry", "failed", "skipped"

# The id of the job whose function runs in this thread (or task), for progress() and note().
_current_job = ContextVar("current_job", default=None)


def run(job_id):
    """Run job ``job_id`` once; returns (outcome, job or None).

    The outcome is DONE, FAILED, RETRY (the attempt failed and attempts are left) or
    SKIPPED (no such job, or already finished: a duplicate delivery).
    """
    job = _claim(job_id)
    if job is None:
        return SKIPPED, None
    token = _current_job.set(job.pk)
    try:
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


def _claim(job_id):
    """Mark the job running for one more attempt; None when it must not run."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        now = timezone.now()
        if job.attempts >= job.max_attempts:
            # Delivered again after its last attempt began: the worker running it was lost
            # (killed, out of memory). A job that kills its worker must not loop forever.
            job.status, job.finished_at = Job.Status.FAILED, now
            job.last_error = (
                f"The worker running attempt {job.attempts} of {job.max_attempts} stopped "
                "before the attempt ended (killed or out of memory); no attempts are left."
            )
            job.save(update_fields=["status", "finished_at", "last_error"])
            logger.error("Job %s (%s): %s", job.pk, job.kind, job.last_error)
            return None
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        # Each attempt reports afresh: the progress and report are the current attempt's.
        job.progress_done = job.progress_total = 0
        job.report = ""
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "progress_done",
                "progress_total",
                "report",
            ]
        )
        return job


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
