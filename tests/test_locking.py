"""Two editors, one article: a save based on an old version is refused, never silent."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.factories import ArticleFactory
from articles.models import Article
from articles.workflow import ArticleChangedError
from tests.admin_forms import article_form, change_url, editor

pytestmark = pytest.mark.django_db


def test_each_save_increments_the_version():
    article = ArticleFactory()
    assert article.version == 1
    article.save()
    article.save()
    assert Article.objects.get(pk=article.pk).version == 3


def test_saving_a_stale_copy_raises_instead_of_overwriting():
    article = ArticleFactory(headline="Первый вариант")
    stale = Article.objects.get(pk=article.pk)
    article.headline = "Второй вариант"
    article.save()
    stale.headline = "Устаревшая правка"
    with pytest.raises(ArticleChangedError):
        stale.save()
    assert Article.objects.get(pk=article.pk).headline == "Второй вариант"


def test_second_editor_save_is_refused_naming_who_changed_it_and_keeping_the_text():
    article = ArticleFactory(body="Исходный текст.")
    anna = editor("anna")
    anna.first_name, anna.last_name = "Анна", "Смирнова"
    anna.save()
    boris = editor("boris")
    anna_client, boris_client = Client(), Client()
    anna_client.force_login(anna)
    boris_client.force_login(boris)
    anna_form = article_form(anna_client, article)
    boris_form = article_form(boris_client, article)  # both open the article

    anna_form["body"] = "Текст Анны."
    assert anna_client.post(change_url(article), anna_form).status_code == 302

    boris_form["body"] = "Текст Бориса, который нельзя потерять."
    response = boris_client.post(change_url(article), boris_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Анна Смирнова" in page
    assert "Текст Бориса, который нельзя потерять." in page  # still on the form
    assert Article.objects.get(pk=article.pk).body == "Текст Анны."


def test_after_the_warning_a_second_deliberate_save_goes_through():
    article = ArticleFactory()
    first, second = Client(), Client()
    first.force_login(editor("first"))
    second.force_login(editor("second"))
    first_form, second_form = article_form(first, article), article_form(second, article)
    first.post(change_url(article), {**first_form, "headline": "Заголовок первого"})
    refused = second.post(change_url(article), {**second_form, "headline": "Заголовок второго"})
    assert refused.status_code == 200
    # The refused form now carries the current version: saving it again is an informed choice.
    from tests.admin_forms import form_data

    again = form_data(refused, "article_form")
    assert second.post(change_url(article), again).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Заголовок второго"


def test_a_form_without_its_version_is_refused():
    article = ArticleFactory(headline="Как было")
    client = Client()
    client.force_login(editor())
    data = article_form(client, article)
    del data["opened_version"]
    data["headline"] = "Без версии"
    assert client.post(change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Как было"


def test_a_change_made_outside_the_admin_is_reported_without_a_name():
    article = ArticleFactory()
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.com", "pw"))
    data = article_form(client, article)
    script_copy = Article.objects.get(pk=article.pk)
    script_copy.dek = "Правка скрипта"
    script_copy.save()
    response = client.post(change_url(article), {**data, "dek": "Правка редактора"})
    assert response.status_code == 200
    assert "кто-то" in response.content.decode() or "someone" in response.content.decode()
