"""Photos on the article form in Chromium: "after paragraph" picked from the body as typed,
the live preview showing the photo there, the alt text typed beside it.

Screenshots go to var/screenshots/ (article-photos-*.png) for a person to look at.
"""

import pytest

from articles.groups import EDITOR
from articles.models import Article
from media.factories import CreditFactory, PhotoFactory
from tests.admin_forms import make_user
from tests.test_editor_browser import log_in, pick
from tests.tools import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Лидеры собрались в Минске.\n\n"
    "- первый пункт повестки;\n\n"
    "- второй пункт повестки.\n\n"
    "Заседание продлилось три часа."
)


def test_photo_placed_from_the_paragraph_select_shows_there_in_the_live_preview(
    live_server, browser
):
    make_user("editor", EDITOR)
    photo = PhotoFactory(
        with_image=True,
        caption="Участники саммита в Минске",
        alt_text="",
        credit=CreditFactory(name="пресс-служба ОДКБ"),
    )
    tab = browser.new_context(locale="ru-RU", viewport={"width": 1440, "height": 1000})
    page = tab.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_headline", "Лидеры встретились в Минске")
    page.fill("#id_body", BODY)
    page.click("#article_photos-group .add-row a")
    pick(page, "id_article_photos-0-photo", "Минск", "Участники саммита в Минске")

    # The select lists the paragraphs of the body as typed: the loose list is one of them.
    position = page.locator("#id_article_photos-0-position")
    page.wait_for_selector("#id_article_photos-0-position option[value='3']", state="attached")
    assert position.locator("option").all_inner_texts() == [
        "0 — в начале, перед первым абзацем",
        "1 — «Лидеры собрались в Минске.»",
        "2 — «первый пункт повестки;»",
        "3 — «Заседание продлилось три часа.»",
    ]
    position.select_option(label="2 — «первый пункт повестки;»")
    page.fill("#id_article_photos-0-alt_text", "Лидеры за круглым столом")

    # In the preview the photo stands after the list, before the last paragraph.
    preview = page.locator(".body-preview-content")
    page.wait_for_selector(".preview-paragraph[data-paragraph='2'] + .preview-photo")
    placed = preview.locator(".preview-paragraph[data-paragraph='2'] + .preview-photo")
    assert "Участники саммита в Минске" in placed.inner_text()
    assert placed.locator("img").count() == 1
    assert (
        preview.locator(".preview-photo + .preview-paragraph").get_attribute("data-paragraph")
        == "3"
    )
    page.locator("#article_photos-group").scroll_into_view_if_needed()
    screenshot(page, "article-photos-1440")

    # More paragraphs typed: the select lists them at once and keeps the number chosen.
    page.fill("#id_body", "Новый первый абзац.\n\n" + BODY)
    page.wait_for_selector("#id_article_photos-0-position option[value='4']", state="attached")
    assert position.input_value() == "2"
    page.set_viewport_size({"width": 360, "height": 800})
    page.locator("#article_photos-group").scroll_into_view_if_needed()
    screenshot(page, "article-photos-360")
    # At 360 px the photos' table scrolls inside its own box, not the page.
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360 + 1, page_width

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    # Opened again, the form shows the photo's alt text (the admin's own "change" events
    # on loading the page must not empty it).
    page.wait_for_selector(".preview-photo")
    assert page.input_value("#id_article_photos-0-alt_text") == "Лидеры за круглым столом"
    article = Article.objects.get(headline="Лидеры встретились в Минске")
    placement = article.article_photos.get()
    assert placement.position == 2
    photo.refresh_from_db()
    assert photo.alt_text == "Лидеры за круглым столом"
    tab.close()
