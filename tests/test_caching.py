"""HTTP caching for anonymous readers and the page cache, on local memory and on Redis."""

import datetime
import os
import time

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import caching
from articles.factories import ArticleFactory, MentionFactory, QuoteFactory, SectionFactory
from articles.models import Article
from media.factories import PhotoFactory
from people.factories import PersonFactory
from tests.tools import require

pytestmark = pytest.mark.django_db

REDIS = {
    "default": {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        # Database 15 is CI's; on a shared machine each run names its own.
        "LOCATION": os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "KEY_PREFIX": "newsroom-tests",
    }
}


@pytest.fixture(params=["locmem", "redis"])
def backend(request, settings):
    """Each test runs on local memory and on Redis (REDIS_URL's backend)."""
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS["default"]["LOCATION"]).ping()
            running = True
        except redis.exceptions.ConnectionError:
            running = False
        require(
            running,
            "Redis on 127.0.0.1:6379",
            "apt-get install redis-server && redis-server --daemonize yes",
        )
        settings.REDIS_URL = REDIS["default"]["LOCATION"]
        settings.CACHES = REDIS
        from newsroom.cache import ResilientRedisCache

        assert isinstance(caches["default"], ResilientRedisCache)
    cache.clear()
    yield request.param
    cache.clear()


def test_anonymous_page_has_validators_and_public_cache_control(client, backend):
    ArticleFactory(published=True)
    response = client.get("/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_conditional_request_gets_304(client, backend):
    article = ArticleFactory(published=True)
    first = client.get(article.get_absolute_url())
    by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_changed_page_does_not_get_304(client, backend):
    article = ArticleFactory(published=True, headline="Первый заголовок")
    first = client.get(article.get_absolute_url())
    article.refresh_from_db()
    article.headline = "Второй заголовок"
    article.save()
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Второй заголовок" in again.content.decode()


def test_repeated_request_is_served_from_the_page_cache(client, backend, django_assert_num_queries):
    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and article.headline in response.content.decode()


def test_publishing_an_article_invalidates_the_page_cache(client, backend):
    article = ArticleFactory(headline="Скоро выйдет")
    assert "Скоро выйдет" not in client.get("/").content.decode()
    article.publish()
    assert "Скоро выйдет" in client.get("/").content.decode()


def test_changing_an_article_invalidates_the_page_cache(client, backend):
    article = ArticleFactory(published=True, headline="Было")
    assert "Было" in client.get(article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    article.headline = "Стало"
    article.save()
    assert "Стало" in client.get(article.get_absolute_url()).content.decode()
    assert "Стало" in client.get("/").content.decode()


def test_withdrawing_an_article_invalidates_the_page_cache(client, backend):
    article = ArticleFactory(published=True, headline="Отозванная")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Отозванная" in client.get("/").content.decode()
    article.refresh_from_db()
    article.withdraw("Ошибка")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Отозванная" not in client.get("/").content.decode()


def test_deleting_an_article_invalidates_the_page_cache(client, backend):
    article = ArticleFactory(published=True, headline="Удалённая")
    assert "Удалённая" in client.get("/").content.decode()
    article.delete()
    assert "Удалённая" not in client.get("/").content.decode()


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, backend, monkeypatch):
    ArticleFactory(published=True, headline="Уже вышла")
    due = timezone.now() + datetime.timedelta(minutes=10)
    scheduled = ArticleFactory(headline="Запланированная")
    scheduled.schedule(due)
    page = client.get("/").content.decode()
    assert "Уже вышла" in page and "Запланированная" not in page
    # Ten minutes later, with no save in between: the cached home page must not be served.
    later = due + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("articles.caching.time.time", lambda: later.timestamp())
    assert "Запланированная" in client.get("/").content.decode()
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_server_processes_finding_no_generation_at_once_start_the_same_one(backend):
    # After a flush, a restart of Redis or a change, each process's first request finds no
    # state: were each to start its own, the pages one stored would be misses for the rest.
    cache.delete(caching.STATE_KEY)
    first = caching._current_state(None)
    second = caching._current_state(None)  # read nothing before the first stored its state
    assert second["generation"] == first["generation"]
    assert cache.get(caching.STATE_KEY)["generation"] == first["generation"]


def test_server_processes_seeing_a_scheduled_article_go_live_start_the_same_generation(
    backend, monkeypatch
):
    due = timezone.now() + datetime.timedelta(minutes=10)
    ArticleFactory(headline="Запланированная").schedule(due)
    cache.delete(caching.STATE_KEY)
    before = caching.site_state()
    later = due + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("articles.caching.time.time", lambda: later.timestamp())
    # Two processes that both read the state from before its time came.
    first, second = caching._current_state(dict(before)), caching._current_state(dict(before))
    assert first["generation"] == second["generation"] != before["generation"]
    assert first["changed_at"] == second["changed_at"] == due.timestamp()


def test_logged_in_staff_are_never_served_or_stored_in_the_cache(staff_client, client, backend):
    article = ArticleFactory(published=True, headline="Старый текст")
    client.get(article.get_absolute_url())  # cached for readers
    Article.objects.filter(pk=article.pk).update(headline="Новый текст")  # no signal
    staff = staff_client.get(article.get_absolute_url())
    assert "Новый текст" in staff.content.decode()
    assert "private" in staff["Cache-Control"] and "no-cache" in staff["Cache-Control"]
    assert "ETag" not in staff


def test_staff_page_is_not_stored_for_readers(staff_client, backend):
    from django.test import Client

    article = ArticleFactory(published=True, headline="Для всех")
    staff_client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Изменено без сигнала")
    reader = Client().get(article.get_absolute_url())
    assert "Изменено без сигнала" in reader.content.decode()


def test_reader_with_a_stale_session_cookie_gets_the_current_public_page(client, backend):
    article = ArticleFactory(published=True, headline="Как было")
    client.get(article.get_absolute_url())  # cached for readers
    Article.objects.filter(pk=article.pk).update(headline="Как стало")  # no signal
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-or-forged"
    response = client.get(article.get_absolute_url())
    # Perhaps an editor, so not from the cache; not logged in, so not private either.
    assert "Как стало" in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")


def test_not_found_pages_and_redirects_are_not_cached(client, backend):
    assert client.get("/news/net-takoi/").status_code == 404
    article = ArticleFactory(published=True)
    article.slug = "net-takoi"
    article.save()
    assert client.get("/news/net-takoi/").status_code == 200


def test_page_cache_can_be_turned_off(client, backend, settings, django_assert_max_num_queries):
    settings.NEWSROOM_PAGE_CACHE = False
    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["ETag"]
    with django_assert_max_num_queries(10) as captured:
        client.get(article.get_absolute_url())
    assert len(captured.captured_queries) > 0


def test_editing_a_draft_leaves_the_cached_pages_alone(client, backend, django_assert_num_queries):
    ArticleFactory(published=True, headline="Вышедшая")
    draft = ArticleFactory(headline="Черновик")
    person = PersonFactory()
    client.get("/")
    draft.refresh_from_db()
    draft.headline = "Черновик, правка"
    draft.save()
    MentionFactory(article=draft, person=person)
    QuoteFactory(article=draft, speaker=person, text="Пока не для читателей")
    with django_assert_num_queries(0):
        assert "Вышедшая" in client.get("/").content.decode()


def test_publishing_an_edited_draft_shows_its_last_version(client, backend):
    draft = ArticleFactory(headline="Первый вариант")
    client.get("/")
    draft.refresh_from_db()
    draft.headline = "Окончательный вариант"
    draft.save()
    draft.publish()
    page = client.get("/").content.decode()
    assert "Окончательный вариант" in page and "Первый вариант" not in page


def test_a_draft_taking_a_persons_photo_takes_it_off_their_page(client, backend):
    photo = PhotoFactory(with_image=True, caption="Снимок на пресс-конференции")
    person = PersonFactory()
    person.photos.add(photo)
    draft = ArticleFactory()
    assert "Снимок на пресс-конференции" in client.get(person.get_absolute_url()).content.decode()
    draft.refresh_from_db()
    draft.lead_photo = photo
    draft.save()
    assert (
        "Снимок на пресс-конференции" not in client.get(person.get_absolute_url()).content.decode()
    )


def _edit(article, **fields):
    article.refresh_from_db()
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


def test_body_edit_refreshes_only_that_articles_page(client, backend, django_assert_num_queries):
    edited = ArticleFactory(published=True, body="Первоначальный абзац статьи.")
    other = ArticleFactory(published=True, body="Соседняя статья.")
    client.get("/")
    client.get(other.get_absolute_url())
    client.get(edited.get_absolute_url())
    _edit(edited, body="Исправленный абзац статьи.")
    page = client.get(edited.get_absolute_url()).content.decode()
    assert "Исправленный абзац статьи." in page and "Первоначальный" not in page
    # The home page and the other article are still the cached ones: no query at all.
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
        assert client.get(other.get_absolute_url()).status_code == 200


def test_body_edit_gets_200_on_a_conditional_request(client, backend, monkeypatch):
    article = ArticleFactory(published=True, body="Старый абзац.")
    first = client.get(article.get_absolute_url())
    # Last-Modified counts whole seconds: the edit comes a few seconds later.
    later = time.time() + 5
    monkeypatch.setattr("articles.caching.time.time", lambda: later)
    _edit(article, body="Новый абзац.")
    by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 200 and "Новый абзац." in by_etag.content.decode()
    by_date = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 200 and "Новый абзац." in by_date.content.decode()


def test_body_edit_refreshes_the_feeds_update_date(client, backend):
    article = ArticleFactory(published=True, body="Старый абзац.")
    before = client.get("/feed/atom/").content
    _edit(article, body="Новый абзац.")
    assert client.get("/feed/atom/").content != before


def test_headline_edit_still_refreshes_the_home_page(client, backend):
    article = ArticleFactory(published=True, headline="Прежний заголовок")
    other = ArticleFactory(published=True)
    assert "Прежний заголовок" in client.get("/").content.decode()
    client.get(other.get_absolute_url())
    _edit(article, headline="Новый заголовок", body="И новый текст.")
    assert "Новый заголовок" in client.get("/").content.decode()
    assert "Новый заголовок" in client.get(article.get_absolute_url()).content.decode()


def test_body_edit_reaches_cached_search_results(client, backend):
    article = ArticleFactory(published=True, headline="Заметка", body="Обычный абзац.")
    assert "Заметка" not in client.get("/search/", {"q": "водопровод"}).content.decode()
    _edit(article, body="Обычный абзац про водопровод.")
    assert "Заметка" in client.get("/search/", {"q": "водопровод"}).content.decode()


def _tag_url(name):
    return reverse("articles:tag", kwargs={"slug": Tag.objects.get(name=name).slug})


def _pages_showing(article, person, section, tag):
    """Every kind of page that shows ``article``'s card or headline."""
    return [
        "/",
        article.get_absolute_url(),
        section.get_absolute_url(),
        _tag_url(tag),
        person.get_absolute_url(),
        "/feed/rss/",
        "/feed/atom/",
        reverse("articles:section-rss", kwargs={"slug": section.slug}),
        reverse("articles:tag-atom", kwargs={"slug": Tag.objects.get(name=tag).slug}),
        reverse("articles:person-rss", kwargs={"slug": person.slug}),
        "/news-sitemap.xml",
        f"/search/?q={'водопровод'}",
    ]


def test_headline_edit_shows_at_once_wherever_the_article_is_shown(client, backend):
    person = PersonFactory()
    section = SectionFactory(name="Хозяйство")
    edited = ArticleFactory(
        published=True,
        headline="Водокачка",
        section=section,
        tags=["коммунальное"],
        body="Абзац про водопровод.",
    )
    MentionFactory(article=edited, person=person)
    # Shares the tag: its "read also" cards show the edited article.
    neighbour = ArticleFactory(published=True, tags=["коммунальное"])
    pages = [*_pages_showing(edited, person, section, "коммунальное"), neighbour.get_absolute_url()]
    for url in pages:
        assert "Водокачка" in client.get(url).content.decode(), url
    _edit(edited, headline="Электричка")
    for url in pages:
        page = client.get(url).content.decode()
        assert "Электричка" in page and "Водокачка" not in page, url


def test_dek_edit_shows_at_once_on_lists_that_show_deks(client, backend):
    section = SectionFactory(name="Город")
    edited = ArticleFactory(published=True, section=section, dek="Прежнее вступление.")
    assert "Прежнее вступление." in client.get(section.get_absolute_url()).content.decode()
    _edit(edited, dek="Новое вступление.")
    page = client.get(section.get_absolute_url()).content.decode()
    assert "Новое вступление." in page and "Прежнее вступление." not in page


def test_dek_edit_shows_on_the_home_page_under_the_lead_story(client, backend):
    lead = ArticleFactory(published=True, dek="Прежнее вступление.")
    assert "Прежнее вступление." in client.get("/").content.decode()
    _edit(lead, dek="Новое вступление.")
    page = client.get("/").content.decode()
    assert "Новое вступление." in page and "Прежнее вступление." not in page


def test_dek_edit_leaves_pages_showing_only_its_headline_cached(
    client, backend, django_assert_num_queries
):
    edited = ArticleFactory(published=True, headline="Водокачка", tags=["коммунальное"])
    neighbour = ArticleFactory(published=True, tags=["коммунальное"])
    # Its "read also" card: the headline, not the dek.
    assert "Водокачка" in client.get(neighbour.get_absolute_url()).content.decode()
    _edit(edited, dek="Новое вступление.")
    with django_assert_num_queries(0):
        assert client.get(neighbour.get_absolute_url()).status_code == 200


def test_headline_edit_leaves_pages_not_showing_the_article_cached(
    client, backend, django_assert_num_queries
):
    edited = ArticleFactory(published=True, tags=["погода"])
    unrelated = ArticleFactory(published=True, tags=["спорт"])
    person = PersonFactory()
    MentionFactory(article=unrelated, person=person)
    pages = [
        unrelated.get_absolute_url(),
        unrelated.section.get_absolute_url(),
        _tag_url("спорт"),
        person.get_absolute_url(),
        reverse("articles:person-atom", kwargs={"slug": person.slug}),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    _edit(edited, headline="Совсем другой заголовок", dek="И другое вступление.")
    # Still the cached pages: not one query, so not rendered again.
    with django_assert_num_queries(0):
        for url in pages:
            assert client.get(url).status_code == 200, url


def test_withdrawing_an_article_takes_it_off_every_list(client, backend):
    person = PersonFactory()
    section = SectionFactory(name="Происшествия")
    article = ArticleFactory(published=True, headline="Водокачка", section=section, tags=["вода"])
    MentionFactory(article=article, person=person)
    lists = [section.get_absolute_url(), person.get_absolute_url(), "/feed/rss/"]
    for url in [*lists, _tag_url("вода")]:
        assert "Водокачка" in client.get(url).content.decode(), url
    article.refresh_from_db()
    article.withdraw("Ошибка")
    for url in lists:
        assert "Водокачка" not in client.get(url).content.decode(), url
    assert client.get(_tag_url("вода")).status_code == 404


def test_a_tag_change_moves_the_article_between_tag_pages(client, backend):
    article = ArticleFactory(published=True, headline="Водокачка", tags=["вода", "трубы"])
    ArticleFactory(published=True, tags=["трубы"])  # the tag page stays
    old = _tag_url("трубы")
    assert "Водокачка" in client.get(old).content.decode()
    article.tags.set(["вода", "насосы"])
    assert "Водокачка" not in client.get(old).content.decode()
    assert "Водокачка" in client.get(_tag_url("насосы")).content.decode()


def test_a_live_article_dropping_a_photo_a_draft_keeps_takes_it_off_a_persons_page(client, backend):
    photo = PhotoFactory(with_image=True, caption="Снимок на пресс-конференции")
    person = PersonFactory()
    person.photos.add(photo)
    ArticleFactory(lead_photo=photo)  # a draft: its photos stay hidden
    article = ArticleFactory(published=True, lead_photo=photo)
    assert "Снимок на пресс-конференции" in client.get(person.get_absolute_url()).content.decode()
    _edit(article, lead_photo=None)
    assert (
        "Снимок на пресс-конференции" not in client.get(person.get_absolute_url()).content.decode()
    )


def test_with_fragments_only_an_edit_refreshes_just_the_fragments_showing_it(
    client, backend, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    edited = ArticleFactory(published=True, headline="Водокачка")
    other = ArticleFactory(published=True)
    for url in ["/", edited.section.get_absolute_url(), other.section.get_absolute_url()]:
        client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(other.section.get_absolute_url())
    _edit(edited, headline="Электричка")
    for url in ["/", edited.section.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "Электричка" in page and "Водокачка" not in page, url
    # The other section's list is still its cached fragment: as few queries as before.
    with CaptureQueriesContext(connection) as after:
        assert client.get(other.section.get_absolute_url()).status_code == 200
    assert len(after.captured_queries) == len(cached.captured_queries)


def test_a_page_is_not_stored_with_an_article_saved_while_it_rendered(client, backend):
    from articles import caching, stored_related

    article = ArticleFactory(published=True, headline="Водокачка")
    real_settle = caching._settle

    def saved_meanwhile(shown):
        # Another editor's save lands after this page read the article, before it is stored.
        if caching.shown_key("card", article.pk) in shown and not Article.objects.filter(version=2):
            Article.objects.filter(pk=article.pk).update(headline="Электричка", version=2)
            caching.article_shown_changed(article.pk, 2, caching.SHOWN_PARTS)
            stored_related.move_on()  # as the save's signal does (articles.signals)
        return real_settle(shown)

    caching._settle = saved_meanwhile
    try:
        assert "Водокачка" in client.get("/").content.decode()
    finally:
        caching._settle = real_settle
    assert "Электричка" in client.get("/").content.decode()


def test_every_article_field_has_one_rule_for_what_its_change_refreshes():
    from articles.signals import DEK_FIELDS, HEADLINE_FIELDS, LIST_FIELDS, PAGE_FIELDS

    rules = (LIST_FIELDS, HEADLINE_FIELDS, DEK_FIELDS, PAGE_FIELDS)
    for field in Article._meta.concrete_fields:
        if not field.primary_key:
            assert [field.attname in rule for rule in rules].count(True) == 1, field.attname
