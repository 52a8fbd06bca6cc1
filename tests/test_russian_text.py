"""Dates and plurals read naturally in Russian."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory
from articles.templatetags.public import iso_time, time_element
from people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_public_dates_read_day_month_year_time(client):
    article = ArticleFactory(published=True)
    article.publish(at=timezone.make_aware(datetime.datetime(2022, 2, 10, 19, 12)))
    page = client.get(article.get_absolute_url()).content.decode()
    assert "10 февраля 2022, 19:12" in page


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 статья"), (3, "3 статьи"), (5, "5 статей"), (11, "11 статей"), (21, "21 статья")],
)
def test_article_counts_use_russian_plural_forms(client, count, words):
    person = PersonFactory()
    for _ in range(count):
        MentionFactory(person=person, article=ArticleFactory(published=True))
    assert words in client.get(person.get_absolute_url()).content.decode()


def test_time_zone_defaults_to_moscow(settings):
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "ru"


@pytest.mark.parametrize("month", range(1, 13))
def test_time_element_reads_as_the_date_filter_in_every_month(month):
    moment = timezone.make_aware(datetime.datetime(2023, month, 9, 7, 5))
    assert time_element(moment) == (
        f'<time datetime="{iso_time(moment)}">{date_filter(moment, "j E Y, H:i")}</time>'
    )
    assert time_element(moment, "day").endswith(f">{date_filter(moment, 'j E Y')}</time>")
    assert time_element(None) == ""
