"""The article list's tag filter lists the most used tags, not every tag: a tag chosen
by address still filters and is shown as chosen, and the page's queries do not grow with
the number of tags."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.admin import TagFilter
from articles.factories import ArticleFactory
from articles.models import Article

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")


def tag_filter(page):
    """(names listed, names shown as chosen) in the list's tag filter."""
    block = re.search(r'<details data-filter-title="теги".*?</details>', page, re.S).group(0)
    items = re.findall(r'<li( class="selected")?>\s*<a href="[^"]*">([^<]*)</a>', block)
    return [name for _sel, name in items], [name for sel, name in items if sel]


def tagged(frequent, rare):
    """Two articles sharing ``frequent`` tags; each of ``rare`` tags on one of them only."""
    ArticleFactory(headline="Первая", tags=[*frequent, *rare[::2]])
    ArticleFactory(headline="Вторая", tags=[*frequent, *rare[1::2]])


def test_filter_lists_the_most_used_tags_only(staff_client):
    frequent = [f"частая-{n:02}" for n in range(TagFilter.limit)]
    tagged(frequent, ["редкая-1", "редкая-2"])
    names, chosen = tag_filter(staff_client.get(LIST_URL).content.decode())
    assert names == ["Все", *sorted(frequent), "-"]  # "-": articles without tags
    assert chosen == ["Все"]


def test_tag_given_in_the_address_filters_and_is_shown_as_chosen_though_rarely_used(
    staff_client,
):
    frequent = [f"частая-{n:02}" for n in range(TagFilter.limit)]
    tagged(frequent, ["редкая-1", "редкая-2"])
    rare = Tag.objects.get(name="редкая-2")
    response = staff_client.get(LIST_URL, {"tags__id__exact": rare.pk})
    page = response.content.decode()
    names, chosen = tag_filter(page)
    assert chosen == ["редкая-2"]
    assert "редкая-2" in names and "редкая-1" not in names
    assert [article.headline for article in response.context["cl"].result_list] == ["Вторая"]


def test_a_tag_address_naming_no_tag_is_no_error(staff_client):
    tagged(["одна"], [])
    for value in ("999999", "не-число"):
        response = staff_client.get(LIST_URL, {"tags__id__exact": value})
        assert response.status_code in (200, 302)


def queries_of_the_list(client, **params):
    cache.clear()  # the most used tags are cached: count the queries of a first opening
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL, params).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_number_of_tags(staff_client):
    tagged([f"метка-{n}" for n in range(3)], ["редкая"])
    few = queries_of_the_list(staff_client)
    chosen = Tag.objects.get(name="редкая").pk
    few_chosen = queries_of_the_list(staff_client, tags__id__exact=chosen)
    tagged([f"ещё-{n}" for n in range(80)], [f"ещё-редкая-{n}" for n in range(40)])
    assert queries_of_the_list(staff_client) == few
    assert queries_of_the_list(staff_client, tags__id__exact=chosen) == few_chosen


def test_most_used_tags_counts_only_the_articles_of_the_queryset():
    ArticleFactory(headline="Первая", tags=["общая", "первая"])
    ArticleFactory(headline="Вторая", tags=["общая", "вторая"])
    ArticleFactory(headline="Третья", tags=["вторая"])
    everywhere = Article.objects.most_used_tags(2)
    assert [(tag.name, tag.uses) for tag in everywhere] == [("вторая", 2), ("общая", 2)]
    first = Article.objects.filter(headline="Первая").most_used_tags(5)
    assert [(tag.name, tag.uses) for tag in first] == [("общая", 1), ("первая", 1)]


def test_the_list_of_most_used_tags_is_read_once_in_a_while(staff_client):
    tagged(["старая"], [])
    staff_client.get(LIST_URL)
    ArticleFactory(tags=["новая"])
    ArticleFactory(tags=["новая"])
    names, _chosen = tag_filter(staff_client.get(LIST_URL).content.decode())
    assert "новая" not in names  # until the cached list expires
    cache.clear()
    names, _chosen = tag_filter(staff_client.get(LIST_URL).content.decode())
    assert names[1:3] == ["новая", "старая"]
