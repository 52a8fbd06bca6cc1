"""The readers' site address ("https://news.example.org"), checked where it is given: in
the settings (NEWSROOM_SITE_ORIGIN) and by ``render_article_pages --origin``."""

from urllib.parse import urlsplit

from django.http.request import split_domain_port, validate_host


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
