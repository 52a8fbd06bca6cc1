"""The original files of deleted photos: kept while the photo can be recovered.

A photo deleted in the admin can be brought back from its history (django-reversion's
recover view), which restores the row with the name of its file. So the file is not
deleted with a photo that has a saved version: it is recorded as a ``RetainedFile`` and
removed by ``remove_expired()`` (the ``remove_deleted_photo_files`` command, run daily)
once ``NEWSROOM_PHOTO_RECOVERY_DAYS`` have passed, unless a photo uses it again. Its
renditions are deleted at once: a recovered photo has them made again from the file.
"""

from datetime import timedelta
from functools import partial

import reversion
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from reversion.models import Version


def keep_for_recovery(photo, using=None):
    """Record ``photo``'s file as kept if its history can recover it; whether it did.

    Called as the photo is deleted, in the deleting transaction: a rolled-back deletion
    leaves no record.
    """
    from media.models import Photo, RetainedFile

    if not photo.image or not reversion.is_registered(Photo):
        return False
    if not Version.objects.get_for_object_reference(Photo, photo.pk).exists():
        return False  # never saved with history (a script, the importer): nothing to recover
    RetainedFile.objects.using(using).update_or_create(
        photo_id=photo.pk, defaults={"name": photo.image.name, "deleted_at": timezone.now()}
    )
    return True


def remove_expired(now=None):
    """Delete the kept files of photos deleted more than NEWSROOM_PHOTO_RECOVERY_DAYS ago.

    Returns the names of the files deleted (see ``remove``).
    """
    from media.models import RetainedFile

    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSROOM_PHOTO_RECOVERY_DAYS)
    # deleted_at before the cutoff: RetainedFile.removable_after has passed.
    return remove(RetainedFile.objects.filter(deleted_at__lt=cutoff))


def remove(kept_files):
    """Forget these kept files and delete them once that commits: no recovery then.

    A file a photo uses again (the photo was recovered, or another photo shares the file)
    stays; its record goes either way. Returns the names of the files deleted.
    """
    from media.models import Photo

    removed = []
    for kept in kept_files.order_by("pk").iterator():
        if not Photo.objects.filter(image=kept.name).exists():
            transaction.on_commit(partial(default_storage.delete, kept.name), robust=True)
            removed.append(kept.name)
        kept.delete()
    return removed
