"""Checks and clean-up for uploaded photos, with Pillow.

An upload must be a real, complete JPEG, PNG or WebP image of at most
``NEWSROOM_MAX_IMAGE_PIXELS`` pixels (a small file can claim a huge canvas: a decompression
bomb). What is stored is re-encoded by Pillow, so the EXIF orientation is
applied to the pixels and location (GPS) metadata never reaches the server's
disk: a photo must not give away where a source was.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _open(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        # Pillow reads only the header here: the size is known before any pixel is decoded.
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ValidationError(
            _("This is not an image file Pillow can read (JPEG, PNG or WebP)."), code="not_image"
        ) from error
    return image, data


def check_image(uploaded):
    """Raise ValidationError unless ``uploaded`` is a complete JPEG/PNG/WebP within the size."""
    image, _data = _open(uploaded)
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG and WebP images are accepted, not %(format)s."),
            code="format",
            params={"format": image.format},
        )
    width, height = image.size
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is %(width)s×%(height)s pixels; at most %(max)s megapixels are accepted."),
            code="too_large",
            params={"width": width, "height": height, "max": max_pixels // 1_000_000},
        )
    try:
        image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image file is damaged or incomplete."), code="truncated"
        ) from error
    return image


def validate_image_file(value):
    """Model field validator: the stored file is an image this newsroom accepts."""
    # Only a new upload: files already stored were checked when they came in.
    if value and not getattr(value, "_committed", True):
        check_image(value)


def cleaned_upload(uploaded):
    """The upload checked and re-encoded: orientation applied, GPS and XMP metadata gone.

    Returns a new uploaded file with the same name (extension fixed to the real format).
    """
    image = check_image(uploaded)
    image_format = image.format
    exif = image.getexif()
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    exif.pop(ORIENTATION, None)  # the pixels are upright now
    exif.pop(GPS_IFD, None)  # (asking for the GPS IFD again would write an empty one back)
    options = {"exif": exif.tobytes()} if len(exif) else {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    image.info.pop("xmp", None)  # XMP can carry the location too
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    base = os.path.splitext(os.path.basename(uploaded.name or "photo"))[0] or "photo"
    name = f"{base}.{ALLOWED_FORMATS[image_format]}"
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=Image.MIME.get(image_format, "")
    )
