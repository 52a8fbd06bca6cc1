from django.conf import settings
from django.core.management.base import BaseCommand

from media.retention import remove_expired


class Command(BaseCommand):
    help = (
        "Delete the files of photos deleted more than NEWSROOM_PHOTO_RECOVERY_DAYS ago "
        "(kept until then so the admin's history can recover them). Run daily."
    )

    def handle(self, *args, **options):
        removed = remove_expired()
        days = settings.NEWSROOM_PHOTO_RECOVERY_DAYS
        self.stdout.write(
            f"Removed {len(removed)} file(s) of photos deleted more than {days} day(s) ago."
        )
