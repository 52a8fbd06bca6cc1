"""The readers' site address ("https://news.example.org"), checked where it is given: in
the settings (NEWSROOM_SITE_ORIGIN) and by ``render_article_pages --origin``; and the
absolute addresses public pages give (canonical links, OpenGraph, JSON-LD), on it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import iri_to_uri


def site_origin(request):
    """What the absolute addresses of a page served for ``request`` start with: the
    readers' address when NEWSROOM_SITE_ORIGIN gives it (one for every host the site
    answers on, so search engines see one canonical page and a page stored for one host
    serves them all), else the request's own scheme and host."""
    return settings.NEWSROOM_SITE_ORIGIN or f"{request.scheme}://{request.get_host()}"


def absolute_url(request, location):
    """``location`` (a path, or an address elsewhere such as a photo's on S3) as an
    absolute address on ``site_origin(request)``."""
    origin = settings.NEWSROOM_SITE_ORIGIN
    if origin and location.startswith("/") and not location.startswith("//"):
        return iri_to_uri(origin + location)  # as build_absolute_uri writes it
    return request.build_absolute_uri(location)


def origin_problem(origin, allowed_hosts):
    """What is wrong with ``origin`` as the address readers use, or None."""
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        return f"must be like https://news.example.org, not {origin!r}"
    if parts.query or parts.fragment or parts.username or parts.password:
        return f"must be like https://news.example.org, not {origin!r}"
    domain, _port = split_domain_port(parts.netloc)
    if not domain or not validate_host(domain, allowed_hosts):
        return f"{parts.netloc} is not in ALLOWED_HOSTS"
    return None
