from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.cleanup import delete_old_jobs


class Command(BaseCommand):
    help = (
        "Delete background jobs that finished (done or failed) more than "
        "NEWSROOM_JOB_RETENTION_DAYS ago; queued and running jobs are kept. Run daily."
    )

    def handle(self, *args, **options):
        deleted = delete_old_jobs()
        days = settings.NEWSROOM_JOB_RETENTION_DAYS
        self.stdout.write(f"Deleted {deleted} job(s) finished more than {days} day(s) ago.")
