"""The desk's main flow in Chromium: a reporter writes and submits, an editor publishes.

Screenshots go to var/screenshots/ (editor-*.png) for a person to look at.
"""

import re

import pytest
from django.contrib.auth.models import Group

from articles.groups import EDITOR, REPORTER
from articles.models import Article
from media.factories import CreditFactory, PhotoFactory
from newsroom.typography import typograph
from people.factories import PersonFactory
from tests.admin_forms import make_user
from tests.tools import pick, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard-title", state="attached")


def test_reporter_writes_previews_submits_and_editor_publishes(live_server, browser):
    assert Group.objects.filter(name=REPORTER).exists()
    make_user("reporter", REPORTER, first_name="Мария", last_name="Иванова")
    make_user("editor", EDITOR)
    PersonFactory(name="Никол Пашинян")
    PersonFactory(name="Александр Лукашенко")
    PhotoFactory(
        with_image=True,
        caption="Участники саммита в Минске",
        alt_text="Лидеры за круглым столом",
        credit=CreditFactory(name="пресс-служба ОДКБ"),
    )
    base = live_server.url

    reporter_tab = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = reporter_tab.new_page()
    log_in(page, base, "reporter")
    screenshot(page, "editor-1-dashboard")
    page.click("a.addlink[href$='/articles/article/add/']")
    page.fill("#id_headline", "Лидеры встретились в Минске")
    page.fill("#id_dek", "Саммит прошёл за закрытыми дверями.")
    page.fill(
        "#id_body",
        "Премьер-министр Армении **Никол Пашинян** и президент Белоруссии "
        "**Александр Лукашенко** обсудили сотрудничество.\n\nВторой абзац.",
    )
    # The rendered body appears beside the editor, from the server.
    page.wait_for_selector(".body-preview-content strong:has-text('Никол Пашинян')")
    pick(page, "id_lead_photo", "Минск", "Участники саммита в Минске")
    for i, name in enumerate(["Никол Пашинян", "Александр Лукашенко"]):
        page.click("#mentions-group .add-row a")
        pick(page, f"id_mentions-{i}-person", name.split()[1][:5], name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "editor-2-saved-draft")

    preview_href = page.get_attribute("a.preview-link", "href")
    preview = reporter_tab.new_page()
    preview.goto(base + preview_href)
    assert preview.locator("h1").inner_text() == typograph("Лидеры встретились в Минске")
    assert preview.locator("img[alt='Лидеры за круглым столом']").count() == 1
    screenshot(preview, "editor-3-preview")

    page.click("button[name=_workflow][value=submit]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(headline="Лидеры встретились в Минске")
    assert article.status == Article.Status.REVIEW
    assert page.locator("button[value=publish]").count() == 0  # not the reporter's to do
    reporter_tab.close()

    editor_tab = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = editor_tab.new_page()
    log_in(page, base, "editor")
    page.click("#in-review a:has-text('Лидеры встретились в Минске')")
    screenshot(page, "editor-4-review")
    page.click("button[name=_workflow][value=publish]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "editor-5-published")
    editor_tab.close()

    article.refresh_from_db()
    assert article.is_visible_to_readers
    reader_tab = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = reader_tab.new_page()
    page.goto(base + "/")
    page.click("a:has-text('Лидеры встретились в Минске')")
    assert page.locator("h1").inner_text() == typograph("Лидеры встретились в Минске")
    names = page.locator(".mentions").inner_text()
    assert "Никол Пашинян" in names and "Александр Лукашенко" in names
    # The byline is the reporter's name, not the login she writes under.
    assert page.locator(".bylines").inner_text() == "· Мария Иванова"
    assert re.search(r"/news/[\w-]+/$", page.url)
    screenshot(page, "editor-6-reader")
    reader_tab.close()
