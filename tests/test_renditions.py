"""Responsive photo renditions: several widths, WebP with a JPEG fallback, made once."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from articles.factories import ArticleFactory, ArticlePhotoFactory
from media import renditions as renditions_module
from media.factories import PhotoFactory
from media.renditions import renditions, widths_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings):
    cache.clear()
    renditions_module._made.clear()
    yield
    renditions_module._made.clear()


def test_widths_never_exceed_the_original():
    assert widths_for(1200) == [320, 640, 960, 1200]
    assert widths_for(2000) == [320, 640, 960, 1280]
    assert widths_for(500) == [320, 500]


def test_renditions_are_made_in_each_width_and_format(settings):
    photo = PhotoFactory(with_image=True)  # 1200 × 800
    versions = renditions(photo)
    assert [r.width for r in versions.webp] == [320, 640, 960, 1200]
    assert [r.height for r in versions.jpg] == [213, 427, 640, 800]
    for rendition in versions.webp + versions.jpg:
        path = settings.MEDIA_ROOT / rendition.url.removeprefix(settings.MEDIA_URL)
        with Image.open(path) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
    assert versions.fallback.width == 960


def test_renditions_are_made_once_and_reused(settings, monkeypatch):
    photo = PhotoFactory(with_image=True)
    first = renditions(photo)
    path = settings.MEDIA_ROOT / first.jpg[0].url.removeprefix(settings.MEDIA_URL)
    made_at = path.stat().st_mtime_ns
    renditions_module._made.clear()  # as in another process: files found on disk
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("rendition made twice"))
    assert renditions(photo) == first
    assert path.stat().st_mtime_ns == made_at


def test_new_file_for_a_photo_gets_new_renditions():
    photo = PhotoFactory(with_image=True)
    before = renditions(photo).jpg[0].url
    replacement = PhotoFactory(with_image=True)
    photo.image = replacement.image
    photo.save()
    assert renditions(photo).jpg[0].url != before


def test_article_page_uses_picture_with_webp_and_jpeg_sizes_and_lazy_loading(client):
    article = ArticleFactory(published=True, lead_photo=PhotoFactory(with_image=True))
    ArticlePhotoFactory(article=article, photo=PhotoFactory(with_image=True), position=1)
    page = client.get(article.get_absolute_url()).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", page, re.S)
    assert len(pictures) == 2
    lead, below = pictures
    assert '<source type="image/webp" srcset="' in lead and " 320w, " in lead
    assert re.search(r'<img src="[^"]+-960\.jpg" srcset="[^"]+ 320w', lead)
    assert 'width="960" height="640"' in lead
    assert 'loading="lazy"' not in lead  # above the fold
    assert 'loading="lazy"' in below


def test_photo_awaiting_its_file_shows_caption_and_credit_without_an_image(client):
    photo = PhotoFactory(caption="Подпись к снимку")
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="photo photo-awaiting">.*?</figure>', page, re.S).group(0)
    assert "Подпись к снимку" in figure and photo.credit.name in figure
    assert "<img" not in figure and "<picture" not in figure


def test_photo_whose_file_is_missing_is_shown_as_awaiting(client, settings):
    photo = PhotoFactory(with_image=True, caption="Потерянный файл")
    (settings.MEDIA_ROOT / photo.image.name).unlink()
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Потерянный файл" in page and "<img" not in page


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="picture.png")


def rendition_images(settings, versions):
    """The rendition files of a RenditionSet, opened and loaded: {extension: [Image]}."""
    opened = {}
    for extension in ("webp", "jpg"):
        for rendition in getattr(versions, extension):
            path = settings.MEDIA_ROOT / rendition.url.removeprefix(settings.MEDIA_URL)
            with Image.open(path) as image:
                image.load()
                opened.setdefault(extension, []).append(image)
    return opened


def grey_16_bit(width=400, height=200):
    """A 16-bit grayscale PNG: the left half mid-grey, the right half dark."""
    image = Image.new("I;16", (width, height), 0x8000)
    image.paste(Image.new("I;16", (width // 2, height), 0x2000), (width // 2, 0))
    return image


def test_16_bit_grayscale_png_keeps_its_tones(settings):
    photo = PhotoFactory(image=png(grey_16_bit()))
    with photo.image.open("rb") as stored, Image.open(stored) as original:
        assert original.mode == "I;16"  # what Pillow makes of a 16-bit grayscale PNG
    for extension, images in rendition_images(settings, renditions(photo)).items():
        for image in images:
            grey = image.convert("L")
            mid = grey.getpixel((image.width // 4, image.height // 2))
            dark = grey.getpixel((image.width * 3 // 4, image.height // 2))
            assert 120 <= mid <= 136, (extension, mid)  # 0x8000 of 0xFFFF
            assert 25 <= dark <= 40, (extension, dark)  # 0x2000 of 0xFFFF


def transparent_pngs():
    """A red disc on a transparent background, as RGBA, LA and a palette with tRNS."""
    rgba = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).ellipse([150, 50, 250, 150], fill=(200, 30, 30, 255))
    la = Image.new("LA", (400, 200), (0, 0))
    ImageDraw.Draw(la).ellipse([150, 50, 250, 150], fill=(60, 255))
    palette = Image.new("P", (400, 200), 0)
    palette.putpalette([0, 0, 0, 200, 30, 30])  # entry 0, black, is the transparent one
    ImageDraw.Draw(palette).ellipse([150, 50, 250, 150], fill=1)
    palette.info["transparency"] = 0
    return {"RGBA": rgba, "LA": la, "P": palette}


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_png_is_on_white_in_jpeg_and_stays_transparent_in_webp(settings, mode):
    source = transparent_pngs()[mode]
    photo = PhotoFactory(image=png(source))
    images = rendition_images(settings, renditions(photo))
    for image in images["jpg"]:
        assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
        centre = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        assert max(centre) < 230  # the disc is still there, not washed out
    for image in images["webp"]:
        assert image.mode == "RGBA"
        assert image.getpixel((2, 2))[3] == 0
        assert image.getpixel((image.width // 2, image.height // 2))[3] == 255
