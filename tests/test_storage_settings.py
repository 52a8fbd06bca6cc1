"""Where uploads are stored, read from the environment: local files by default, an S3 bucket
when NEWSROOM_S3_BUCKET is set; bad combinations stop start-up with a message naming the fix."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from newsroom.storage import LOCAL, file_storage, image_origin
from tests.test_project import ROOT, production_check

BUCKET = {"NEWSROOM_S3_BUCKET": "newsroom-photos"}


def s3(**variables):
    return S3Storage(**file_storage({**BUCKET, **variables})["OPTIONS"])


def test_without_a_bucket_uploads_are_local_files():
    assert file_storage({}) == LOCAL
    assert image_origin(LOCAL, "/uploads/") == ""
    assert image_origin(LOCAL, "https://cdn.example.org/uploads/") == "https://cdn.example.org"


def test_a_bucket_on_another_server_is_reached_by_path_with_the_given_keys():
    storage = s3(
        NEWSROOM_S3_ENDPOINT_URL="http://127.0.0.1:8333",
        NEWSROOM_S3_ACCESS_KEY_ID="key",
        NEWSROOM_S3_SECRET_ACCESS_KEY="secret",
        NEWSROOM_S3_PREFIX="/site/",
    )
    assert (storage.access_key, storage.secret_key) == ("key", "secret")
    assert storage.addressing_style == "path" and storage.location == "site"
    assert not storage.file_overwrite  # two "IMG_0001.jpg" never overwrite each other
    assert (
        storage.url("photos/a b.jpg")
        == "http://127.0.0.1:8333/newsroom-photos/site/photos/a%20b.jpg"
    )


def test_a_public_address_serves_the_files_and_is_the_image_origin():
    options = {**BUCKET, "NEWSROOM_S3_PUBLIC_URL": "https://cdn.example.org/photos/"}
    assert s3(**options).url("renditions/1/ab-320.jpg") == (
        "https://cdn.example.org/photos/renditions/1/ab-320.jpg"
    )
    assert image_origin(file_storage(options), "/uploads/") == "https://cdn.example.org"


def test_signed_addresses_expire_as_configured():
    storage = s3(
        NEWSROOM_S3_ENDPOINT_URL="http://127.0.0.1:8333",
        NEWSROOM_S3_ACCESS_KEY_ID="key",
        NEWSROOM_S3_SECRET_ACCESS_KEY="secret",
        NEWSROOM_S3_SIGNED_URLS="1",
        NEWSROOM_S3_URL_EXPIRY_SECONDS="7200",
    )
    url = storage.url("photos/a.jpg")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=7200" in url


def test_aws_without_an_endpoint_allows_its_subdomains_as_image_origin():
    assert image_origin(file_storage(BUCKET), "/uploads/") == "https://*.amazonaws.com"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"NEWSROOM_S3_PUBLIC_URL": "https://cdn.example.org", "NEWSROOM_S3_SIGNED_URLS": "1"},
            "cannot be used with NEWSROOM_S3_PUBLIC_URL",
        ),
        ({"NEWSROOM_S3_PUBLIC_URL": "cdn.example.org"}, "must be an http(s) address"),
        ({"NEWSROOM_S3_URL_EXPIRY_SECONDS": "a day"}, "must be a number of seconds"),
    ],
)
def test_contradictory_or_malformed_s3_settings_are_refused(variables, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        file_storage({**BUCKET, **variables})


def test_start_up_refuses_signed_addresses_that_expire_before_cached_pages(tmp_path):
    result = production_check(
        tmp_path, **BUCKET, NEWSROOM_S3_SIGNED_URLS="1", NEWSROOM_S3_URL_EXPIRY_SECONDS="600"
    )
    assert result.returncode != 0
    assert "NEWSROOM_S3_URL_EXPIRY_SECONDS (600) must be at least twice" in result.stderr


def test_deploy_check_is_clean_with_photos_in_a_bucket(tmp_path):
    result = production_check(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        **BUCKET,
        NEWSROOM_S3_PUBLIC_URL="https://cdn.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_may_load_images_from_the_bucket(tmp_path):
    env = {
        **os.environ,
        **BUCKET,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "NEWSROOM_S3_ENDPOINT_URL": "https://s3.example.org:9000",
        "NEWSROOM_VAR_DIR": str(tmp_path),
    }
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://s3.example.org:9000']", (
        result.stderr
    )
