"""The article page's own parts are rendered once, kept in the database, and never served
out of date (articles.stored_pages).

Each test views the page once (which stores it), changes something the page shows without
touching the article, and expects the change on the next view. With the page cache and
fragments off throughout: what is tested is the stored rendering, not a cache.
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles import stored_pages
from articles.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    MentionFactory,
    StaffFactory,
)
from articles.models import Article, StaffProfile, StoredPage
from media.factories import PhotoFactory
from newsroom import rendered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


def page(client, article, **headers):
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    # The CSP nonce differs on every response.
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


@pytest.fixture
def article(committed):
    with committed():
        return ArticleFactory(
            published=True,
            headline="Мэрия открыла мост",
            lead_photo=PhotoFactory(caption="Мост через реку"),
            tags=["мосты"],
            authors=[StaffFactory(byline_name="Анна Петрова")],
        )


def test_the_second_view_reads_the_stored_page_and_shows_the_same(
    client, article, django_assert_max_num_queries
):
    first = page(client, article)
    assert StoredPage.objects.get(article=article).main
    # The article with its stored parts, the related articles, the sections menu.
    with django_assert_max_num_queries(3):
        second = page(client, article)
    assert second == first


def test_what_readers_get_is_what_was_stored(client, article):
    page(client, article)
    StoredPage.objects.filter(article=article).update(main="<p>Из хранилища.</p>")
    assert "<p>Из хранилища.</p>" in page(client, article)


def test_a_saved_article_is_rendered_anew(client, article, committed):
    page(client, article)
    with committed():
        article.headline = "Мэрия закрыла мост"
        article.save()
    assert "Мэрия закрыла мост" in page(client, article)


def test_a_field_changed_without_a_save_is_rendered_anew(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(body="Движение откроют весной.")
    assert "Движение откроют весной." in page(client, article)


def rename_section(article):
    article.section.name = "Город"
    article.section.save()
    return '<meta property="article:section" content="Город">'


def change_caption(article):
    article.lead_photo.caption = "Новый мост вечером"
    article.lead_photo.save()
    return "Новый мост вечером"


def rename_credit(article):
    credit = article.lead_photo.credit
    credit.name = "пресс-служба мэрии"
    credit.save()
    return "пресс-служба мэрии"


def rename_tag(article):
    tag = Tag.objects.get(name="мосты")
    tag.name = "переправы"
    tag.save()
    return ">переправы</a>"


def add_tag(article):
    article.tags.add("реки")
    return ">реки</a>"


def rename_byline(article):
    profile = StaffProfile.objects.get(byline_name="Анна Петрова")
    profile.byline_name = "Анна Петрова-Смирнова"
    profile.save()
    return "Анна Петрова-Смирнова"


def add_author(article):
    article.authors.add(StaffFactory(first_name="Олег", last_name="Сидоров"))
    return "Олег Сидоров"


def add_author_from_the_users_side(article):
    StaffFactory(first_name="Вера", last_name="Орлова").bylined_articles.add(article)
    return "Вера Орлова"


def rename_user(article):
    user = StaffFactory(first_name="Пётр", last_name="Ким")
    article.authors.add(user)
    user.last_name = "Кимов"
    user.save()
    return "Пётр Кимов"


def place_photo(article):
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="Опоры моста"), position=1)
    return "Опоры моста"


def rename_mentioned_person(article):
    person = MentionFactory(article=article, person__name="Иван Ершов").person
    person.name = "Иван Ершов-Донской"
    person.save()
    return "Иван Ершов-Донской"


@pytest.mark.parametrize(
    "change",
    [
        rename_section,
        change_caption,
        rename_credit,
        rename_tag,
        add_tag,
        rename_byline,
        add_author,
        add_author_from_the_users_side,
        rename_user,
        place_photo,
        rename_mentioned_person,
    ],
)
def test_a_change_to_what_the_page_shows_renders_it_anew(client, article, committed, change):
    page(client, article)
    with committed():
        shown = change(article)
    assert shown in page(client, article)


def test_a_deleted_lead_photo_leaves_the_page(client, article):
    assert "Мост через реку" in page(client, article)
    article.lead_photo.delete()
    assert "Мост через реку" not in page(client, article)


def test_a_removed_tag_leaves_the_page(client, article):
    assert ">мосты</a>" in page(client, article)
    article.tags.remove("мосты")
    assert ">мосты</a>" not in page(client, article)


def test_a_rendering_racing_a_change_is_not_stored(article):
    request = RequestFactory().get(article.get_absolute_url())
    read = stored_pages.with_stored_page(Article.objects.filter(pk=article.pk)).get()

    def render_while_the_caption_changes():
        # A reader read the article, then an editor changed its photo before it was stored.
        parts = {"head": "", "main": "<p>Подпись до правки</p>", "persons": [], "tags": []}
        change_caption(article)
        return parts

    stored_pages.page_parts(read, request, render_while_the_caption_changes)
    again = stored_pages.with_stored_page(Article.objects.filter(pk=article.pk)).get()
    rendered = {"head": "", "main": "<p>После</p>", "persons": [], "tags": []}
    fresh = stored_pages.page_parts(again, request, lambda: rendered)
    assert fresh["main"] == "<p>После</p>"


def test_each_address_gets_its_own_absolute_links(client, article, settings):
    settings.ALLOWED_HOSTS = ["news.example", "mirror.example"]
    assert "http://news.example/" in page(client, article, HTTP_HOST="news.example")
    other = page(client, article, HTTP_HOST="mirror.example")
    assert "http://mirror.example/" in other and "news.example" not in other


def test_with_the_readers_address_set_every_host_links_there_and_shares_one_stored_page(
    client, article, settings
):
    settings.ALLOWED_HOSTS = ["news.example", "www.news.example"]
    settings.NEWSROOM_SITE_ORIGIN = "https://news.example"
    first = page(client, article, HTTP_HOST="www.news.example")
    canonical = f'<link rel="canonical" href="https://news.example{article.get_absolute_url()}">'
    assert canonical in first and "www.news.example" not in first
    # The page stored for one host serves the other as it is: nothing rendered or written.
    with CaptureQueriesContext(connection) as queries:
        other = page(client, article, HTTP_HOST="news.example")
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_article_authors" not in statements and "UPDATE" not in statements
    assert other == first


def test_new_templates_or_code_render_every_page_anew(client, article, monkeypatch):
    page(client, article)
    StoredPage.objects.filter(article=article).update(main="<p>Старая вёрстка.</p>")
    monkeypatch.setattr(stored_pages, "code_fingerprint", lambda: "a new release")
    assert "Старая вёрстка." not in page(client, article)


def test_the_code_fingerprint_covers_the_templates_that_render_the_parts(settings, tmp_path):
    before = stored_pages.code_fingerprint()
    stored_pages.code_fingerprint.cache_clear()
    try:
        main = tmp_path / "articles" / "article_main.html"
        main.parent.mkdir()
        main.write_text("<article>другая вёрстка</article>")
        engine = settings.TEMPLATES[0]
        settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
        assert stored_pages.code_fingerprint() != before
    finally:
        stored_pages.code_fingerprint.cache_clear()


def test_a_preview_neither_uses_nor_stores_the_page(admin_client, article, committed):
    page(admin_client, article)
    StoredPage.objects.filter(article=article).update(main="<p>Из хранилища.</p>")
    preview = admin_client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert preview.status_code == 200
    assert "Из хранилища." not in preview.content.decode()
    assert StoredPage.objects.get(article=article).main == "<p>Из хранилища.</p>"


def test_pages_with_signed_photo_addresses_are_rendered_anew_before_those_expire(
    client, article, settings, monkeypatch
):
    default = settings.STORAGES["default"]
    options = {**default.get("OPTIONS", {}), "querystring_auth": True, "querystring_expire": 3600}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    monkeypatch.setattr(rendered.time, "time", lambda: 9_000.0)
    page(client, article)
    StoredPage.objects.filter(article=article).update(main="<p>Старые подписи.</p>")
    monkeypatch.setattr(rendered.time, "time", lambda: 9_000.0 + 1_000)
    assert "Старые подписи." in page(client, article)  # still within its half-lifetime
    monkeypatch.setattr(rendered.time, "time", lambda: 9_000.0 + 1_800)
    assert "Старые подписи." not in page(client, article)


def test_a_deleted_author_leaves_the_byline(client, article):
    user = StaffFactory(first_name="Олег", last_name="Сидоров")
    article.authors.add(user)
    assert "Олег Сидоров" in page(client, article)
    user.delete()
    assert "Олег Сидоров" not in page(client, article)


def test_deleting_a_viewed_article_with_photos_and_tags_leaves_nothing_behind(
    client, article, committed
):
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="Опоры моста"), position=1)
    page(client, article)
    with committed():
        Article.objects.filter(pk=article.pk).delete()
    assert not StoredPage.objects.exists()


def test_photos_moved_to_another_address_are_shown_from_there(client, article, settings, committed):
    with committed():
        article.lead_photo = PhotoFactory(with_image=True)
        article.save()
    here = f'src="{settings.MEDIA_URL}'
    assert here in page(client, article)
    settings.MEDIA_URL = "https://cdn.example.org/photos/"
    moved = page(client, article)
    assert 'src="https://cdn.example.org/photos/' in moved and here not in moved


def test_pages_can_be_rendered_ahead_of_readers(client, article, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    draft = ArticleFactory(headline="Черновик")
    out = io.StringIO()
    call_command("render_article_pages", "--origin", "https://news.example", stdout=out)
    assert "1 article page(s) rendered" in out.getvalue()
    assert not StoredPage.objects.filter(article=draft, fingerprint__gt="").exists()
    # A reader at that address reads it stored: nothing is rendered or written.
    with CaptureQueriesContext(connection) as queries:
        shown = page(client, article, HTTP_HOST="news.example", **{"wsgi.url_scheme": "https"})
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_article_authors" not in statements and "UPDATE" not in statements
    assert "Мэрия открыла мост" in shown
    assert 'content="https://news.example/' in shown
    again = io.StringIO()
    call_command("render_article_pages", "--origin", "https://news.example", stdout=again)
    assert "0 article page(s) rendered" in again.getvalue()


@pytest.mark.parametrize(
    "origin, message",
    [
        ("news.example", "--origin must be like"),
        ("ftp://news.example", "--origin must be like"),
        ("https://news.example/section/", "--origin must be like"),
        ("https://elsewhere.example", "not in ALLOWED_HOSTS"),
    ],
)
def test_rendering_ahead_refuses_an_address_readers_do_not_use(settings, origin, message):
    settings.ALLOWED_HOSTS = ["news.example"]
    with pytest.raises(CommandError, match=message):
        call_command("render_article_pages", "--origin", origin)
