"""Finished background jobs are deleted after NEWSROOM_JOB_RETENTION_DAYS by
`delete_old_jobs`; a queued or running job is never deleted, however old."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job

pytestmark = pytest.mark.django_db

KIND = "tests.job_functions.add"


def job(status, days_ago, finished=True):
    """A job queued ``days_ago`` days ago, finished then too if ``finished``."""
    moment = timezone.now() - timedelta(days=days_ago)
    made = Job.objects.create(kind=KIND, status=status, finished_at=moment if finished else None)
    Job.objects.filter(pk=made.pk).update(created_at=moment)  # auto_now_add ignores a value
    return made.pk


def delete_old_jobs():
    output = io.StringIO()
    call_command("delete_old_jobs", stdout=output)
    return output.getvalue()


def remaining():
    return set(Job.objects.values_list("pk", flat=True))


def test_finished_jobs_older_than_the_retention_period_are_deleted(settings):
    settings.NEWSROOM_JOB_RETENTION_DAYS = 30
    old_done = job(Job.Status.DONE, 31)
    old_failed = job(Job.Status.FAILED, 45)
    recent_done = job(Job.Status.DONE, 29)
    recent_failed = job(Job.Status.FAILED, 1)
    assert "Deleted 2 job(s) finished more than 30 day(s) ago." in delete_old_jobs()
    assert remaining() == {recent_done, recent_failed}
    assert old_done not in remaining() and old_failed not in remaining()


def test_queued_and_running_jobs_are_never_deleted(settings):
    settings.NEWSROOM_JOB_RETENTION_DAYS = 1
    waiting = job(Job.Status.QUEUED, 400, finished=False)
    running = job(Job.Status.RUNNING, 400, finished=False)
    # Queued again by staff after it had failed: the old end no longer counts.
    requeued = job(Job.Status.QUEUED, 400)
    assert "Deleted 0 job(s)" in delete_old_jobs()
    assert remaining() == {waiting, running, requeued}


def test_the_retention_period_comes_from_the_setting(settings):
    week_old = job(Job.Status.DONE, 8)
    settings.NEWSROOM_JOB_RETENTION_DAYS = 10
    delete_old_jobs()
    assert remaining() == {week_old}
    settings.NEWSROOM_JOB_RETENTION_DAYS = 7
    assert "more than 7 day(s) ago" in delete_old_jobs()
    assert remaining() == set()


def test_a_finished_job_without_an_end_time_is_aged_by_when_it_was_queued(settings):
    settings.NEWSROOM_JOB_RETENTION_DAYS = 30
    job(Job.Status.DONE, 60, finished=False)  # a row from before finished_at was written
    recent = job(Job.Status.FAILED, 2, finished=False)
    delete_old_jobs()
    assert remaining() == {recent}
