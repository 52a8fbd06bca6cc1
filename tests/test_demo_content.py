"""The demo command fills an empty database once and prints a random staff password once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.demo import STAFF
from articles.models import Article, Quote
from media.models import Photo
from people.models import Organization, Person, Role

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_demo_fills_the_newsroom_and_the_site_shows_it(client):
    output = load()
    assert Article.objects.count() == 36
    assert Article.objects.published().count() == 33  # two drafts and one scheduled
    assert Person.objects.count() >= 8 and Role.objects.count() >= 8
    assert Organization.objects.filter(parent__isnull=False).exists()
    assert Quote.objects.count() == 36
    assert Photo.objects.with_image().exists() and Photo.objects.awaiting_image().exists()
    assert "36" in output
    newest = Article.objects.published().first()
    home = client.get("/").content.decode()
    assert newest.headline in home
    assert client.get(newest.get_absolute_url()).status_code == 200


def test_staff_password_is_random_printed_once_and_logs_in(client):
    output = load(articles=2, no_images=True)
    password = re.search(r"password (\S+)", output).group(1)
    # Through the login form: the lockout backend (django-axes) needs the request.
    response = client.post(
        "/admin/login/", {"username": "editor", "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert get_user_model().objects.get(username="editor").is_staff
    second = load(articles=2)
    assert password not in second
    assert "already holds articles" in second
    assert Article.objects.count() == 2


def test_two_fresh_databases_get_different_passwords():
    first = re.search(r"password (\S+)", load(articles=1, no_images=True)).group(1)
    Article.objects.all().delete()
    get_user_model().objects.all().delete()
    second = re.search(r"password (\S+)", load(articles=1, no_images=True)).group(1)
    assert first != second


def test_demo_articles_are_signed_with_names_never_logins(client):
    load(articles=8, no_images=True)
    logins = [login for login, *_names in STAFF]
    for article in Article.objects.published():
        page = client.get(article.get_absolute_url()).content.decode()
        assert re.search(r'<span class="bylines">· [А-Я][а-я]+ [А-Я]', page), article
        assert not [login for login in logins if login in page]
    names = {name for a in Article.objects.all() for name in a.byline_names()}
    assert {"Кирилл Иванов", "Полина Северная"} <= names
