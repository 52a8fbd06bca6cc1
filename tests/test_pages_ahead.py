"""With the readers' address known (NEWSROOM_SITE_ORIGIN), article pages are rendered in
background jobs when they change, so no reader waits for a rendering, not even the first
(articles.pages_ahead). Jobs run in process here (no broker), after the commit."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pages_ahead, stored_pages
from articles.factories import ArticleFactory, MentionFactory
from articles.models import Article, StoredPage
from jobs import queue
from jobs.models import Job
from media.factories import PhotoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]

RENDER_PAGES = "articles.pages_ahead.render_pages"


@pytest.fixture(autouse=True)
def _readers_at_the_test_address(settings):
    settings.NEWSROOM_SITE_ORIGIN = "http://testserver"  # the test client's address


def stored_main(article):
    return StoredPage.objects.get(article=article).main


def read_by_a_reader(client, article):
    """The page as a reader gets it, and whether that request rendered or wrote anything."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    rendered = "articles_article_authors" in statements or "UPDATE" in statements
    return re.sub(r'nonce="[^"]*"', "", response.content.decode()), rendered


def test_a_published_article_is_rendered_before_its_first_reader(client, committed):
    with committed():
        article = ArticleFactory(published=True, headline="Мэрия открыла мост")
    assert "Мэрия открыла мост" in stored_main(article)
    shown, rendered = read_by_a_reader(client, article)
    assert not rendered
    assert "Мэрия открыла мост" in shown
    assert 'content="http://testserver/' in shown  # rendered for the readers' address


def test_a_published_articles_card_is_stored_before_the_first_list_shows_it(client, committed):
    with committed():
        article = ArticleFactory(published=True, headline="Мэрия открыла мост")
    card = json.loads(StoredPage.objects.get(article=article).card)
    assert "Мэрия открыла мост" in json.dumps(card, ensure_ascii=False)
    with CaptureQueriesContext(connection) as queries:
        home = client.get("/")
    assert "Мэрия открыла мост" in home.content.decode()
    # Its card is not written (the list's own pieces are: tests/test_stored_fragments.py).
    assert not [q for q in queries.captured_queries if 'UPDATE "articles_storedpage"' in q["sql"]]


def test_what_the_job_stored_is_what_a_reader_would_have_rendered(client, committed, settings):
    with committed():
        article = ArticleFactory(published=True, lead_photo=PhotoFactory(caption="Мост"))
    ahead, _ = read_by_a_reader(client, article)
    StoredPage.objects.all().delete()
    settings.NEWSROOM_SITE_ORIGIN = ""
    by_the_reader, rendered = read_by_a_reader(client, article)
    assert rendered and by_the_reader == ahead


def test_a_change_to_what_a_page_shows_renders_it_again_ahead_of_readers(client, committed):
    with committed():
        photo = PhotoFactory(caption="Мост через реку")
        first = ArticleFactory(published=True, lead_photo=photo)
        second = ArticleFactory(published=True, lead_photo=photo)
    with committed():
        photo.caption = "Новый мост через реку"
        photo.save()
    for article in (first, second):
        assert "Новый мост через реку" in stored_main(article)
        assert not read_by_a_reader(client, article)[1]


def test_a_renamed_person_is_renamed_on_the_pages_naming_them_ahead_of_readers(committed):
    with committed():
        article = ArticleFactory(published=True)
        person = MentionFactory(article=article, person__name="Иван Ершов").person
    with committed():
        person.name = "Иван Ершов-Донской"
        person.save()
    assert "Иван Ершов-Донской" in stored_main(article)


def test_one_job_renders_what_one_transaction_changed(committed):
    with committed():
        article = ArticleFactory(published=True, tags=["мосты", "реки"])
        MentionFactory.create_batch(3, article=article)
        article.headline = "Исправленный заголовок"
        article.save()
    assert Job.objects.filter(kind=RENDER_PAGES).count() == 1
    assert "Исправленный заголовок" in stored_main(article)


def test_drafts_are_not_rendered_ahead(committed):
    with committed():
        draft = ArticleFactory(headline="Черновик")
        draft.headline = "Черновик, правка"
        draft.save()
    assert not Job.objects.filter(kind=RENDER_PAGES).exists()
    assert not StoredPage.objects.filter(article=draft, fingerprint__gt="").exists()


def test_a_scheduled_article_is_ready_when_its_time_comes_and_hidden_before(
    client, committed, monkeypatch
):
    due = timezone.now() + timedelta(hours=2)
    with committed():
        scheduled = ArticleFactory(
            headline="Под эмбарго", status=Article.Status.PUBLISHED, published_at=due
        )
    assert "Под эмбарго" in stored_main(scheduled)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    shown, rendered = read_by_a_reader(client, scheduled)
    assert "Под эмбарго" in shown and not rendered


def test_without_the_readers_address_the_first_reader_renders(client, committed, settings):
    settings.NEWSROOM_SITE_ORIGIN = ""
    with committed():
        article = ArticleFactory(published=True)
    assert not Job.objects.exists() and not StoredPage.objects.exists()
    assert read_by_a_reader(client, article)[1]


def test_a_worker_starting_after_a_deploy_renders_the_pages_it_left_out_of_date(
    client, committed, monkeypatch
):
    with committed():
        article = ArticleFactory(published=True)
    monkeypatch.setattr(stored_pages, "code_fingerprint", lambda: "a new release")
    with committed():
        job = pages_ahead.render_out_of_date()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result == 1
    assert not read_by_a_reader(client, article)[1]


def test_workers_starting_together_queue_one_rendering(monkeypatch):
    monkeypatch.setattr(queue, "dispatch", lambda job_id: None)  # a broker nobody serves yet
    assert pages_ahead.render_out_of_date() is not None
    assert pages_ahead.render_out_of_date() is None
    assert Job.objects.filter(kind=RENDER_PAGES).count() == 1


def test_an_article_unpublished_before_its_job_runs_is_skipped(committed):
    with committed():
        article = ArticleFactory(published=True)
    StoredPage.objects.all().delete()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    assert pages_ahead.render_pages([article.pk]) == 0
    assert not StoredPage.objects.filter(fingerprint__gt="").exists()


def test_a_worker_queues_the_rendering_when_it_starts(monkeypatch, committed):
    from newsroom.celery import resend_unfinished_jobs

    sent = []
    monkeypatch.setattr(queue, "dispatch", sent.append)
    monkeypatch.setattr(queue, "send", sent.append)
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's own connection
    with committed():
        resend_unfinished_jobs()
    assert list(Job.objects.filter(kind=RENDER_PAGES).values_list("pk", flat=True)) == sent
