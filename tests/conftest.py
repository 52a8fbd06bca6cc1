import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _isolated_uploads(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests")
    client.force_login(user)
    return client
