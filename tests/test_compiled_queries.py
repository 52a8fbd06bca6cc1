"""The article page's query is compiled to SQL once per process and run with each
request's time and slug (articles.compiled_queries): it must give readers exactly what
the queryset gives, on SQLite and PostgreSQL alike."""

import datetime
import threading
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from articles.compiled_queries import CompiledQuery
from articles.factories import ArticleFactory
from articles.models import Article
from articles.views import PAGE_ARTICLE, page_article

pytestmark = pytest.mark.django_db

PUBLISHED_AT = Article._meta.get_field("published_at")
SLUG = Article._meta.get_field("slug")


def test_gives_the_article_and_what_the_page_reads_with_it_in_one_query(
    client, django_assert_num_queries
):
    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())  # its parts rendered and stored
    now = timezone.now()
    expected = list(page_article(now, article.slug))[0]
    with django_assert_num_queries(1):
        [found] = PAGE_ARTICLE(at=now, slug=article.slug)
        stored = found.stored_page  # read with it, not after
    assert (found.pk, found.headline, found.published_at) == (
        expected.pk,
        expected.headline,
        expected.published_at,
    )
    assert stored.main and stored.main == expected.stored_page.main
    assert found.list_generation == expected.list_generation


def test_a_scheduled_article_goes_live_when_its_time_comes_not_when_compiled(client):
    soon = timezone.now() + datetime.timedelta(hours=1)
    article = ArticleFactory(published=True, published_at=soon)
    other = ArticleFactory(published=True)
    assert client.get(other.get_absolute_url()).status_code == 200  # compiled by now
    assert client.get(article.get_absolute_url()).status_code == 404
    later = soon + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert PAGE_ARTICLE(at=soon - datetime.timedelta(seconds=1), slug=article.slug) == []


def test_each_address_finds_its_own_article_and_a_draft_none(client):
    first, second = ArticleFactory.create_batch(2, published=True)
    draft = ArticleFactory()
    assert first.headline in client.get(first.get_absolute_url()).content.decode()
    assert second.headline in client.get(second.get_absolute_url()).content.decode()
    assert client.get(f"/news/{draft.slug}/").status_code == 404


def test_the_slug_is_a_parameter_never_sql():
    ArticleFactory(published=True)
    assert PAGE_ARTICLE(at=timezone.now(), slug="x' OR '1'='1") == []


def test_the_query_is_compiled_once_not_per_request():
    articles = ArticleFactory.create_batch(2, published=True)
    PAGE_ARTICLE(at=timezone.now(), slug=articles[0].slug)
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, wraps=SQLCompiler.as_sql
    ) as as_sql:
        [found] = PAGE_ARTICLE(at=timezone.now(), slug=articles[1].slug)
    assert found.pk == articles[1].pk
    assert as_sql.call_count == 0


def test_another_thread_runs_it_on_its_own_connection():
    PAGE_ARTICLE(at=timezone.now(), slug="compiled-here")  # compiled on this thread
    outcome = []

    def read():
        try:
            outcome.append(PAGE_ARTICLE(at=timezone.now(), slug="elsewhere"))
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert outcome == [[]]


def test_a_stand_in_that_is_not_one_parameter_is_refused():
    # "published" is also the status the query asks for: its place would be a guess.
    clashing = CompiledQuery(
        Article,
        lambda status: Article.objects.published().filter(slug=status),
        status=(SLUG, Article.Status.PUBLISHED.value),
    )
    with pytest.raises(ImproperlyConfigured, match="status: its stand-in is 2"):
        clashing(status="anything")
    with pytest.raises(TypeError, match="expected the values"):
        PAGE_ARTICLE(slug="only-one")


def test_sqlite_and_postgresql_are_given_the_time_as_each_takes_it():
    article = ArticleFactory(published=True)
    compiled = CompiledQuery(
        Article,
        lambda at: Article.objects.published(at=at).filter(pk=article.pk),
        at=(PUBLISHED_AT, datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)),
    )
    just_before = article.published_at - datetime.timedelta(microseconds=1)
    assert compiled(at=just_before) == []
    assert compiled(at=article.published_at) == [article]
    assert connection.vendor in ("sqlite", "postgresql")
