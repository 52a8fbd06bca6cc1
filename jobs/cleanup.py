"""Removing the records of old jobs: finished ones are kept for a while, then deleted.

A job that is queued or running is never deleted, however old: it is the record of
work still to do (jobs/queue.py sends such jobs again when a worker starts).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from jobs.models import Job


def delete_old_jobs(now=None):
    """Delete jobs finished more than NEWSROOM_JOB_RETENTION_DAYS ago; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSROOM_JOB_RETENTION_DAYS)
    deleted, _by_model = Job.objects.finished_before(cutoff).delete()
    return deleted
