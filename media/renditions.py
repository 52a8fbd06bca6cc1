"""Resized copies of a photo for responsive pages: several widths, WebP and JPEG.

Each rendition is made once, the first time a page needs it, and kept under
MEDIA_ROOT/renditions/ with a name made of the photo's id, a hash of its file name and
the width (``renditions/42-1a2b3c4d-640.webp``): a new file for the photo gets new
names, so no stale copy is ever served. A photo awaiting its file, or whose file cannot
be read, has no renditions; pages then show its caption and credit only.
"""

import hashlib
import io
import logging
import os
from dataclasses import dataclass

from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
FORMATS = {"webp": ("WEBP", {"quality": 78, "method": 4}), "jpg": ("JPEG", {"quality": 82})}
FOLDER = "renditions"

# Names known to exist on disk, so a page view costs no file-system checks once warm.
_made = set()


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


def rendition_name(photo, width, extension):
    digest = hashlib.md5(photo.image.name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{FOLDER}/{photo.pk}-{digest}-{width}.{extension}"


def renditions(photo):
    """The photo's RenditionSet, making any missing files now; None when it has no image."""
    if not photo.image or not photo.pk:
        return None
    width, height = photo.width, photo.height
    if not width or not height:
        return None
    sizes = [(w, max(1, round(height * w / width))) for w in widths_for(width)]
    names = {(w, ext): rendition_name(photo, w, ext) for w, _h in sizes for ext in FORMATS}
    missing = [key for key, name in names.items() if name not in _made]
    if missing and not _make(photo, {key: names[key] for key in missing}):
        return None
    return RenditionSet(
        **{
            ext: tuple(Rendition(default_storage.url(names[w, ext]), w, h) for w, h in sizes)
            for ext in FORMATS
        }
    )


def share_image(photo, request):
    """What a link preview shows of ``photo``: {url (absolute), width, height, alt} of its
    largest JPEG, or None when it has no usable image."""
    versions = renditions(photo) if photo is not None else None
    if versions is None:
        return None
    largest = versions.jpg[-1]
    return {
        "url": request.build_absolute_uri(largest.url),
        "width": largest.width,
        "height": largest.height,
        "alt": photo.description,
    }


def _make(photo, names):
    """Write the renditions that are not on disk yet; False when the original is unreadable."""
    todo = {}
    for key, name in names.items():
        if default_storage.exists(name):
            _made.add(name)
        else:
            todo[key] = name
    if not todo:
        return True
    try:
        with photo.image.open("rb") as original:
            image = ImageOps.exif_transpose(Image.open(original))
            image.load()
    except (OSError, ValueError):
        logger.warning("Photo %s: its image file cannot be read", photo.pk)
        return False
    image = for_the_web(image)
    for (width, extension), name in sorted(todo.items()):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        if extension == "jpg":
            resized = on_white(resized)  # JPEG has no transparency
        buffer = io.BytesIO()
        pil_format, options = FORMATS[extension]
        resized.save(buffer, pil_format, **options)
        _write(name, buffer.getvalue())
        _made.add(name)
    return True


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


def _write(name, data):
    # Written under a temporary name and renamed: two processes making the same
    # rendition at once never serve a half-written file.
    path = default_storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
