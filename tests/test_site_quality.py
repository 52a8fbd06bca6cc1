"""The public pages are valid HTML (Nu HTML Checker) and accessible (axe-core in Chromium)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory, SectionFactory
from articles.models import Article
from media.factories import PhotoFactory
from people.factories import RoleFactory
from tests.reference import build_reference_article
from tests.tools import axe_violations, screenshot, validate_html

pytestmark = pytest.mark.django_db


def public_urls():
    """The reference article's pages, and every other kind of public page around it."""
    article = build_reference_article()
    person = article.persons.first()
    organization = article.organizations.first()
    section = SectionFactory(name="Политика")
    Article.objects.filter(pk=article.pk).update(
        section=section,
        content_updated_at=article.published_at + datetime.timedelta(hours=1),
        corrections="Уточнено название организации.",
        corrected_at=article.published_at + datetime.timedelta(hours=1),
    )
    article.tags.add("ОДКБ", "Казахстан")
    person.portrait = PhotoFactory(with_image=True, caption="Портрет")
    person.save()
    RoleFactory(
        person=person,
        title="председатель Сената",
        start_date=datetime.date(2011, 4, 13),
        end_date=datetime.date(2019, 3, 19),
    )
    pictured = ArticleFactory(
        published=True,
        section=section,
        headline="Снимок дня",
        lead_photo=PhotoFactory(with_image=True, caption="Площадь"),
        tags=["ОДКБ"],
    )
    MentionFactory(article=pictured, person=person)
    day = timezone.localtime(article.published_at)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "article with photo": pictured.get_absolute_url(),
        "person": person.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": article.tags.get(name="ОДКБ").slug}),
        "archive": f"/archive/{day.year}/{day.month}/{day.day}/",
        "search": "/search/?q=Токаева",
        "empty search": "/search/",
    }


def test_public_pages_are_valid_html(client):
    documents = {
        f"{name} {url}": client.get(url).content.decode() for name, url in public_urls().items()
    }
    documents["404 page"] = client.get("/news/no-such-article/").content.decode()
    documents["500 page"] = render_to_string("500.html")
    errors = validate_html(documents)
    assert errors == {name: [] for name in documents}


@pytest.fixture
def page(browser):
    """A tab that lets the checker in: axe-core is injected as a script, which the readers'
    Content-Security-Policy (script-src 'none') would block. The policy itself is tested
    in test_security_headers.py."""
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(live_server, page):
    for name, url in public_urls().items():
        page.goto(live_server.url + url)
        screenshot(page, f"public-{name}")
        assert axe_violations(page) == [], f"{name} page ({url})"
