"""The public pages read at 360 px and at 1440 px, and work with JavaScript turned off."""

import pytest
from django.urls import reverse

from articles.factories import ArticleFactory, ArticlePhotoFactory, MentionFactory
from media.factories import PhotoFactory
from tests.reference import build_reference_article
from tests.tools import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def site_urls():
    article = build_reference_article()
    article.tags.add("ОДКБ")
    person = article.persons.first()
    wide = ArticleFactory(
        published=True,
        headline="Оченьдлинноесловобезпробеловкотороенедолжноломатьвёрсткунаузкомэкране" * 2,
        lead_photo=PhotoFactory(with_image=True),
        body="Ссылка https://example.org/" + "очень-длинный-адрес-" * 12 + "\n\nВторой абзац.",
    )
    ArticlePhotoFactory(article=wide, photo=PhotoFactory(with_image=True), position=1)
    MentionFactory(article=wide, person=person)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "wide article": wide.get_absolute_url(),
        "person": person.get_absolute_url(),
        "organization": article.organizations.first().get_absolute_url(),
        "section": wide.section.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": article.tags.first().slug}),
        "search": "/search/?q=Токаев",
    }


@pytest.mark.parametrize("width", [360, 1440])
def test_pages_have_no_horizontal_scroll(browser, live_server, width):
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for name, url in site_urls().items():
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if width == 360:
                screenshot(page, f"narrow-{name}")
            assert overflow <= 0, f"{name} ({url}) scrolls sideways by {overflow}px at {width}px"
    finally:
        context.close()


def test_search_works_without_javascript(browser, live_server):
    site_urls()
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#site-search", "Токаева")
        page.press("#site-search", "Enter")
        page.wait_for_url("**/search/?q=*")
        assert page.locator(".search-result").count() >= 1
        page.locator(".search-result a").first.click()
        assert page.locator("h1").inner_text().startswith("Лидеры")
    finally:
        context.close()
