"""Resized copies of a photo for responsive pages: several widths, WebP and JPEG.

Renditions are made when a photo's file arrives (an upload, "supply the file", a reverted
version, the demo content), never in a reader's request: ``Photo.save()`` calls
``schedule()``, which has a background job (jobs.enqueue) run ``make_all()`` after the commit. Which renditions
exist is recorded on the photo (``Photo.renditions``), with the file they were made from,
so a page reads that record and asks the storage nothing. Until the record matches the
photo's file, pages show the original; a photo whose file cannot be read shows its
caption and credit only.

Everything goes through Django's default storage (local files or an S3 bucket): open,
save, exists, delete, url, listdir; never a local path. Files are named
``renditions/<photo id>/<hash of the source's name>-<width>.<webp|jpg>``: a new file for
the photo gets new names, so no stale copy is ever served, and a photo's renditions share
one folder that its deletion empties.
"""

import hashlib
import io
import logging
import posixpath
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

import jobs
from media import retention
from media.validation import ORIENTATION
from newsroom.origin import absolute_url

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
FORMATS = {"webp": ("WEBP", {"quality": 78, "method": 4}), "jpg": ("JPEG", {"quality": 82})}
FOLDER = "renditions"
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class RenditionSet:
    """A photo's renditions: ``webp`` and ``jpg`` lists by width, and the default JPEG."""

    webp: tuple
    jpg: tuple

    @property
    def fallback(self):
        """The JPEG for browsers without srcset: the one closest to 960 px wide."""
        return min(self.jpg, key=lambda r: abs(r.width - 960))

    @property
    def webp_srcset(self):
        return ", ".join(f"{r.url} {r.width}w" for r in self.webp)

    @property
    def jpg_srcset(self):
        return ", ".join(f"{r.url} {r.width}w" for r in self.jpg)


def widths_for(original_width):
    """The rendition widths for an original this wide: never wider than the original."""
    widths = [w for w in WIDTHS if w < original_width]
    widths.append(min(original_width, WIDTHS[-1]))
    return sorted(set(widths))


def folder_of(photo_pk):
    return f"{FOLDER}/{photo_pk}"


def rendition_name(photo_pk, source, width, extension):
    digest = hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{folder_of(photo_pk)}/{digest}-{width}.{extension}"


# --- What pages read: the record only ------------------------------------------------


def _record_for_file(photo):
    """The photo's record of renditions if it was made from its current file, else None."""
    record = photo.renditions or {}
    if not photo.image or record.get("source") != photo.image.name:
        return None
    return record


def _complete(record):
    """Whether ``record`` names renditions in every format (a format added since is missing)."""
    return record is not None and all(record.get(ext) for ext in FORMATS)


def _settled(record):
    """Whether ``record`` leaves nothing to make: complete, or its file found unreadable."""
    return record is not None and (bool(record.get("unreadable")) or _complete(record))


def renditions(photo):
    """The photo's RenditionSet, or None when it has none (yet): no storage call, no image work."""
    if photo is None or not photo.pk:
        return None
    record = _record_for_file(photo)
    if not _complete(record):
        return None
    return RenditionSet(
        **{
            ext: tuple(
                Rendition(default_storage.url(name), width, height)
                for name, width, height in record[ext]
            )
            for ext in FORMATS
        }
    )


def original(photo):
    """The original file as a plain image while the renditions are not made yet, else None.

    None too when the photo has no file, no known size, or a file found unreadable when its
    renditions were attempted: pages then show the caption and credit only, never a
    broken image.
    """
    if photo is None or not photo.image or not photo.width or not photo.height:
        return None
    if _settled(_record_for_file(photo)):
        return None  # made: the renditions are shown; unreadable: nothing is
    return Rendition(photo.image.url, photo.width, photo.height)


def share_image(photo, request):
    """What a link preview shows of ``photo``: {url (absolute), width, height, alt} of its
    largest JPEG (the original while renditions are not made), or None without a usable image."""
    versions = renditions(photo)
    image = versions.jpg[-1] if versions is not None else original(photo)
    if image is None:
        return None
    return {
        "url": absolute_url(request, image.url),
        "width": image.width,
        "height": image.height,
        "alt": photo.description,
    }


# --- Making them, off the request path ---------------------------------------------


def schedule(photo):
    """Have the renditions of ``photo``'s current file made once the transaction commits.

    The one entry point for "a file arrived": a background job (jobs.enqueue) that a
    worker runs after the commit, or this process when no broker is configured. A failed
    job is retried and shown to staff in the admin; ``manage.py make_renditions`` too
    makes what is missing.
    """
    jobs.enqueue(make_all, photo.pk)


def make_all(photo_pk):
    """Make the renditions of photo ``photo_pk``'s current file and record them on the photo.

    Idempotent, and safe to run twice at once: does nothing when the record already matches
    the file; files are written under names of their own before the record names them; the
    record is written only if the photo still has the file they were made from. A file
    that cannot be read is recorded as such (pages show caption and credit only). Returns
    the record written, or None when there was nothing to do.
    """
    from media.models import Photo

    photo = Photo.objects.filter(pk=photo_pk).first()
    if photo is None or not photo.image or _settled(_record_for_file(photo)):
        return None
    source = photo.image.name
    record = _make(photo_pk, source)
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo_pk).first()
        if current is None or current.image.name != source:
            # Deleted or given another file meanwhile: that change made (or will make)
            # its own; files made here for a deleted photo are removed.
            if current is None:
                delete_files(photo_pk, None)
            return None
        current.renditions = record
        # A save, not an update(): cached pages showing the original are invalidated.
        current.save(update_fields=["renditions"])
    return record


def make_missing(photo_pks=None):
    """Make the renditions of every photo lacking them (or of those among ``photo_pks``).

    For photos from before renditions were made on arrival, or whose making failed (the
    storage was unreachable). Returns {"made": [pk…], "unreadable": [pk…], "failed":
    {pk: error}}; one photo's failure does not stop the others.
    """
    from media.models import Photo

    photos = Photo.objects.renditions_missing()
    if photo_pks is not None:
        photos = photos.filter(pk__in=photo_pks)
    summary = {"made": [], "unreadable": [], "failed": {}}
    for pk in photos.order_by("pk").values_list("pk", flat=True).iterator():
        try:
            record = make_all(pk)
        except Exception as error:  # noqa: BLE001 - reported per photo; the rest go on
            logger.exception("Photo %s: renditions could not be made", pk)
            summary["failed"][pk] = f"{type(error).__name__}: {error}"
            continue
        if record is not None:
            summary["unreadable" if record.get("unreadable") else "made"].append(pk)
    return summary


def _make(photo_pk, source):
    """Write the renditions of ``source`` that the storage lacks; the record of them all."""
    try:
        with default_storage.open(source, "rb") as stored:
            data = stored.read()
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if image.getexif().get(ORIENTATION) in TURNED:
            width, height = height, width
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale in a fraction of the time: asked for at
        # least twice the largest rendition, the resize below still has pixels to spare.
        image.draft(None, (2 * WIDTHS[-1], 2 * WIDTHS[-1]))
        image = ImageOps.exif_transpose(image)
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.warning("Photo %s: its image file %s cannot be read", photo_pk, source)
        return {"source": source, "unreadable": True}
    image = for_the_web(image)
    record = {"source": source, "webp": [], "jpg": []}
    for target in widths_for(width):
        target_height = max(1, round(height * target / width))
        resized = None
        for extension, (pil_format, options) in FORMATS.items():
            name = rendition_name(photo_pk, source, target, extension)
            record[extension].append([name, target, target_height])
            if default_storage.exists(name):
                continue  # made by an earlier or concurrent run
            if resized is None:
                resized = image.resize((target, target_height), Image.Resampling.LANCZOS)
            picture = on_white(resized) if extension == "jpg" else resized  # JPEG: no alpha
            buffer = io.BytesIO()
            picture.save(buffer, pil_format, **options)
            _write(name, buffer.getvalue())
    return record


def _write(name, data):
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        # Another run wrote ``name`` between our check and our write: theirs is the same
        # picture, and the storage gave ours a name of its own, which nothing will use.
        default_storage.delete(saved)


def photo_deleted(sender, instance, using=None, **kwargs):
    """post_delete of Photo (connected in MediaConfig.ready(), so bulk deletions count too):
    its files go once the deletion commits, and stay if it is rolled back. The original of
    a photo its history can recover is kept for a while (media/retention.py)."""
    if not instance.image and not instance.renditions:
        return  # never had a file (an imported caption whose photo never came)
    original = instance.image.name or None
    if retention.keep_for_recovery(instance, using=using):
        original = None
    remove = partial(delete_files, instance.pk, original)
    transaction.on_commit(remove, using=using, robust=True)


def delete_files(photo_pk, original_name):
    """Remove a deleted photo's renditions and, unless another photo uses it, its original."""
    from media.models import Photo

    folder = folder_of(photo_pk)
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    for name in files:
        default_storage.delete(posixpath.join(folder, name))
    if original_name and not Photo.objects.filter(image=original_name).exists():
        default_storage.delete(original_name)


SIXTEEN_BIT_GREY = ("I", "I;16", "I;16L", "I;16B", "I;16N")


def for_the_web(image):
    """``image`` in an 8-bit mode that keeps its look: L, RGB, or RGBA if it has transparency.

    Pillow's plain ``convert("RGB")`` gets two kinds of PNG wrong: 16-bit grey
    (values up to 65535, clipped at 255, so almost everything turns white) and
    transparency (dropped, so the transparent pixels show whatever colour they
    hold, usually black).
    """
    if image.mode in SIXTEEN_BIT_GREY:
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


def on_white(image):
    """``image`` with any transparency laid on white, the colour of the pages it is shown on."""
    if image.mode != "RGBA":
        return image
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return flat
