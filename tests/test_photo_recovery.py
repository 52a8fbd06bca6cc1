"""A photo deleted in the admin can be recovered from its history with its file: the
original stays while a version of the photo exists, and only the maintenance command
removes files of photos deleted longer ago than the retention period."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from media.factories import PhotoFactory, generated_jpeg
from media.models import Photo, RetainedFile
from media.renditions import renditions
from media.retention import remove_expired
from tests.admin_forms import form_data, photo_editor
from tests.test_photo_uploads import upload
from tests.test_renditions import recorded_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(photo_editor())
    return client


@pytest.fixture
def uploaded(desk, django_capture_on_commit_callbacks):
    """A photo uploaded through the admin (so it has a version), its renditions made."""
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(desk, "summit.jpg", generated_jpeg(seed=7)).status_code == 302
    return Photo.objects.get()


def delete_in_admin(desk, photo, callbacks):
    with callbacks(execute=True):
        response = desk.post(reverse("admin:media_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()


def recover_in_admin(desk, pk, callbacks):
    version = Version.objects.get_deleted(Photo).get(object_id=str(pk))
    url = reverse("admin:media_photo_recover", args=[version.pk])
    with callbacks(execute=True):
        assert desk.post(url, form_data(desk.get(url), "photo_form")).status_code == 302
    return Photo.objects.get(pk=pk)


def test_recovered_photo_has_its_original_and_working_renditions(
    desk, uploaded, django_capture_on_commit_callbacks
):
    original = uploaded.image.name
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    photo = recover_in_admin(desk, uploaded.pk, django_capture_on_commit_callbacks)

    assert photo.image.name == original
    assert default_storage.exists(original)
    assert renditions(photo) is not None, photo.renditions
    assert all(default_storage.exists(name) for name in recorded_names(photo))


def test_deleting_a_photo_with_history_keeps_its_original_but_not_its_renditions(
    desk, uploaded, django_capture_on_commit_callbacks
):
    original, made = uploaded.image.name, recorded_names(uploaded)
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    assert default_storage.exists(original)
    assert [name for name in made if default_storage.exists(name)] == []


def test_photo_without_history_loses_its_file_at_once(django_capture_on_commit_callbacks):
    photo = PhotoFactory(with_image=True)  # made by a script: no version to recover it from
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not default_storage.exists(photo.image.name)
    assert not RetainedFile.objects.exists()


@pytest.fixture
def run_cleanup(django_capture_on_commit_callbacks):
    """Runs the command; its files are deleted once it commits, as outside a test."""

    def run():
        output = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remove_deleted_photo_files", stdout=output)
        return output.getvalue()

    return run


def test_cleanup_removes_only_files_deleted_longer_ago_than_the_retention_period(
    run_cleanup, desk, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PHOTO_RECOVERY_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        upload(desk, "old.jpg", generated_jpeg(seed=1))
        upload(desk, "recent.jpg", generated_jpeg(seed=2))
    old, recent = (
        Photo.objects.get(image__endswith="old.jpg"),
        Photo.objects.get(image__endswith="recent.jpg"),
    )
    delete_in_admin(desk, old, django_capture_on_commit_callbacks)
    delete_in_admin(desk, recent, django_capture_on_commit_callbacks)
    RetainedFile.objects.filter(photo_id=old.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )

    assert "Removed 1 file(s) of photos deleted more than 30 day(s) ago." in run_cleanup()
    assert not default_storage.exists(old.image.name)
    assert default_storage.exists(recent.image.name)
    assert list(RetainedFile.objects.values_list("photo_id", flat=True)) == [recent.pk]


def test_cleanup_leaves_the_file_of_a_recovered_photo(
    run_cleanup, desk, uploaded, django_capture_on_commit_callbacks
):
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    photo = recover_in_admin(desk, uploaded.pk, django_capture_on_commit_callbacks)
    RetainedFile.objects.update(deleted_at=timezone.now() - timedelta(days=365))
    assert "Removed 0 file(s)" in run_cleanup()
    assert default_storage.exists(photo.image.name)
    assert not RetainedFile.objects.exists()


def test_a_photo_deleted_again_after_recovery_gets_a_new_retention_period(
    desk, uploaded, django_capture_on_commit_callbacks
):
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    RetainedFile.objects.update(deleted_at=timezone.now() - timedelta(days=29))
    photo = recover_in_admin(desk, uploaded.pk, django_capture_on_commit_callbacks)
    delete_in_admin(desk, photo, django_capture_on_commit_callbacks)
    # Two days on, the first deletion is 31 days old, the second two.
    assert remove_expired(now=timezone.now() + timedelta(days=2)) == []
    assert default_storage.exists(photo.image.name)


def test_recovering_after_the_file_was_removed_asks_for_the_file_again(
    run_cleanup, desk, uploaded, django_capture_on_commit_callbacks
):
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    RetainedFile.objects.update(deleted_at=timezone.now() - timedelta(days=365))
    run_cleanup()
    version = Version.objects.get_deleted(Photo).get(object_id=str(uploaded.pk))
    url = reverse("admin:media_photo_recover", args=[version.pk])
    response = desk.post(url, form_data(desk.get(url), "photo_form"))
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert "Файл этого снимка больше не хранится" in response.content.decode()
    assert not Photo.objects.filter(pk=uploaded.pk).exists()


def test_staff_may_remove_a_kept_file_before_its_time(
    client, uploaded, desk, django_capture_on_commit_callbacks
):
    delete_in_admin(desk, uploaded, django_capture_on_commit_callbacks)
    kept = RetainedFile.objects.get(photo_id=uploaded.pk)
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.com", "pw"))
    url = reverse("admin:media_retainedfile_delete", args=[kept.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not default_storage.exists(uploaded.image.name)
    assert not RetainedFile.objects.exists()
