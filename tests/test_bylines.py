"""Readers see an author's name (byline name, else first and last name), never a login."""

import re

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.bylines import byline_name
from articles.factories import ArticleFactory, StaffFactory
from articles.models import StaffProfile
from tests.admin_forms import change_url, editor, form_data, reporter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def ivanov():
    return StaffFactory(username="ivanov_k", first_name="Кирилл", last_name="Иванов")


@pytest.fixture
def nameless():
    return StaffFactory(username="petrov_login", first_name="", last_name="")


def json_ld_of(page):
    import json

    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_byline_name_is_the_profile_name_else_first_and_last_name_else_nothing(ivanov, nameless):
    assert byline_name(ivanov) == "Кирилл Иванов"
    assert byline_name(nameless) == ""
    StaffProfile.objects.create(user=ivanov, byline_name="  К. Иванов-Северный ")
    ivanov.refresh_from_db()
    assert byline_name(ivanov) == "К. Иванов-Северный"


def test_article_page_shows_the_authors_name_never_the_login(client, ivanov):
    article = ArticleFactory(published=True, authors=[ivanov])
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="bylines">· Кирилл Иванов</span>' in page
    assert "ivanov_k" not in page
    assert json_ld_of(page)["author"] == [{"@type": "Person", "name": "Кирилл Иванов"}]


def test_byline_name_from_the_staff_profile_replaces_the_account_name(client, ivanov):
    StaffProfile.objects.create(user=ivanov, byline_name="Кирилл Иванов-Северный")
    article = ArticleFactory(published=True, authors=[ivanov])
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Кирилл Иванов-Северный" in page and "ivanov_k" not in page


def test_author_without_a_name_is_left_out_and_the_login_never_shown(client, ivanov, nameless):
    both = ArticleFactory(published=True, authors=[ivanov, nameless])
    page = client.get(both.get_absolute_url()).content.decode()
    assert '<span class="bylines">· Кирилл Иванов</span>' in page
    assert "petrov_login" not in page
    alone = ArticleFactory(published=True, authors=[nameless])
    page = client.get(alone.get_absolute_url()).content.decode()
    assert 'class="bylines"' not in page and "petrov_login" not in page
    # Search engines get the newsroom as the author instead of nobody.
    assert json_ld_of(page)["author"][0]["@type"] == "NewsMediaOrganization"


def test_byline_name_is_escaped(client, ivanov):
    StaffProfile.objects.create(user=ivanov, byline_name="<b>Иванов</b>")
    article = ArticleFactory(published=True, authors=[ivanov])
    page = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Иванов&lt;/b&gt;" in page and "<b>Иванов" not in page


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/"])
def test_feeds_name_the_author_never_the_login(client, url, ivanov, nameless):
    ArticleFactory(published=True, headline="С автором", authors=[ivanov])
    ArticleFactory(published=True, headline="Без имени", authors=[nameless])
    response = client.get(url)
    body = response.content.decode()
    assert "ivanov_k" not in body and "petrov_login" not in body
    entries = {entry.title: entry for entry in feedparser.parse(response.content).entries}
    assert entries["С автором"].author == "Кирилл Иванов"
    assert "author" not in entries["Без имени"]


def test_preview_shows_the_byline_as_readers_will(client, ivanov):
    article = ArticleFactory(authors=[ivanov])
    client.force_login(editor())
    page = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert "Кирилл Иванов" in page.content.decode()
    assert "ivanov_k" not in page.content.decode()


def test_admin_list_shows_names_and_marks_authors_readers_will_not_see(client, ivanov, nameless):
    ArticleFactory(headline="Статья Иванова", authors=[ivanov])
    ArticleFactory(headline="Статья без имени", authors=[nameless])
    client.force_login(editor())
    page = client.get(CHANGELIST).content.decode()
    assert "Кирилл Иванов" in page
    assert "petrov_login (нет имени: читатели его не видят)" in page
    # The author filter names people, with their login to tell namesakes apart.
    assert "Кирилл Иванов (ivanov_k)" in page


def test_article_form_shows_the_readers_byline_and_who_is_left_out(client, ivanov, nameless):
    article = ArticleFactory(authors=[ivanov, nameless])
    client.force_login(editor())
    page = client.get(change_url(article)).content.decode()
    assert "Подпись для читателей" in page
    assert "У «petrov_login» нет ни подписи в статьях, ни имени и фамилии" in page


def test_superuser_sets_a_byline_name_on_the_users_page(client, ivanov, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    url = reverse("admin:auth_user_change", args=[ivanov.pk])
    data = form_data(client.get(url), "user_form")
    data["staff_profile-0-byline_name"] = "Кирилл Иванов-Северный"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StaffProfile.objects.get(user=ivanov).byline_name == "Кирилл Иванов-Северный"
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Кирилл Иванов-Северный" in users


def test_reporter_sets_their_own_byline_name_and_only_their_own(client, ivanov):
    user = reporter("smirnova_a")
    other = StaffProfile.objects.create(user=ivanov, byline_name="Кирилл Иванов")
    client.force_login(user)
    add_url = reverse("admin:articles_staffprofile_add")
    forged = {"byline_name": "Анна Смирнова", "user": str(ivanov.pk)}
    assert client.post(add_url, forged).status_code == 302
    assert StaffProfile.objects.get(user=user).byline_name == "Анна Смирнова"
    other.refresh_from_db()
    assert other.byline_name == "Кирилл Иванов"  # the posted user was not theirs to change
    listing = client.get(reverse("admin:articles_staffprofile_changelist")).content.decode()
    assert "Анна Смирнова" in listing and "Кирилл Иванов" not in listing
    other_url = reverse("admin:articles_staffprofile_change", args=[other.pk])
    client.post(other_url, {"byline_name": "Взлом"})
    other.refresh_from_db()
    assert other.byline_name == "Кирилл Иванов"
    assert client.get(add_url).status_code == 403  # one profile each


def test_a_changed_name_reaches_cached_pages_and_a_login_does_not_expire_them(client, ivanov):
    from articles.caching import site_state

    article = ArticleFactory(published=True, authors=[ivanov])
    assert "Кирилл Иванов" in client.get(article.get_absolute_url()).content.decode()
    state = site_state()
    ivanov.set_password("pw-for-tests")
    ivanov.save(update_fields=["password"])
    # Through the login form (stamps last_login); axes refuses client.login without a request.
    client.post(reverse("admin:login"), {"username": "ivanov_k", "password": "pw-for-tests"})
    ivanov.refresh_from_db()
    assert ivanov.last_login is not None
    client.logout()
    assert site_state() == state
    ivanov.last_name = "Иванов-Северный"
    ivanov.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Кирилл Иванов-Северный" in page


def test_the_authors_picker_lists_staff_by_the_name_readers_see(client, ivanov):
    article = ArticleFactory(authors=[ivanov])
    client.force_login(editor())
    page = client.get(change_url(article)).content.decode()
    assert re.search(r'<option value="\d+" selected>Кирилл Иванов \(ivanov_k\)</option>', page)
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Иван",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "authors",
        },
    ).json()
    assert [result["text"] for result in found["results"]] == ["Кирилл Иванов (ivanov_k)"]


def authors_found(client, term):
    return client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": "authors"},
    )


def test_a_reporter_can_pick_authors_among_active_staff_only(client, ivanov):
    # The picker once answered 403 to everyone without the right to browse users.
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("ivanova_reader", first_name="Ирина", last_name="Иванова")
    client.force_login(reporter())
    found = authors_found(client, "Иван")
    assert found.status_code == 200
    assert [result["text"] for result in found.json()["results"]] == ["Кирилл Иванов (ivanov_k)"]


def test_staff_who_may_not_write_articles_cannot_list_staff(client, ivanov):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("guest", is_staff=True))
    assert authors_found(client, "Иван").status_code == 403
