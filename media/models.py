"""Photos and who supplied them. Knows nothing of persons or articles."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from media import renditions as _renditions
from media.base import TimestampedModel
from media.validation import validate_image_file


class Credit(TimestampedModel):
    """Who supplied a photo ("пресс-служба президента Казахстана"): one row, reused."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self):
        return self.name


class PhotoQuerySet(models.QuerySet):
    def awaiting_image(self):
        """Photos whose caption and credit are known but whose file is not supplied yet."""
        return self.filter(Q(image="") | Q(image__isnull=True))

    def with_image(self):
        return self.exclude(Q(image="") | Q(image__isnull=True))

    def renditions_missing(self):
        """Photos with a file whose renditions were not made from it (nor found unreadable)."""
        made_from = KT("renditions__source")
        return (
            self.with_image()
            .alias(made_from=made_from)
            .filter(Q(made_from__isnull=True) | ~Q(made_from=F("image")))
        )


def photo_upload_path(instance, filename):
    # Date folders keep any one directory small; the name is kept for editors.
    from django.utils import timezone

    return f"photos/{timezone.now():%Y/%m}/{filename}"


class Photo(TimestampedModel):
    """A captioned, credited photo. The file may come later: until then it is awaiting its image."""

    image = models.ImageField(
        _("image file"),
        upload_to=photo_upload_path,
        blank=True,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text=_("JPEG, PNG or WebP. Location data is removed from the file."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.ForeignKey(
        Credit, on_delete=models.PROTECT, related_name="photos", verbose_name=_("credit")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    # Which renditions exist and the file they were made from (media/renditions.py):
    # {"source": name, "webp": [[name, width, height], …], "jpg": […]}, or
    # {"source": name, "unreadable": true}; {} until made. Pages read only this.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        text = self.caption or self.alt_text or _("Photo #%(pk)s") % {"pk": self.pk}
        return text if len(text) <= 80 else text[:79] + "…"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.image and (self.renditions or {}).get("source") != self.image.name:
            # A file arrived (an upload, "supply the file", a reverted version): its
            # renditions are made after the commit, never in a reader's request.
            _renditions.schedule(self)

    @property
    def has_image(self):
        return bool(self.image)

    @property
    def description(self):
        """Text that stands for the image: its alt text, else its caption."""
        return self.alt_text or self.caption


class RetainedFile(models.Model):
    """The file of a deleted photo that the admin's history can bring back.

    Deleting a photo that has a saved version keeps its original (media/retention.py),
    so that recovering it gives back a working photo; `remove_deleted_photo_files`
    removes the file once NEWSROOM_PHOTO_RECOVERY_DAYS have passed.
    """

    # Not a foreign key: the photo is gone (and comes back with this id if recovered).
    photo_id = models.PositiveBigIntegerField(_("photo id"), unique=True)
    name = models.CharField(_("file name"), max_length=255)
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)

    class Meta:
        verbose_name = _("file of a deleted photo")
        verbose_name_plural = _("files of deleted photos")

    def __str__(self):
        return self.name

    @property
    def removable_after(self):
        """When `remove_deleted_photo_files` may delete the file."""
        return self.deleted_at + timedelta(days=settings.NEWSROOM_PHOTO_RECOVERY_DAYS)
