"""The inline "add another" links, drawn by Django's JavaScript, read as Russian in Chromium."""

import pytest
from django.contrib.auth import get_user_model

from tests.tools import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inline_add_links_agree_with_their_models_in_the_browser(live_server, page):
    get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    links = {
        group: page.inner_text(f"#{group}-group .add-row a")
        for group in ("article_photos", "mentions", "quotes")
    }
    assert links == {
        "article_photos": "Добавить ещё одно фото в тексте",
        "mentions": "Добавить ещё одно упоминание",
        "quotes": "Добавить ещё одну цитату",
    }
    assert page.inner_text("h1") == "Добавить статью"
    page.click("#quotes-group .add-row a")
    assert page.locator("#quotes-group .inline-related:not(.empty-form)").count() == 1
    screenshot(page, "admin-russian-inline-links")
