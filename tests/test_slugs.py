"""Slugs are readable ASCII transliterations, unique, and stable once published."""

import pytest

from articles.factories import ArticleFactory, SectionFactory
from people.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_person_slug_is_a_transliteration_of_the_name():
    assert PersonFactory(name="Никол Пашинян").slug == "nikol-pashinian"
    assert PersonFactory(name="Касым-Жомарт Токаев").slug == "kasym-zhomart-tokaev"


def test_article_slug_is_a_transliteration_of_the_headline():
    article = ArticleFactory(headline="Лидеры стран ОДКБ провели внеочередную сессию")
    assert article.slug == "lidery-stran-odkb-proveli-vneocherednuiu-sessiiu"
    assert article.slug.isascii()


def test_organization_slug_prefers_the_acronym():
    assert OrganizationFactory(name="Организация Договора", short_name="ОДКБ").slug == "odkb"


def test_section_slug():
    assert SectionFactory(name="Экономика").slug == "ekonomika"


def test_equal_names_get_distinct_slugs():
    first = PersonFactory(name="Иван Иванов")
    second = PersonFactory(name="Иван Иванов")
    assert first.slug == "ivan-ivanov"
    assert second.slug == "ivan-ivanov-2"


def test_slug_does_not_change_when_headline_is_edited():
    article = ArticleFactory(headline="Первая версия заголовка")
    article.publish()
    article.headline = "Исправленный заголовок"
    article.save()
    article.refresh_from_db()
    assert article.slug == "pervaia-versiia-zagolovka"


def test_long_headline_gives_a_bounded_slug():
    article = ArticleFactory(headline=("Очень длинный заголовок " * 12).strip())
    assert len(article.slug) <= 120
