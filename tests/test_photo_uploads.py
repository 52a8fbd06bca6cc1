"""The photo library accepts only real, complete, reasonably sized JPEG/PNG/WebP images."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from media.factories import CreditFactory, PhotoFactory, generated_jpeg
from media.models import Photo
from tests.admin_forms import form_data, photo_editor

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:media_photo_add")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def jpeg_with_exif(orientation=None, gps=True, size=(300, 200)):
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(client, name, content, content_type="image/jpeg", **fields):
    credit = CreditFactory()
    data = {
        "caption": "Снимок",
        "alt_text": "Описание",
        "credit": credit.pk,
        "image": SimpleUploadedFile(name, content, content_type=content_type),
        **fields,
    }
    return client.post(ADD_URL, data)


@pytest.fixture
def desk(client):
    client.force_login(photo_editor())
    return client


def bad_files():
    truncated = generated_jpeg(seed=1)
    huge = io.BytesIO()
    Image.new("1", (20000, 20000)).save(huge, "PNG")
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )
    return {
        "text renamed .jpg": ("notes.jpg", "Это не картинка, а текст.\n".encode()),
        "truncated jpeg": ("cut.jpg", truncated[: len(truncated) // 2]),
        "20000x20000 image": ("bomb.png", huge.getvalue()),
        "svg with script": ("vector.svg", svg),
        "zero bytes": ("empty.jpg", b""),
    }


@pytest.mark.parametrize("case", list(bad_files()))
def test_bad_upload_is_rejected_with_a_form_error_and_nothing_stored(desk, settings, case):
    name, content = bad_files()[case]
    response = upload(desk, name, content)
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_gif_is_refused_even_though_pillow_reads_it(desk):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    response = upload(desk, "anim.gif", buffer.getvalue(), "image/gif")
    assert "image" in response.context["adminform"].form.errors


def test_good_jpeg_is_stored_upright_and_without_location(desk, settings):
    # Orientation 6: the camera was turned; the stored pixels must be turned back.
    response = upload(desk, "field.jpg", jpeg_with_exif(orientation=6))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (200, 300)
    with photo.image.open("rb"), Image.open(photo.image) as stored:
        exif = stored.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert exif.get(0x0112) in (None, 1)
        assert stored.format == "JPEG"
    assert len(stored_files(settings)) == 1


def test_uploaded_photo_gets_its_renditions_once_the_upload_commits(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(desk, "field.jpg", generated_jpeg(seed=3)).status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions["source"] == photo.image.name
    assert [width for _name, width, _height in photo.renditions["jpg"]] == [320, 640, 960, 1200]


def test_png_and_webp_are_accepted(desk):
    for fmt, name in [("PNG", "a.png"), ("WEBP", "b.webp")]:
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (10, 120, 10)).save(buffer, fmt)
        assert upload(desk, name, buffer.getvalue(), f"image/{fmt.lower()}").status_code == 302
    assert sorted(Photo.objects.values_list("width", flat=True)) == [40, 40]


def test_png_upload_keeps_its_16_bit_tones_and_its_transparency(desk):
    grey = Image.new("I;16", (40, 30), 0x8000)
    clear = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    clear.paste((200, 30, 30, 255), (10, 10, 30, 20))
    for name, image in [("grey.png", grey), ("clear.png", clear)]:
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        assert upload(desk, name, buffer.getvalue(), "image/png").status_code == 302
    stored = {photo.image.name.split("/")[-1]: photo for photo in Photo.objects.all()}
    with stored["grey.png"].image.open("rb"), Image.open(stored["grey.png"].image) as kept:
        assert kept.mode == "I;16" and kept.getpixel((5, 5)) == 0x8000
    with stored["clear.png"].image.open("rb"), Image.open(stored["clear.png"].image) as kept:
        assert kept.mode == "RGBA"
        assert kept.getpixel((2, 2))[3] == 0 and kept.getpixel((20, 15)) == (200, 30, 30, 255)


def test_credit_is_required(desk):
    data = {
        "caption": "Без источника",
        "image": SimpleUploadedFile("x.jpg", generated_jpeg(seed=2), content_type="image/jpeg"),
    }
    response = desk.post(ADD_URL, data)
    assert "credit" in response.context["adminform"].form.errors


def test_photo_awaiting_its_file_gets_it_in_one_step_from_the_dashboard(desk, settings):
    photo = PhotoFactory(caption="Саммит в Минске", alt_text="")
    dashboard = desk.get(reverse("admin:index")).content.decode()
    supply_url = reverse("admin:media_photo_supply_image", args=[photo.pk])
    assert supply_url in dashboard
    page = desk.get(supply_url)
    data = form_data(page)
    data["alt_text"] = "Лидеры за столом"
    data["image"] = SimpleUploadedFile("minsk.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = desk.post(supply_url + "?next=/admin/", data)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    photo.refresh_from_db()
    assert photo.has_image and photo.alt_text == "Лидеры за столом"
    assert supply_url not in desk.get(reverse("admin:index")).content.decode()


def test_supplied_file_gets_its_renditions_once_it_commits(
    desk, django_capture_on_commit_callbacks
):
    photo = PhotoFactory()
    supply_url = reverse("admin:media_photo_supply_image", args=[photo.pk])
    data = {"image": SimpleUploadedFile("x.jpg", generated_jpeg(seed=4)), "alt_text": "Снимок"}
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(supply_url, data).status_code == 302
    photo = Photo.objects.get(pk=photo.pk)
    assert photo.has_image and photo.renditions["source"] == photo.image.name


def test_supply_form_rejects_a_bad_file_and_keeps_the_photo_waiting(desk, settings):
    photo = PhotoFactory()
    supply_url = reverse("admin:media_photo_supply_image", args=[photo.pk])
    data = {"image": SimpleUploadedFile("x.jpg", b"not an image"), "alt_text": "x"}
    response = desk.post(supply_url, data)
    assert response.status_code == 200 and response.context["form"].errors
    photo.refresh_from_db()
    assert not photo.has_image and stored_files(settings) == []
