"""The desk's article list on a large archive: search by the full-text match, filters that
read the table once, a date hierarchy from the indexes, an index in the list's order.

The speed itself is measured by bench/archive_bench.py (100,000 articles); these tests pin
the behaviour the faster queries must keep, on SQLite and on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, ArticlePhotoFactory
from media.factories import PhotoFactory
from tests.admin_forms import editor, reporter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return [article.headline for article in response.context["cl"].result_list]


@pytest.fixture
def desk(client):
    client.force_login(editor())
    return client


def test_desk_search_finds_other_forms_of_a_name_and_the_start_of_a_word(desk):
    ArticleFactory(headline="Визит", body="В Москву прибыл **Касым-Жомарт Токаев**.")
    ArticleFactory(headline="Другое", body="Погода в Сочи.")
    assert listed(desk, q="Токаева") == ["Визит"]
    assert listed(desk, q="токае") == ["Визит"]
    assert listed(desk, q="Токаев Сочи") == []


def test_desk_search_keeps_the_filters_and_the_lists_order(desk):
    now = timezone.now()
    for minutes, headline in ((3, "Старый саммит"), (1, "Новый саммит")):
        published_at = now - datetime.timedelta(minutes=minutes)
        ArticleFactory(headline=headline, published=True, published_at=published_at)
    ArticleFactory(headline="Черновик о саммите")
    assert listed(desk, q="саммит", state="live") == ["Новый саммит", "Старый саммит"]


def test_author_filter_lists_editors_with_articles_and_finds_bylines_and_their_own(desk):
    author, other = reporter("author"), reporter("other")
    reporter("idle")
    ArticleFactory(headline="Подписанная", authors=[author])
    ArticleFactory(headline="Созданная", created_by=author)
    ArticleFactory(headline="Чужая", created_by=other)
    page = desk.get(CHANGELIST).content.decode()
    assert f"author={author.pk}" in page and f"author={other.pk}" in page
    assert "idle" not in page
    assert sorted(listed(desk, author=author.pk)) == ["Подписанная", "Созданная"]


def test_awaiting_image_filter_finds_lead_and_body_photos_without_a_file(desk):
    ArticleFactory(headline="Ждёт главный снимок", lead_photo=PhotoFactory())
    in_body = ArticleFactory(headline="Ждёт снимок в тексте")
    ArticlePhotoFactory(article=in_body, photo=PhotoFactory())
    ArticlePhotoFactory(article=in_body, photo=PhotoFactory())  # listed once all the same
    ArticleFactory(headline="Со снимком", lead_photo=PhotoFactory(with_image=True))
    assert sorted(listed(desk, awaiting_image="yes")) == [
        "Ждёт главный снимок",
        "Ждёт снимок в тексте",
    ]


def test_date_hierarchy_offers_the_archives_years_and_a_year_lists_its_articles(desk):
    for year in (2019, 2024):
        published_at = timezone.make_aware(datetime.datetime(year, 5, 9, 12))
        ArticleFactory(headline=f"Статья {year} года", published=True, published_at=published_at)
    page = desk.get(CHANGELIST, {"state": "draft"}).content.decode()
    # The years of the whole archive, also when the other filters leave none of them.
    assert "published_at__year=2019" in page and "published_at__year=2024" in page
    assert "published_at__year=2021" not in page  # a year without articles is not offered
    assert listed(desk, published_at__year=2019) == ["Статья 2019 года"]
    year_page = desk.get(CHANGELIST, {"published_at__year": 2024}).content.decode()
    assert "published_at__month=5" in year_page


def test_drafts_list_first_then_newest_published(desk):
    now = timezone.now()
    ArticleFactory(headline="Старая", published=True, published_at=now - datetime.timedelta(days=2))
    ArticleFactory(headline="Новая", published=True, published_at=now - datetime.timedelta(days=1))
    ArticleFactory(headline="Черновик")
    # The same on SQLite and PostgreSQL, though they sort an empty publish time differently.
    assert listed(desk) == ["Черновик", "Новая", "Старая"]


def changelist_plan(client, **params):
    queryset = client.get(CHANGELIST, params).context["cl"].queryset
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


@pytest.mark.postgres
def test_list_is_read_in_the_order_of_an_index(desk):
    ArticleFactory.create_batch(3, published=True)
    assert "article_desk_order" in changelist_plan(desk)
    assert "article_desk_state_order" in changelist_plan(desk, state="draft")


@pytest.mark.postgres
def test_desk_search_uses_the_full_text_index(desk):
    ArticleFactory(headline="Визит", body="Прибыл Токаев.")
    assert "articles_article_search_vector_gin" in changelist_plan(desk, q="Токаев")


def test_each_row_has_its_selection_checkbox_named_after_the_article(desk):
    article = ArticleFactory(headline="Саммит ОДКБ")
    page = desk.get(CHANGELIST).content.decode()
    assert (
        f'<input type="checkbox" name="_selected_action" value="{article.pk}" '
        'class="action-select" aria-label="Выбрать этот объект, чтобы применить к нему действие - Саммит ОДКБ">'
    ) in page


@pytest.mark.postgres
def test_the_filters_columns_are_in_a_narrow_index_for_counting():
    # The author and awaiting-photo filters have no index of their own: their counts
    # read this index alone (at 100,000 articles: bench/archive_bench.py).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE tablename = 'articles_article' AND indexname = 'article_desk_count'"
        )
        (definition,) = cursor.fetchone()
    assert "INCLUDE (status, section_id, created_by_id, lead_photo_id)" in definition
