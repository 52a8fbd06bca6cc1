"""Tags whose names would break pages or the admin's tag field."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles.factories import ArticleFactory
from tests.admin_forms import article_form, change_url

pytestmark = pytest.mark.django_db

tag_migration = importlib.import_module("articles.migrations.0008_tags_safe_slugs_and_quotes")


def test_tag_without_letters_or_digits_gets_a_slug_and_its_pages_answer(client):
    article = ArticleFactory(published=True, tags=["!!!", "???", "—"])
    slugs = [tag.slug for tag in article.tags.all()]
    assert all(slugs) and len(set(slugs)) == 3
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap-tags.xml").status_code == 200
    for slug in slugs:
        assert client.get(reverse("articles:tag", kwargs={"slug": slug})).status_code == 200


def test_tag_slugs_of_words_stay_as_taggit_makes_them():
    article = ArticleFactory(tags=["Выборы 2024"])
    assert article.tags.get().slug == "выборы-2024"


def test_tag_name_with_straight_quotes_takes_russian_quotes():
    article = ArticleFactory(tags=['компания "Вектор"', '"Заря"'])
    assert sorted(tag.name for tag in article.tags.all()) == ["«Заря»", "компания «Вектор»"]


def test_tag_with_quotes_is_one_tag_after_admin_saves(staff_client):
    article = ArticleFactory(tags=['компания "Вектор"', "саммит"])
    for _ in range(2):
        response = staff_client.post(change_url(article), article_form(staff_client, article))
        assert response.status_code == 302
    assert sorted(tag.name for tag in article.tags.all()) == ["компания «Вектор»", "саммит"]
    assert Tag.objects.count() == 2


def test_migration_repairs_tags_saved_before_the_fix():
    article = ArticleFactory(published=True)
    # As taggit stored them before: an empty slug, a name with straight quotes.
    empty = Tag.objects.bulk_create([Tag(name="!!!", slug="")])[0]
    quoted = Tag.objects.bulk_create([Tag(name='фонд "Мир"', slug="fond-mir")])[0]
    article.tags.add(empty, quoted)
    tag_migration.repair_tags(apps, None)
    empty.refresh_from_db()
    quoted.refresh_from_db()
    assert empty.slug
    assert quoted.name == "фонд «Мир»"


def test_migration_merges_a_quoted_tag_into_the_one_it_now_equals():
    first = ArticleFactory(tags=["фонд «Мир»"])
    second = ArticleFactory()
    quoted = Tag.objects.bulk_create([Tag(name='фонд "Мир"', slug="fond-mir-2")])[0]
    first.tags.add(quoted)
    second.tags.add(quoted)
    tag_migration.repair_tags(apps, None)
    assert [tag.name for tag in first.tags.all()] == ["фонд «Мир»"]
    assert [tag.name for tag in second.tags.all()] == ["фонд «Мир»"]
    assert not Tag.objects.filter(pk=quoted.pk).exists()
