"""Factories for photos: used by the tests and by the demo-content command."""

import io
import random

import factory
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from media.models import Credit, Photo


def generated_jpeg(width=1200, height=800, seed=None):
    """A JPEG drawn with Pillow: a soft gradient with a few shapes, different per seed."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(40, 200) for _ in range(3))
    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        t = y / height
        color = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.rectangle([0, y, width, y + 4], fill=color)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(height // 12, height // 4)
        fill = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"пресс-служба ведомства №{n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A photo awaiting its file; `PhotoFactory(with_image=True)` draws one with Pillow."""

    class Meta:
        model = Photo

    class Params:
        with_image = factory.Trait(
            image=factory.LazyAttributeSequence(
                lambda photo, n: ContentFile(generated_jpeg(seed=n), name=f"photo-{n}.jpg")
            )
        )

    caption = factory.Sequence(lambda n: f"Снимок №{n}")
    alt_text = factory.LazyAttribute(lambda photo: photo.caption)
    credit = factory.SubFactory(CreditFactory)
