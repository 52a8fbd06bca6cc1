"""The one Celery task: run a job by its id (the function and arguments are on its row)."""

from celery import shared_task
from django.db import DatabaseError

from jobs.running import BUSY, RETRY, retry_delay, run, silence_limit

# While the database is unreachable a delivery is put back this many times, a minute apart.
DATABASE_RETRIES, DATABASE_RETRY_SECONDS = 30, 60


# acks_late: the broker forgets the message only when the attempt has ended, so a worker
# killed mid-job (SIGKILL, out of memory, a restart) leaves it to be delivered again;
# reject_on_worker_lost does the same when a pool process dies under a living worker.
# max_retries=None: the job's row counts attempts; Celery's own limit (3) would cut a job
# short of NEWSROOM_JOB_MAX_ATTEMPTS, and a delivery put off while another worker runs it.
@shared_task(
    name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def run_job(self, job_id):
    try:
        outcome, job = run(job_id, heartbeat=True)
    except DatabaseError as error:
        raise self.retry(
            exc=error, countdown=DATABASE_RETRY_SECONDS, max_retries=DATABASE_RETRIES
        ) from error
    if outcome == RETRY:
        raise self.retry(countdown=retry_delay(job.attempts))
    if outcome == BUSY:
        # Another worker runs it (Redis gave it out again, or a pool process died and its
        # heartbeat is not silent yet): come back when a lost worker would show.
        raise self.retry(countdown=silence_limit().total_seconds())
    return outcome
