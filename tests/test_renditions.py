"""Responsive photo renditions: several widths, WebP with a JPEG fallback, made when the
photo's file arrives (after the commit), recorded on the photo, never made by a page."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image, ImageDraw
from reversion.models import Version

from articles.factories import ArticleFactory, ArticlePhotoFactory
from media import renditions as renditions_module
from media.factories import CreditFactory, PhotoFactory, generated_jpeg
from media.models import Photo
from media.renditions import make_all, renditions, widths_for
from tests.admin_forms import form_data, photo_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrived(django_capture_on_commit_callbacks):
    """Saves a photo as its file arrives and lets the commit run what it scheduled."""

    def save(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            photo = PhotoFactory(**fields)
        # Read again, not refresh_from_db(): that assigns the file anew, which has Django
        # read its dimensions from the storage.
        return Photo.objects.get(pk=photo.pk)

    return save


def stored(name):
    """The stored file ``name`` opened with Pillow and loaded."""
    with default_storage.open(name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def rendition_files(photo):
    """The names of the photo's stored renditions."""
    folder = renditions_module.folder_of(photo.pk)
    if not default_storage.exists(folder):
        return set()
    return {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}


def recorded_names(photo):
    return {name for ext in ("webp", "jpg") for name, _w, _h in photo.renditions[ext]}


def test_widths_never_exceed_the_original():
    assert widths_for(1200) == [320, 640, 960, 1200]
    assert widths_for(2000) == [320, 640, 960, 1280]
    assert widths_for(500) == [320, 500]


def test_renditions_are_made_in_each_width_and_format_when_the_file_arrives(arrived):
    photo = arrived(with_image=True)  # 1200 × 800
    versions = renditions(photo)
    assert [r.width for r in versions.webp] == [320, 640, 960, 1200]
    assert [r.height for r in versions.jpg] == [213, 427, 640, 800]
    assert rendition_files(photo) == recorded_names(photo)
    assert photo.renditions["source"] == photo.image.name
    for extension in ("webp", "jpg"):
        for name, width, height in photo.renditions[extension]:
            image = stored(name)
            assert image.size == (width, height)
            assert image.format == ("WEBP" if extension == "webp" else "JPEG")
    assert versions.fallback.width == 960


def test_a_photo_saved_in_a_transaction_gets_its_renditions_only_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        photo = PhotoFactory(with_image=True)
    assert rendition_files(photo) == set()
    for callback in scheduled:
        callback()
    assert renditions(Photo.objects.get(pk=photo.pk)) is not None


def test_making_them_again_does_no_image_work_and_rewrites_nothing(arrived, monkeypatch):
    photo = arrived(with_image=True)
    made_at = {name: default_storage.get_modified_time(name) for name in rendition_files(photo)}
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("rendition made twice"))
    assert make_all(photo.pk) is None
    assert {name: default_storage.get_modified_time(name) for name in made_at} == made_at


def test_a_run_that_finds_them_made_by_another_writes_none_of_its_own(arrived, monkeypatch):
    photo = arrived(with_image=True)
    files = rendition_files(photo)
    Photo.objects.filter(pk=photo.pk).update(renditions={})  # as if the other run's record
    # The first check of each name says "not yet", as for a run that checked just before
    # the other run wrote: its writes collide with files already there.
    exists, checked = default_storage.exists, set()

    def checked_too_early(name):
        if name in checked:
            return exists(name)
        checked.add(name)
        return False

    monkeypatch.setattr(default_storage, "exists", checked_too_early)
    make_all(photo.pk)
    monkeypatch.undo()
    photo = Photo.objects.get(pk=photo.pk)
    assert rendition_files(photo) == files == recorded_names(photo)


def test_record_is_not_written_when_the_photo_got_another_file_meanwhile(arrived, monkeypatch):
    photo = arrived(with_image=True)
    other = arrived(with_image=True)
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    make = renditions_module._make

    def replaced_while_making(photo_pk, source):
        record = make(photo_pk, source)
        Photo.objects.filter(pk=photo_pk).update(image=other.image.name)
        return record

    monkeypatch.setattr(renditions_module, "_make", replaced_while_making)
    assert make_all(photo.pk) is None
    assert Photo.objects.get(pk=photo.pk).renditions == {}


def test_new_file_for_a_photo_gets_new_renditions(arrived, django_capture_on_commit_callbacks):
    photo = arrived(with_image=True)
    before = renditions(photo).jpg[0].url
    replacement = PhotoFactory(image=ContentFile(generated_jpeg(seed=99), name="new.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = replacement.image
        photo.save()
    assert renditions(Photo.objects.get(pk=photo.pk)).jpg[0].url != before


def test_article_page_uses_picture_with_webp_and_jpeg_sizes_and_lazy_loading(client, arrived):
    article = ArticleFactory(published=True, lead_photo=arrived(with_image=True))
    ArticlePhotoFactory(article=article, photo=arrived(with_image=True), position=1)
    page = client.get(article.get_absolute_url()).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", page, re.S)
    assert len(pictures) == 2
    lead, below = pictures
    assert '<source type="image/webp" srcset="' in lead and " 320w, " in lead
    assert re.search(r'<img src="[^"]+-960\.jpg" srcset="[^"]+ 320w', lead)
    assert 'width="960" height="640"' in lead
    assert 'loading="lazy"' not in lead  # above the fold
    assert 'loading="lazy"' in below


def test_pages_read_the_record_and_ask_the_storage_nothing(client, arrived, monkeypatch):
    photo = arrived(with_image=True)
    article = ArticleFactory(published=True, lead_photo=photo)
    for method in ("open", "exists", "save", "listdir", "size"):
        monkeypatch.setattr(
            default_storage, method, lambda *a, _m=method, **k: pytest.fail(f"{_m}()")
        )
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("image work in a page"))
    for url in (article.get_absolute_url(), "/", article.section.get_absolute_url()):
        page = client.get(url).content.decode()
        assert renditions(photo).jpg[0].url in page, url


def test_until_its_renditions_are_made_a_page_shows_the_original(client, monkeypatch):
    photo = PhotoFactory(with_image=True, caption="Снимок в пути")  # nothing made yet
    article = ArticleFactory(published=True, lead_photo=photo)
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("image work in a page"))
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="photo">.*?</figure>', page, re.S).group(0)
    assert "<picture" not in figure
    assert f'<img src="{photo.image.url}" width="1200" height="800"' in figure
    assert "Снимок в пути" in figure
    og_image = f'<meta property="og:image" content="http://testserver{photo.image.url}">'
    assert og_image in page
    assert rendition_files(photo) == set()
    home = client.get("/").content.decode()
    assert f'<picture class="thumb">\n  <img src="{photo.image.url}"' in home


def test_made_renditions_reach_a_page_cached_while_they_were_not(client):
    photo = PhotoFactory(with_image=True)
    article = ArticleFactory(published=True, lead_photo=photo)
    assert "<picture>" not in client.get(article.get_absolute_url()).content.decode()
    make_all(photo.pk)
    assert "<picture>" in client.get(article.get_absolute_url()).content.decode()


def test_photo_awaiting_its_file_shows_caption_and_credit_without_an_image(client):
    photo = PhotoFactory(caption="Подпись к снимку")
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="photo photo-awaiting">.*?</figure>', page, re.S).group(0)
    assert "Подпись к снимку" in figure and photo.credit.name in figure
    assert "<img" not in figure and "<picture" not in figure


def test_photo_whose_file_is_missing_is_shown_as_awaiting(client):
    photo = PhotoFactory(with_image=True, caption="Потерянный файл")
    default_storage.delete(photo.image.name)
    make_all(photo.pk)
    photo = Photo.objects.get(pk=photo.pk)
    assert photo.renditions == {"source": photo.image.name, "unreadable": True}
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Потерянный файл" in page and "<img" not in page


def test_deleting_a_photo_removes_its_file_and_renditions(
    arrived, django_capture_on_commit_callbacks
):
    photo = arrived(with_image=True)
    names = [photo.image.name, *rendition_files(photo)]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert [name for name in names if default_storage.exists(name)] == []


def test_a_file_another_photo_still_uses_is_kept_when_one_is_deleted(
    arrived, django_capture_on_commit_callbacks
):
    photo = arrived(with_image=True)
    twin = PhotoFactory(image=photo.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert default_storage.exists(twin.image.name)


def test_make_renditions_command_makes_those_missing(arrived):
    made = arrived(with_image=True)
    waiting = PhotoFactory(with_image=True)  # as a photo stored before this existed
    broken = PhotoFactory(with_image=True)
    default_storage.delete(broken.image.name)
    PhotoFactory()  # awaiting its file: nothing to make
    output = io.StringIO()
    call_command("make_renditions", stdout=output)
    assert "Renditions made for 1 photo(s)." in output.getvalue()
    assert f"cannot be read ({broken.pk})" in output.getvalue()
    assert renditions(Photo.objects.get(pk=waiting.pk)) is not None
    assert set(Photo.objects.renditions_missing()) == set()
    assert made.renditions == Photo.objects.get(pk=made.pk).renditions
    output = io.StringIO()
    call_command("make_renditions", stdout=output)
    assert "Renditions made for 0 photo(s)." in output.getvalue()


def test_make_renditions_command_fails_naming_the_photos_it_could_not_do(monkeypatch):
    photo = PhotoFactory(with_image=True)

    def unreachable(*args, **kwargs):
        raise ConnectionError("the storage does not answer")

    monkeypatch.setattr(renditions_module, "_make", unreachable)
    with pytest.raises(CommandError, match=rf"photo {photo.pk}: ConnectionError"):
        call_command("make_renditions", stdout=io.StringIO())


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="picture.png")


def rendition_images(photo):
    """The photo's rendition files, opened and loaded: {extension: [Image]}."""
    return {
        ext: [stored(name) for name, _w, _h in photo.renditions[ext]] for ext in ("webp", "jpg")
    }


def grey_16_bit(width=400, height=200):
    """A 16-bit grayscale PNG: the left half mid-grey, the right half dark."""
    image = Image.new("I;16", (width, height), 0x8000)
    image.paste(Image.new("I;16", (width // 2, height), 0x2000), (width // 2, 0))
    return image


def test_16_bit_grayscale_png_keeps_its_tones(arrived):
    photo = arrived(image=png(grey_16_bit()))
    assert stored(photo.image.name).mode == "I;16"  # what Pillow makes of a 16-bit grey PNG
    for extension, images in rendition_images(photo).items():
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
def test_transparent_png_is_on_white_in_jpeg_and_stays_transparent_in_webp(arrived, mode):
    photo = arrived(image=png(transparent_pngs()[mode]))
    images = rendition_images(photo)
    for image in images["jpg"]:
        assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
        centre = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        assert max(centre) < 230  # the disc is still there, not washed out
    for image in images["webp"]:
        assert image.mode == "RGBA"
        assert image.getpixel((2, 2))[3] == 0
        assert image.getpixel((image.width // 2, image.height // 2))[3] == 255


def test_a_large_jpeg_gets_renditions_of_its_proportions(arrived):
    photo = arrived(image=ContentFile(generated_jpeg(6000, 4000, seed=5), name="big.jpg"))
    largest = photo.renditions["jpg"][-1]
    assert largest[1:] == [1280, 853]
    assert stored(largest[0]).size == (1280, 853)


def test_a_reverted_photo_gets_the_renditions_of_the_file_it_has_again(
    client, django_capture_on_commit_callbacks
):
    client.force_login(photo_editor())
    add = {"caption": "Снимок", "alt_text": "Описание", "credit": CreditFactory().pk}
    with django_capture_on_commit_callbacks(execute=True):
        image = SimpleUploadedFile("first.jpg", generated_jpeg(seed=1), content_type="image/jpeg")
        assert (
            client.post(reverse("admin:media_photo_add"), {**add, "image": image}).status_code
            == 302
        )
    photo = Photo.objects.get()
    first_file = photo.image.name
    change_url = reverse("admin:media_photo_change", args=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        image = SimpleUploadedFile("second.jpg", generated_jpeg(seed=2), content_type="image/jpeg")
        assert client.post(change_url, {**add, "image": image}).status_code == 302
    assert Photo.objects.get().renditions["source"] != first_file
    first_version = Version.objects.get_for_object(photo).last()
    revision_url = reverse("admin:media_photo_revision", args=[photo.pk, first_version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(client.get(revision_url), "photo_form")
        assert client.post(revision_url, data).status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name == first_file
    assert photo.renditions["source"] == first_file and renditions(photo) is not None


def test_read_also_cards_show_the_renditions_of_their_photos(client, arrived):
    photo = arrived(with_image=True)
    ArticleFactory(published=True, tags=["саммит"], lead_photo=photo)
    article = ArticleFactory(published=True, tags=["саммит"])
    page = client.get(article.get_absolute_url()).content.decode()
    related = re.search(r'<section class="related".*?</section>', page, re.S).group(0)
    assert '<picture class="thumb">' in related
    assert renditions(photo).webp_srcset in related
