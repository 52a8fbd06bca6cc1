"""Search: Russian word forms, ё, case, ranking, snippets; odd queries give a normal page.

Runs on whichever database the suite uses: PostgreSQL full-text search, or the SQLite
fallback. The index tests run on PostgreSQL only.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from articles import search
from articles.factories import ArticleFactory
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def found(query):
    return [article.headline for article in Article.objects.published().search(query)]


def search_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Касым-Жомарт Токаев прибыл в Москву.", "Токаева"),
        ("Встреча с Касым-Жомартом Токаевым прошла в Кремле.", "Токаев"),
        ("Переговоры Касым-Жомарта Токаева и Никола Пашиняна.", "токаев"),
        ("Выступил Пётр Иванов.", "Петр"),
        ("Выступил Петр Иванов.", "Пётр"),
        ("САММИТ ОДКБ В МОСКВЕ", "саммит одкб"),
        ("Переговоры прошли в Астане.", "Астана"),
    ],
)
def test_query_finds_other_forms_of_a_russian_word(text, query):
    ArticleFactory(published=True, headline="Найденная", body=text)
    ArticleFactory(published=True, headline="Другая", body="Погода в Сочи будет солнечной.")
    assert found(query) == ["Найденная"]


def test_all_words_of_a_query_must_match():
    ArticleFactory(published=True, headline="Обе", body="Токаев встретился с Пашиняном.")
    ArticleFactory(published=True, headline="Одна", body="Токаев выступил.")
    assert found("Токаев Пашинян") == ["Обе"]


def test_headline_match_outranks_dek_outranks_body():
    ArticleFactory(published=True, headline="В тексте", dek="Лид.", body="Говорили о границе.")
    ArticleFactory(published=True, headline="В лиде", dek="Речь о границе.", body="Текст.")
    ArticleFactory(published=True, headline="Граница закрыта", dek="Лид.", body="Текст.")
    assert found("граница") == ["Граница закрыта", "В лиде", "В тексте"]


def test_results_page_shows_a_highlighted_snippet(client):
    ArticleFactory(
        published=True,
        headline="Саммит",
        body="Президент **Касым-Жомарт Токаев** открыл саммит в Алма-Ате. " * 3,
    )
    page = search_page(client, "Алма-Ате")
    assert '<p class="snippet">' in page
    assert "<mark>" in page
    assert "**" not in page.split('<p class="snippet">')[1].split("</p>")[0]


def test_snippet_keeps_the_letter_yo_as_written(client):
    ArticleFactory(published=True, headline="Встреча", body="На встречу пришёл Пётр Иванов.")
    snippet = search_page(client, "Петр").split('<p class="snippet">')[1].split("</p>")[0]
    assert "Пётр" in snippet and "<mark>" in snippet


def test_snippet_escapes_markup_from_the_article(client):
    ArticleFactory(published=True, headline="Код", body="Пример <script>alert(1)</script> кода")
    page = search_page(client, "пример")
    snippet = page.split('<p class="snippet">')[1].split("</p>")[0]
    assert "<mark>Пример</mark>" in snippet
    assert "<script" not in snippet


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "а" * 5000,
        "!!! ((( ))) & | :* <-> '\" \\",
        "<script>alert(1)</script>",
        "ОДКБ & !",
        "-",
        "😀 ☃",
        "%_%",
        "\x00\x01",
    ],
)
def test_odd_queries_get_a_normal_page(client, query):
    ArticleFactory(published=True, headline="Новость")
    page = search_page(client, query)
    assert "<h1>" in page
    assert "<script>alert" not in page


def test_empty_query_invites_a_search_and_lists_nothing(client):
    ArticleFactory(published=True, headline="Новость")
    page = search_page(client, "")
    assert "Новость" not in page


def test_search_results_are_paginated_and_keep_the_query(client, settings):
    for n in range(25):
        ArticleFactory(published=True, headline=f"Выборы {n}", body="Выборы прошли.")
    page = search_page(client, "выборы")
    assert 'href="?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B&amp;page=2"' in page
    assert page.count('class="card search-result"') == settings.NEWSROOM_PAGE_SIZE


@pytest.mark.postgres
def test_search_vector_is_generated_by_the_database_and_gin_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns "
            "WHERE table_name = 'articles_article' AND column_name = 'search_vector'"
        )
        assert cursor.fetchone() == ("ALWAYS",)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' "
            "AND indexdef ILIKE '%%gin%%search_vector%%'"
        )
        assert cursor.fetchone()


@pytest.mark.postgres
def test_search_vector_follows_every_update_of_the_text():
    article = ArticleFactory(published=True, headline="Старое")
    assert found("Астана") == []
    Article.objects.filter(pk=article.pk).update(body="Переговоры прошли в Астане.")
    assert found("Астана") == ["Старое"]


@pytest.mark.postgres
def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        queryset = Article.objects.search("Токаев")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "articles_article_search_vector_gin" in plan


def published_minutes_ago(minutes, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - datetime.timedelta(minutes=minutes), **fields
    )


def test_only_the_newest_matches_are_ranked_the_rest_follow_newest_first(monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    published_minutes_ago(1, headline="Новая", body="Говорили о границе.")
    published_minutes_ago(2, headline="Граница открыта", body="Текст.")
    published_minutes_ago(3, headline="Старая", body="Снова о границе.")
    published_minutes_ago(4, headline="Граница закрыта", body="Текст.")
    # The newest two in order of relevance; the older ones by date, a headline match too.
    assert found("граница") == ["Граница открыта", "Новая", "Старая", "Граница закрыта"]


def test_result_count_is_exact_up_to_the_limit(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    for n in range(3):
        published_minutes_ago(n + 1, headline=f"Выборы {n}", body="Выборы прошли.")
    page = search_page(client, "выборы")
    assert "Найдены 3 статьи" in page


def test_beyond_the_limit_the_count_says_more_than_and_lists_the_newest(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    for n in range(5):
        published_minutes_ago(n + 1, headline=f"Выборы {n}", body="Выборы прошли.")
    page = search_page(client, "выборы")
    assert "Найдено более 3 статей" in page
    results = Article.objects.published().search("выборы")
    assert results.count() == 3
    assert [a.headline for a in results] == ["Выборы 0", "Выборы 1", "Выборы 2"]


def test_a_page_of_results_is_read_with_its_snippets_only(django_assert_max_num_queries):
    for n in range(30):
        published_minutes_ago(n + 1, headline=f"Саммит {n}", body="Саммит в Алма-Ате.")
    results = Article.objects.published().search("саммит")
    with django_assert_max_num_queries(3):  # the matches' ids, their ranking, the page
        page = results[20:30]
    assert [a.headline for a in page] == [f"Саммит {n}" for n in range(20, 30)]
    assert all("<mark>" in search.snippet(a, "саммит") for a in page)


def test_a_query_without_words_reads_nothing(django_assert_num_queries):
    results = Article.objects.published().search("!!!")
    with django_assert_num_queries(0):
        assert (results.count(), list(results)) == (0, [])
