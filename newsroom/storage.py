"""Where uploaded files live, read from the environment: local files, or an S3 bucket.

``file_storage(environ)`` is the ``STORAGES["default"]`` entry the settings use: Django's
``FileSystemStorage`` under ``MEDIA_ROOT``, or, when ``NEWSROOM_S3_BUCKET`` is set,
django-storages' ``S3Storage`` on any S3-compatible server (AWS, SeaweedFS, MinIO…). The
tests build their S3 configuration with it too, so what they run is what production reads.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"


def _flag(environ, name):
    return environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def file_storage(environ):
    """The storage entry for ``environ``'s NEWSROOM_S3_* variables (README, "Settings")."""
    bucket = environ.get("NEWSROOM_S3_BUCKET", "").strip()
    if not bucket:
        return LOCAL
    endpoint = environ.get("NEWSROOM_S3_ENDPOINT_URL", "").strip()
    public_url = environ.get("NEWSROOM_S3_PUBLIC_URL", "").strip().rstrip("/")
    signed = _flag(environ, "NEWSROOM_S3_SIGNED_URLS")
    expiry = environ.get("NEWSROOM_S3_URL_EXPIRY_SECONDS", "").strip() or "86400"
    if not expiry.isdigit() or int(expiry) < 1:
        raise ImproperlyConfigured(
            f"NEWSROOM_S3_URL_EXPIRY_SECONDS must be a number of seconds, not {expiry!r}."
        )
    public = urlsplit(public_url)
    if public_url and not (public.scheme in {"http", "https"} and public.netloc):
        raise ImproperlyConfigured(
            f"NEWSROOM_S3_PUBLIC_URL must be an http(s) address, not {public_url!r}."
        )
    if public_url and signed:
        raise ImproperlyConfigured(
            "NEWSROOM_S3_SIGNED_URLS signs addresses on the S3 endpoint; it cannot be used "
            "with NEWSROOM_S3_PUBLIC_URL (a public address needs no signature). Unset one."
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": environ.get("NEWSROOM_S3_REGION", "").strip() or None,
        # Empty: boto3 finds credentials itself (an instance role, ~/.aws, AWS_* variables).
        "access_key": environ.get("NEWSROOM_S3_ACCESS_KEY_ID", "").strip() or None,
        "secret_key": environ.get("NEWSROOM_S3_SECRET_ACCESS_KEY", "").strip() or None,
        # A folder inside the bucket, for a bucket shared with other sites.
        "location": environ.get("NEWSROOM_S3_PREFIX", "").strip().strip("/"),
        "signature_version": "s3v4",
        # Path-style addresses (endpoint/bucket/key) need no DNS name per bucket, which
        # servers other than AWS's usually lack.
        "addressing_style": environ.get("NEWSROOM_S3_ADDRESSING_STYLE", "").strip()
        or ("path" if endpoint else "auto"),
        # Two photos uploaded as "IMG_0001.jpg" the same month must not overwrite each
        # other (django-storages overwrites by default).
        "file_overwrite": False,
        "querystring_auth": signed,
        "querystring_expire": int(expiry),
        # A stored name is never reused for other content (see file_overwrite; renditions
        # are named after their source), so browsers and CDNs may keep files for good.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if public_url:
        options["custom_domain"] = public.netloc + public.path
        options["url_protocol"] = f"{public.scheme}:"
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def image_origin(storage, media_url):
    """The origin pages load uploaded images from, for the Content-Security-Policy; "" when
    they come from the site itself."""
    if storage["BACKEND"] == S3_BACKEND:
        options = storage["OPTIONS"]
        if options.get("custom_domain"):
            address = f"{options['url_protocol']}//{options['custom_domain']}"
        else:
            # AWS's addresses are its subdomains (bucket.s3.region.amazonaws.com…).
            address = options["endpoint_url"] or "https://*.amazonaws.com"
    else:
        address = media_url
    parts = urlsplit(address)  # "//cdn.example.org/…" (no scheme) gives "cdn.example.org"
    return f"{parts.scheme}://{parts.netloc}".lstrip(":/") if parts.netloc else ""
