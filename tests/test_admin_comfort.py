"""The desk's comfort: dashboard, search in any case, autocomplete, thumbnails, counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, ArticlePhotoFactory, MentionFactory
from articles.models import Article
from media.factories import PhotoFactory
from people.factories import PersonFactory
from tests.admin_forms import change_url, editor, photo_editor, reporter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def test_dashboard_is_the_admin_landing_page_with_the_desk_lists(client):
    user = reporter()
    ArticleFactory(headline="Мой черновик", created_by=user)
    ArticleFactory(headline="Чужой черновик")
    ArticleFactory(headline="Ждёт редактора", status=Article.Status.REVIEW)
    soon = timezone.now() + datetime.timedelta(hours=3)
    ArticleFactory(headline="Выйдет вечером", status="published", published_at=soon)
    ArticleFactory(headline="Уже на сайте", published=True)
    PhotoFactory(caption="Снимок без файла")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    page = response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    drafts = page[page.index('id="my-drafts"') : page.index('id="in-review"')]
    assert "Мой черновик" in drafts and "Чужой черновик" not in drafts
    assert "Ждёт редактора" in page and "Уже на сайте" in page
    scheduled = page[page.index('id="scheduled"') : page.index('id="recently-published"')]
    assert "Выйдет вечером" in scheduled
    assert timezone.localtime(soon).strftime("%H:%M") in scheduled
    assert "Снимок без файла" in page


def test_search_finds_cyrillic_words_in_any_case(client):
    ArticleFactory(headline="Лидеры ОДКБ провели сессию", dek="", body="")
    ArticleFactory(headline="Другое", dek="Встреча в Ереване", body="")
    ArticleFactory(headline="Третье", dek="", body="Президент **Касым-Жомарт Токаев** заявил")
    ArticleFactory(headline="Ёлки в Москве", dek="", body="")
    client.force_login(editor())

    def found(term):
        response = client.get(CHANGELIST, {"q": term})
        return sorted(a.headline for a in response.context["cl"].result_list)

    assert found("одкб") == ["Лидеры ОДКБ провели сессию"]
    assert found("ЕРЕВАНЕ") == ["Другое"]
    assert found("токаев заявил") == ["Третье"]
    assert found("елки") == ["Ёлки в Москве"]


def test_person_search_ignores_case_on_every_database(client):
    PersonFactory(name="Никол Пашинян")
    client.force_login(editor())
    response = client.get(reverse("admin:people_person_changelist"), {"q": "пашинян"})
    assert [p.name for p in response.context["cl"].result_list] == ["Никол Пашинян"]


def test_autocomplete_serves_photos_persons_and_tags(client):
    PhotoFactory(caption="Саммит в Минске")
    PersonFactory(name="Эмомали Рахмон")
    ArticleFactory(tags=["саммит", "ОДКБ"])
    client.force_login(reporter())

    def results(model_name, field_name, term):
        params = {"app_label": "articles", "model_name": model_name, "field_name": field_name}
        response = client.get(reverse("admin:autocomplete"), {**params, "term": term})
        return [r["text"] for r in response.json()["results"]]

    assert results("article", "lead_photo", "минск") == ["Саммит в Минске"]
    assert results("mention", "person", "Рахм") == ["Эмомали Рахмон"]
    assert results("article", "tags", "сам") == ["саммит"]


def test_change_form_shows_photo_thumbnails_and_warns_of_missing_alt_text(client):
    article = ArticleFactory()
    ArticlePhotoFactory(article=article, photo=PhotoFactory(with_image=True, alt_text=""))
    client.force_login(editor())
    page = client.get(change_url(article)).content.decode()
    assert '<div class="inline-thumbnail"><img src="/uploads/photos/' in page
    assert "errornote" in page


def test_changelist_shows_counts_state_and_filters(client):
    article = ArticleFactory(headline="Статья с людьми", published=True)
    MentionFactory(article=article)
    MentionFactory(article=article)
    ArticlePhotoFactory(article=article)
    user = editor()
    article.authors.add(user)
    client.force_login(user)
    response = client.get(CHANGELIST)
    row = response.context["cl"].result_list[0]
    assert (row.mention_count, row.photo_count) == (2, 1)
    page = response.content.decode()
    for filter_name in ("state=", "section__id__exact", "author=", "awaiting_image=yes"):
        assert filter_name in page
    assert "state-published" in page


def test_changelist_stays_within_a_query_budget(client, django_assert_max_num_queries):
    user = editor()
    for _ in range(15):
        article = ArticleFactory(published=True)
        article.authors.add(user)
        MentionFactory(article=article)
    client.force_login(user)
    with django_assert_max_num_queries(20):
        assert client.get(CHANGELIST).status_code == 200


def test_photo_library_is_open_to_the_photo_editor_but_articles_are_read_only(client):
    client.force_login(photo_editor())
    assert client.get(reverse("admin:media_photo_add")).status_code == 200
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


@pytest.mark.django_db
def test_state_filter_tells_live_from_scheduled_as_readers_see_them(client):
    later = timezone.now() + datetime.timedelta(hours=3)
    ArticleFactory(published=True, headline="Уже на сайте")
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=later, headline="Выйдет позже")
    ArticleFactory(headline="Черновик")
    client.force_login(editor())
    changelist = reverse("admin:articles_article_changelist")

    def listed(state):
        page = client.get(changelist, {"state": state}).content.decode()
        return [h for h in ("Уже на сайте", "Выйдет позже", "Черновик") if h in page]

    assert listed("live") == ["Уже на сайте"]
    assert listed("scheduled") == ["Выйдет позже"]
    assert listed("draft") == ["Черновик"]
