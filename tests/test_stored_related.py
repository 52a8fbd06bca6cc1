"""The article page's related articles are found and rendered once, kept with its stored
parts, and never served out of date (articles.stored_related).

Each test views an article (which stores its related articles), changes another article,
or the clock, and expects the change on the next view. Page cache and fragments are off:
what is tested is the stored list, not a cache.
"""

import datetime
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from articles import stored_related
from articles.factories import ArticleFactory, MentionFactory
from articles.models import Article, StoredPage
from media.factories import PhotoFactory
from people.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


def related_block(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<section class="related".*?</section>', html, re.S)
    # Headlines keep short words with the next one (a no-break space): read as spaces.
    return found.group(0).replace("\xa0", " ") if found else ""


@pytest.fixture
def article(committed):
    with committed():
        return ArticleFactory(published=True, headline="Мэрия открыла мост", tags=["мосты"])


@pytest.fixture
def neighbour(committed, article):
    with committed():
        return ArticleFactory(published=True, headline="Мост покрасят летом", tags=["мосты"])


def test_later_views_read_the_stored_related_articles_with_the_article(
    client, article, neighbour, django_assert_max_num_queries
):
    first = related_block(client, article)
    assert "Мост покрасят летом" in first
    assert StoredPage.objects.get(article=article).related_shown == [
        [neighbour.pk, neighbour.version]
    ]
    # The article with its stored parts and related articles, the sections menu.
    with django_assert_max_num_queries(2):
        assert related_block(client, article) == first


def test_a_newly_published_article_sharing_a_tag_is_shown(client, article, committed):
    assert related_block(client, article) == ""
    with committed():
        ArticleFactory(published=True, headline="Второй мост построят к осени", tags=["мосты"])
    assert "Второй мост построят к осени" in related_block(client, article)


def test_a_related_articles_new_headline_is_shown(client, article, neighbour, committed):
    related_block(client, article)
    with committed():
        neighbour.headline = "Мост покрасят осенью"
        neighbour.save()
    block = related_block(client, article)
    assert "Мост покрасят осенью" in block and "летом" not in block


def test_an_unpublished_related_article_is_no_longer_shown(client, article, neighbour, committed):
    assert "Мост покрасят летом" in related_block(client, article)
    with committed():
        neighbour.status = Article.Status.DRAFT
        neighbour.save()
    assert "Мост покрасят летом" not in related_block(client, article)


def test_a_deleted_related_article_is_no_longer_shown(client, article, neighbour, committed):
    related_block(client, article)
    with committed():
        neighbour.delete()
    assert "Мост покрасят летом" not in related_block(client, article)


def test_an_article_naming_the_same_person_once_marked_is_shown(client, committed):
    person = PersonFactory()
    with committed():
        article = ArticleFactory(published=True, headline="Мэр открыл мост")
        MentionFactory(article=article, person=person)
        other = ArticleFactory(published=True, headline="Мэр посетил школу")
    assert "Мэр посетил школу" not in related_block(client, article)
    with committed():
        MentionFactory(article=other, person=person)
    assert "Мэр посетил школу" in related_block(client, article)


def test_a_related_articles_new_photo_text_is_shown(client, article, committed):
    with committed():
        photo = PhotoFactory(with_image=True, alt_text="Мост днём")
        ArticleFactory(published=True, tags=["мосты"], lead_photo=photo)
    assert 'alt="Мост днём"' in related_block(client, article)
    with committed():
        photo.alt_text = "Мост ночью"
        photo.save()
    assert 'alt="Мост ночью"' in related_block(client, article)


def test_a_scheduled_article_is_shown_by_itself_when_its_time_comes(
    client, article, committed, monkeypatch
):
    due = timezone.now() + datetime.timedelta(hours=2)
    with committed():
        ArticleFactory(
            headline="Мост откроют после ремонта",
            tags=["мосты"],
            status=Article.Status.PUBLISHED,
            published_at=due,
        )
    assert "Мост откроют после ремонта" not in related_block(client, article)
    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))
    assert "Мост откроют после ремонта" in related_block(client, article)


def test_an_edit_not_yet_committed_is_seen_by_its_own_transaction(client, article, neighbour):
    # As the admin's preview of a save, or a test: the change's own transaction reads it.
    related_block(client, article)
    with transaction.atomic():
        neighbour.headline = "Мост покрасят в цвет реки"
        neighbour.save()
        assert "Мост покрасят в цвет реки" in related_block(client, article)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres  # SQLite has one writer at a time
def test_saves_in_two_open_transactions_do_not_wait_for_each_other():
    first = ArticleFactory(published=True, tags=["мосты"])
    second = ArticleFactory(published=True, tags=["мосты"])
    open_one, done = threading.Event(), threading.Event()

    def edit_and_hold():
        try:
            with transaction.atomic():
                first.headline = "Правка, ещё не сохранённая"
                first.save()
                open_one.set()
                done.wait(10)
        finally:
            connections.close_all()

    editor = threading.Thread(target=edit_and_hold)
    editor.start()
    try:
        assert open_one.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # a wait would fail the save
        second.headline = "Другая правка"
        second.save()
    finally:
        done.set()
        editor.join()


def test_an_app_server_still_on_the_code_before_can_store_a_page():
    # A rolling deploy migrates first: the servers not yet restarted insert stored pages
    # naming only the columns they know, which the related articles' columns must allow.
    article = ArticleFactory(published=True)
    known_before = (
        "article_id, stamp, fingerprint, head, main, persons, tags, card, card_fingerprint"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO articles_storedpage ({known_before})"  # noqa: S608 - no input
            " VALUES (%s, 0, '', '', '', '[]', '[]', '', '')",
            [article.pk],
        )
    stored = StoredPage.objects.get(article=article)
    assert stored.related == "" and stored.related_generation is None


@pytest.mark.django_db(transaction=True)
def test_migrating_back_to_before_the_list_generation_leaves_nothing_to_move():
    # `migrate` moves the generation afterwards (post_migrate): back before migration 0017
    # there is none to move, and migrating back must still work.
    try:
        call_command("migrate", "articles", "0016", verbosity=0)
        assert not stored_related.generation_exists()
    finally:
        call_command("migrate", verbosity=0)
    assert stored_related.generation_exists()
    before = stored_related.current_generation()
    call_command("migrate", verbosity=0)
    assert stored_related.current_generation() != before
