"""A page goes into the page cache from a process's second view of it (in one site
generation), not its first: a reader of an archive page nobody else reads pays nothing for
the cache, and such pages do not push the pages read often out of it
(NEWSROOM_PAGE_CACHE_MIN_VIEWS, articles.caching.FirstViews)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.caching import FirstViews, content_changed
from articles.factories import ArticleFactory
from tests import test_cache_mirror, test_caching
from tests.test_cache_mirror import RedisCommands, warm
from tests.test_project import production_check

pytestmark = pytest.mark.django_db

backend = test_caching.backend  # each test on local memory and on Redis
on_redis = test_cache_mirror.on_redis


@pytest.fixture(autouse=True)
def second_view(settings):
    settings.NEWSROOM_PAGE_CACHE_MIN_VIEWS = 2  # production's default


def rendered(client, url):
    """Whether the page at ``url`` was rendered for this request (not served stored)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries) > 0


def test_a_page_is_stored_at_its_second_view(client, backend):
    url = ArticleFactory(published=True).get_absolute_url()
    assert rendered(client, url)
    assert rendered(client, url)  # the first view stored nothing
    assert not rendered(client, url)  # the second did


def test_every_page_is_stored_at_its_first_view_when_so_set(client, backend, settings):
    settings.NEWSROOM_PAGE_CACHE_MIN_VIEWS = 1
    url = ArticleFactory(published=True).get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)


def test_views_before_a_change_do_not_count(client, backend):
    url = ArticleFactory(published=True).get_absolute_url()
    client.get(url)
    content_changed()  # a new site generation
    assert rendered(client, url)
    assert rendered(client, url)
    assert not rendered(client, url)


def test_a_page_stored_before_a_change_is_stored_again_at_its_first_view(client, backend):
    url = ArticleFactory(published=True).get_absolute_url()
    for _view in range(3):
        client.get(url)
    content_changed()
    assert rendered(client, url)
    assert not rendered(client, url)


def test_a_first_view_is_validated_by_its_etag(client, backend):
    url = ArticleFactory(published=True).get_absolute_url()
    first = client.get(url)
    assert first["ETag"].startswith('"')
    assert "public" in first["Cache-Control"]
    # Its articles' change times were not read: no Last-Modified rather than a wrong one.
    assert "Last-Modified" not in first
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url)["Last-Modified"].endswith("GMT")  # the stored view has one


def test_a_first_view_sends_redis_nothing(client, on_redis, monkeypatch):
    url = ArticleFactory(published=True).get_absolute_url()
    warm(client, "/")  # the mirror holds the site state
    commands = RedisCommands(monkeypatch)
    assert rendered(client, url)
    assert commands.sent == []
    assert rendered(client, url)
    assert "SET" in commands.sent  # the second view is stored
    assert not rendered(client, url)


def test_only_the_most_recent_pages_are_counted(monkeypatch, settings):
    monkeypatch.setattr(FirstViews, "LIMIT", 3)
    views = FirstViews()
    assert not views.admit("page:a", "g1")
    for other in ("page:b", "page:c", "page:d"):
        views.admit(other, "g1")
    assert not views.admit("page:a", "g1")  # forgotten: counted anew
    assert views.admit("page:d", "g1")


def test_start_up_refuses_a_page_cache_that_stores_nothing(tmp_path):
    result = production_check(tmp_path, NEWSROOM_PAGE_CACHE_MIN_VIEWS="0")
    assert result.returncode != 0
    assert "NEWSROOM_PAGE_CACHE_MIN_VIEWS must be 1 or more" in result.stderr
