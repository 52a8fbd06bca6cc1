"""Only articles that are published and whose time has come are visible to readers."""

import datetime

import pytest
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_published_article_is_visible(client):
    article = ArticleFactory(published=True, headline="Видимая новость")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Видимая новость" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED]
)
def test_unpublished_states_are_404_and_absent_from_lists(client, status):
    article = ArticleFactory(
        status=status, published_at=timezone.now() - datetime.timedelta(days=1), headline="Тайна"
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Тайна" not in client.get("/").content.decode()
    assert "Тайна" not in client.get(article.section.get_absolute_url()).content.decode()


def test_future_dated_article_is_404_until_its_time(client):
    article = ArticleFactory(published=True, headline="Завтрашняя новость")
    article.publish(at=timezone.now() + datetime.timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Завтрашняя новость" not in client.get("/").content.decode()


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    article = ArticleFactory(published=True)
    article.publish(at=timezone.now() + datetime.timedelta(minutes=5))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 200


def test_person_page_lists_only_published_articles(client):
    shown = MentionFactory(article=ArticleFactory(published=True, headline="Открытая"))
    MentionFactory(article=ArticleFactory(headline="Черновик"), person=shown.person)
    page = client.get(shown.person.get_absolute_url()).content.decode()
    assert "Открытая" in page
    assert "Черновик" not in page


def test_unknown_address_gets_a_russian_404_page(client):
    response = client.get("/news/no-such-article/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
