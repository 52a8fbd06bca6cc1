"""Hostile input on the readers' site: a 404 or a clear page, never a 500.

Every public URL pattern is taken from the resolver, so a pattern added later is
covered without touching this module; each captured segment gets hostile values
(NUL, overlong numbers, bad percent-encoding, 10 kB values, unknown slugs), and
so do the common query parameters (``page``, ``q``, and the sitemaps' ``p``).
"""

import itertools
import re

import pytest
from django.core import signing
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory
from articles.preview import SHARE_SALT, make_share_token
from people.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TEN_KB = "x" * 10240

# Already percent-encoded, as they would arrive on the wire.
HOSTILE_SEGMENTS = [
    "%00",
    "a%00b",
    "99999999999999999999",
    "9" * 40,
    "-1",
    "%FF%FE",  # not UTF-8
    "%E2%82",  # a truncated UTF-8 sequence
    "%zz",  # not percent-encoding at all
    "%C0%AF",  # an overlong encoding of "/"
    "..%2F..%2Fetc%2Fpasswd",
    "%20",
    "no-such-slug",
    "%D0%BD%D0%B5%D1%82",  # «нет», an unknown Cyrillic slug
    TEN_KB,
]
# Numbers at and past the edges of dates and integer columns; every combination of
# these is tried where a pattern has several segments (/archive/9999/12/31/).
EDGE_NUMBERS = ["0", "1", "12", "31", "9999", "99999999999999999999"]

HOSTILE_QUERIES = [
    "page=%00",
    "page=99999999999999999999999",
    "page=-1",
    "page=0",
    f"page={TEN_KB}",
    "page=%FF",
    "q=%00",
    "q=a%00b",
    f"q={TEN_KB}",
    "q=%FF%FE",
    "q=%zz",
    "q=%27%20OR%201%3D1%20--",
    "q=%26%26%21%3A*%28",
    "q=%D0%BC%D0%B8%D1%80%00&page=%00",
    "p=%00",  # the sitemaps' page
    "p=99999999999999999999",
]

_ROUTE_SEGMENT = re.compile(r"<[^>]+>")
_REGEX_SEGMENT = re.compile(r"\(\?P<\w+>[^)]*\)")


def public_routes(resolver=None, prefix=""):
    """Every URL pattern outside the admin, as a route with ``{}`` for each captured segment."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + _as_template(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from public_routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _as_template(pattern):
    if isinstance(pattern, RoutePattern):
        return _ROUTE_SEGMENT.sub("{}", str(pattern).replace("{", "{{").replace("}", "}}"))
    assert isinstance(pattern, RegexPattern), f"a URL pattern this test cannot read: {pattern}"
    template = _REGEX_SEGMENT.sub("{}", str(pattern).lstrip("^").rstrip("$"))
    template = template.replace("\\Z", "").replace("\\", "")
    assert "(" not in template, f"a regex this test cannot fill in: {pattern}"
    return template


def segment_values(count):
    """Hostile values for a route with ``count`` segments, as tuples."""
    if count == 0:
        return [()]
    if count == 1:
        return [(value,) for value in [*HOSTILE_SEGMENTS, *EDGE_NUMBERS]]
    values = list(itertools.product(EDGE_NUMBERS, repeat=count))
    for position, value in itertools.product(range(count), HOSTILE_SEGMENTS):
        values.append(tuple(value if i == position else "1" for i in range(count)))
    return values


@pytest.fixture
def site(db):
    """Something behind every kind of page, so lists with pages are reached."""
    article = ArticleFactory(published=True, tags=["выборы"])
    MentionFactory(article=article)
    MentionFactory(article=article, person=None, organization=OrganizationFactory())
    return article


def real_values(article):
    """Existing slugs and dates, to reach the pages that read ``page`` and ``q``."""
    mentions = list(article.mentions.all())
    day = timezone.localtime(article.published_at)
    return [
        article.slug,
        article.section.slug,
        article.tags.get().slug,
        *[m.person.slug for m in mentions if m.person],
        *[m.organization.slug for m in mentions if m.organization],
        "articles",
        make_share_token(article),
        str(day.year),
        str(day.month),
        str(day.day),
    ]


def resolves(url):
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def errors(client, urls):
    client.raise_request_exception = False
    failed = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            failed.append((response.status_code, url[:120]))
    return failed


def test_the_hostile_input_test_knows_every_public_page():
    routes = list(public_routes())
    assert "tags/{}/" in routes
    assert "archive/{}/{}/{}/" in routes
    assert "persons/{}/" in routes
    assert "" in routes
    assert not any(route.startswith("admin/") for route in routes)


def test_no_public_url_answers_500_to_hostile_segments(client, site):
    urls = []
    for route in public_routes():
        for values in segment_values(route.count("{}")):
            urls.append("/" + route.format(*values))
    assert len(urls) > 300
    failed = errors(client, urls)
    assert failed == [], "\n".join(map(str, failed))


def test_no_public_url_answers_500_to_hostile_page_and_query(client, site):
    known = real_values(site)
    urls = []
    for route in public_routes():
        count = route.count("{}")
        # The first existing page the route leads to (a list, so ``page`` is read).
        candidates = ["/" + route.format(*v) for v in itertools.product(known, repeat=count)]
        candidates = [url for url in candidates if resolves(url)] or candidates
        path = next((url for url in candidates if client.get(url).status_code == 200), None)
        path = path or candidates[0]
        urls += [f"{path}?{query}" for query in HOSTILE_QUERIES]
    assert len(urls) >= len(HOSTILE_QUERIES) * 20
    failed = errors(client, urls)
    assert failed == [], "\n".join(map(str, failed))


def test_archive_at_the_edge_of_the_calendar_is_not_found(client):
    for url in ["/archive/9999/", "/archive/9999/12/", "/archive/9999/12/31/", "/archive/0001/"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/archive/99999999999999999999/").status_code == 404
    assert client.get("/archive/2024/13/").status_code == 404


def test_archive_of_an_existing_day_still_works(client, site):
    day = timezone.localtime(site.published_at)
    url = reverse(
        "articles:archive-day", kwargs={"year": day.year, "month": day.month, "day": day.day}
    )
    assert site.headline in client.get(url).content.decode()


def test_tag_page_with_nul_is_not_found(client, site):
    for url in ["/tags/%00/", "/tags/%00/rss/", "/tags/%00/atom/"]:
        assert client.get(url).status_code == 404, url


def test_share_link_naming_a_huge_id_is_not_found(client):
    for pk in [10**20, -(10**20), "9" * 400, float("inf"), 1e300]:
        token = signing.dumps({"article": pk}, salt=SHARE_SALT, compress=True)
        assert client.get(f"/preview/{token}/").status_code == 404, pk
