"""The dashboard's "Последние действия": what the person did, whichever way they did it."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.factories import ArticleFactory
from articles.models import Article
from tests.admin_forms import article_form, change_url, editor

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def recent_actions(client):
    """The texts of the dashboard's recent-actions list, or None when it says «Недоступно»."""
    page = client.get(reverse("admin:index")).content.decode()
    module = page[page.index('id="recent-actions-module"') :]
    module = module[: module.index("</div>")]
    if "Недоступно" in module:
        return None
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', module)


def test_dashboard_lists_an_article_edited_in_the_form(client):
    client.force_login(editor())
    article = ArticleFactory(headline="Бюджет принят")
    assert recent_actions(client) is None
    client.post(change_url(article), {**article_form(client, article), "dek": "Новый лид."})
    assert recent_actions(client) == ["Бюджет принят"]


def test_dashboard_lists_articles_published_from_the_list(client):
    client.force_login(editor())
    first = ArticleFactory(headline="Первая новость")
    second = ArticleFactory(headline="Вторая новость")
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 2
    assert sorted(recent_actions(client)) == ["Вторая новость", "Первая новость"]


def test_a_state_change_says_what_happened_in_the_history(client):
    user = editor()
    client.force_login(user)
    article = ArticleFactory()
    client.post(change_url(article), {**article_form(client, article), "_workflow": "publish"})
    messages = [entry.get_change_message() for entry in LogEntry.objects.filter(user=user)]
    assert "Опубликовано" in messages
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Опубликовано" in history.content.decode()


def test_system_publications_leave_no_admin_log(db):
    ArticleFactory().publish()
    assert not LogEntry.objects.exists()
