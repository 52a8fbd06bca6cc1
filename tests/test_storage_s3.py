"""Photos in S3-compatible object storage, against a real S3 server (SeaweedFS): uploads,
validation, re-encoding, renditions, deletion and the public page's <picture>, with public
and with signed addresses. Nothing is written to the local disk."""

import io
import re
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from html import unescape

import pytest
from botocore.client import BaseClient
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from articles.factories import ArticleFactory, ArticlePhotoFactory
from media.factories import CreditFactory, PhotoFactory, generated_jpeg
from media.models import Photo, RetainedFile
from media.renditions import renditions
from newsroom.storage import file_storage
from tests.admin_forms import form_data, photo_editor
from tests.s3server import PRIVATE_BUCKET, PUBLIC_BUCKET
from tests.test_photo_uploads import bad_files, jpeg_with_exif
from tests.tools import picture_urls

pytestmark = pytest.mark.django_db


class Bucket:
    """The test's own folder in a bucket of the S3 server, and what it holds."""

    def __init__(self, server, name):
        self.server, self.name = server, name
        self.prefix = f"test-{uuid.uuid4().hex[:12]}"
        self.client = server.client()

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=f"{self.prefix}/")
        return sorted(
            item["Key"].removeprefix(f"{self.prefix}/") for item in listing.get("Contents", [])
        )

    def read(self, name):
        return self.client.get_object(Bucket=self.name, Key=f"{self.prefix}/{name}")["Body"].read()


def use_bucket(settings, server, bucket_name, **variables):
    bucket = Bucket(server, bucket_name)
    environment = server.environment(bucket_name, NEWSROOM_S3_PREFIX=bucket.prefix, **variables)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(environment)}
    return bucket


@pytest.fixture
def bucket(settings, s3_server):
    """Photos go to the public bucket, which readers fetch from directly."""
    return use_bucket(
        settings, s3_server, PUBLIC_BUCKET, NEWSROOM_S3_PUBLIC_URL=s3_server.public_url()
    )


@pytest.fixture
def private_bucket(settings, s3_server):
    """Photos go to a bucket readers can fetch from only through signed addresses."""
    return use_bucket(settings, s3_server, PRIVATE_BUCKET, NEWSROOM_S3_SIGNED_URLS="1")


@pytest.fixture
def desk(client):
    client.force_login(photo_editor())
    return client


@pytest.fixture
def local_files(settings):
    def listing():
        root = settings.MEDIA_ROOT
        return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []

    return listing


def upload(desk, name, content, content_type="image/jpeg"):
    data = {
        "caption": "Снимок",
        "alt_text": "Описание",
        "credit": CreditFactory().pk,
        "image": SimpleUploadedFile(name, content, content_type=content_type),
    }
    return desk.post(reverse("admin:media_photo_add"), data)


def fetch(url):
    """(status, content type, body) of a GET as a reader's browser makes it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], b""


def test_upload_through_the_admin_goes_to_the_bucket_cleaned_with_its_renditions(
    desk, bucket, local_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(desk, "field.jpg", jpeg_with_exif(orientation=6))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (200, 300)
    stored = Image.open(io.BytesIO(bucket.read(photo.image.name)))
    exif = stored.getexif()
    assert 0x8825 not in exif and exif.get(0x0112) in (None, 1)  # no location, upright
    assert stored.size == (200, 300)
    made = [name for ext in ("webp", "jpg") for name, _w, _h in photo.renditions[ext]]
    assert len(made) == 2  # 200 px wide: one width, WebP and JPEG
    assert bucket.keys() == sorted([photo.image.name, *made])
    assert local_files() == []


@pytest.mark.parametrize("case", ["text renamed .jpg", "truncated jpeg", "zero bytes"])
def test_bad_upload_is_refused_and_nothing_reaches_the_bucket(desk, bucket, local_files, case):
    name, content = bad_files()[case]
    response = upload(desk, name, content)
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()
    assert bucket.keys() == [] and local_files() == []


def test_two_uploads_of_the_same_name_keep_both_files(desk, bucket):
    for seed in (1, 2):
        assert upload(desk, "IMG_0001.jpg", generated_jpeg(seed=seed)).status_code == 302
    first, second = Photo.objects.order_by("pk")
    assert first.image.name != second.image.name
    assert bucket.read(first.image.name) != bucket.read(second.image.name)


def test_supplied_file_goes_to_the_bucket_and_gets_its_renditions(
    desk, bucket, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(alt_text="")
    supply_url = reverse("admin:media_photo_supply_image", args=[photo.pk])
    data = {"image": SimpleUploadedFile("x.jpg", generated_jpeg(seed=4)), "alt_text": "Снимок"}
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(supply_url, data).status_code == 302
    photo = Photo.objects.get(pk=photo.pk)
    assert photo.renditions["source"] == photo.image.name
    assert photo.image.name in bucket.keys()
    assert len(bucket.keys()) == 1 + 2 * 4


def test_public_page_picture_points_at_the_bucket_and_each_address_serves_the_image(
    client, bucket, s3_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lead = PhotoFactory(with_image=True)
        below = PhotoFactory(with_image=True)
    article = ArticleFactory(published=True, lead_photo=lead)
    ArticlePhotoFactory(article=article, photo=below, position=1)
    page = client.get(article.get_absolute_url()).content.decode()
    urls = picture_urls(page)
    assert len(set(urls)) == 2 * 2 * 4  # two photos, WebP and JPEG, four widths
    base = f"{s3_server.public_url()}/{bucket.prefix}/renditions/"
    assert all(url.startswith(base) for url in urls), urls
    for url in sorted(set(urls)):
        status, content_type, body = fetch(url)
        assert status == 200, url
        assert content_type == ("image/webp" if url.endswith(".webp") else "image/jpeg")
        width = int(re.search(r"-(\d+)\.\w+$", url).group(1))
        assert Image.open(io.BytesIO(body)).width == width


def test_a_page_whose_renditions_are_not_made_shows_the_original_from_the_bucket(client, bucket):
    photo = PhotoFactory(with_image=True)  # its renditions would come after the commit
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    original = re.search(r'<figure class="photo">\s*<img src="([^"]+)"', page).group(1)
    assert original == default_storage.url(photo.image.name)
    status, content_type, body = fetch(unescape(original))
    assert (status, content_type) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(body)).size == (1200, 800)


def test_pages_make_no_call_to_the_s3_server(
    client, bucket, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(with_image=True)
    article = ArticleFactory(published=True, lead_photo=photo)
    monkeypatch.setattr(
        BaseClient, "_make_api_call", lambda *a, **k: pytest.fail("a page called the S3 server")
    )
    for url in (article.get_absolute_url(), "/", article.section.get_absolute_url()):
        assert client.get(url).status_code == 200


def test_signed_addresses_when_configured_and_unsigned_ones_refused(
    client, private_bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(with_image=True)
    article = ArticleFactory(published=True, lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    urls = sorted(set(picture_urls(page)))
    assert len(urls) == 2 * 4
    for url in urls:
        assert "X-Amz-Signature=" in url and "X-Amz-Expires=86400" in url
        assert fetch(url)[0] == 200
        assert fetch(url.split("?")[0])[0] == 403  # the bucket is not public


def test_deleting_a_photo_in_the_admin_removes_its_objects(
    desk, bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(with_image=True)
        kept = PhotoFactory(with_image=True)
    assert len(bucket.keys()) == 2 * (1 + 2 * 4)
    delete_url = reverse("admin:media_photo_delete", args=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()
    remaining = bucket.keys()
    assert len(remaining) == 1 + 2 * 4
    assert kept.image.name in remaining and photo.image.name not in remaining


def test_a_deleted_photo_is_recovered_from_the_bucket_until_the_cleanup_removes_its_file(
    desk, bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(desk, "summit.jpg", generated_jpeg(seed=5)).status_code == 302
    photo = Photo.objects.get()
    delete_url = reverse("admin:media_photo_delete", args=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(delete_url, {"post": "yes"}).status_code == 302
    assert bucket.keys() == [photo.image.name]  # the original stays; renditions go

    version = Version.objects.get_deleted(Photo).get(object_id=str(photo.pk))
    recover_url = reverse("admin:media_photo_recover", args=[version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            desk.post(recover_url, form_data(desk.get(recover_url), "photo_form")).status_code
            == 302
        )
    recovered = Photo.objects.get(pk=photo.pk)
    assert renditions(recovered) is not None
    assert len(bucket.keys()) == 1 + 2 * 4

    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(delete_url, {"post": "yes"}).status_code == 302
    RetainedFile.objects.update(deleted_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_deleted_photo_files", stdout=io.StringIO())
    assert bucket.keys() == []


def test_make_renditions_command_works_on_the_bucket(bucket):
    photos = [PhotoFactory(with_image=True) for _ in range(2)]  # as if stored before
    output = io.StringIO()
    call_command("make_renditions", stdout=output)
    assert "Renditions made for 2 photo(s)." in output.getvalue()
    for photo in photos:
        assert renditions(Photo.objects.get(pk=photo.pk)) is not None
    assert len(bucket.keys()) == 2 * (1 + 2 * 4)
