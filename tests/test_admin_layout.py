"""The desk's pages in Chromium at 360 and 1440 px: nothing scrolls sideways, nothing overlaps.

The article change form is opened on the reference article (seven mentions with long roles,
photos in the body, a quote) with a 120-character headline. Screenshots go to
var/screenshots/ (layout-*.png) for a person to look at.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.factories import ArticleFactory
from articles.models import Article
from media.factories import PhotoFactory
from tests.reference import build_reference_article
from tests.tools import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"
WIDTHS = [360, 1440]
HEADLINE = (
    "Лидеры государств — членов ОДКБ обсудили в Астане коллективную безопасность, "
    "миротворческие операции и летние учения сил"
)

# The boxes of the change form, and which of them cover one another (a box and one inside
# it do not count).
OVERLAPS = """() => {
  const boxes = [
    ["title", document.querySelector("#content > h1")],
    ["headline title", document.querySelector("#content > h2")],
    ["object tools", document.querySelector(".object-tools")],
    ["buttons on top", document.querySelector(".submit-row")],
    ["editor", document.querySelector("#id_body")],
    ["preview", document.querySelector(".body-preview")],
    ["headline", document.querySelector("#id_headline")],
    ...[...document.querySelectorAll("#article_form fieldset.module.aligned")]
      .filter(e => !e.closest(".inline-group"))
      .map((e, i) => ["fieldset " + i, e]),
    ...[...document.querySelectorAll(".inline-group")].map(e => [e.id, e]),
    ...[...document.querySelectorAll(".workflow-row")].map((e, i) => ["workflow row " + i, e]),
  ];
  const missing = boxes.filter(([name, e]) => !e).map(([name]) => name);
  const found = [];
  const shown = boxes.filter(([name, e]) => e);
  shown.forEach(([nameA, a], i) => shown.slice(i + 1).forEach(([nameB, b]) => {
    if (a.contains(b) || b.contains(a)) return;
    const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
    const width = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const height = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (width > 1 && height > 1) found.push([nameA, nameB]);
  }));
  const offScreen = shown.filter(([n, e]) => e.getBoundingClientRect().right > innerWidth)
    .map(([name]) => name);
  return {missing, overlapping: found, offScreen};
}"""


def page_overflow(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")


@pytest.fixture
def desk(live_server):
    """A logged-in superuser's view of the reference article with a long headline."""
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    article = build_reference_article()
    Article.objects.filter(pk=article.pk).update(
        headline=HEADLINE, lead_photo=PhotoFactory(with_image=True, caption="Саммит в Астане")
    )
    return live_server.url, article


def open_as_chief(browser, base, width):
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard-title", state="attached")
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_article_form_fits_the_screen_and_nothing_overlaps(browser, desk, width):
    base, article = desk
    context, page = open_as_chief(browser, base, width)
    try:
        page.goto(base + reverse("admin:articles_article_change", args=[article.pk]))
        page.wait_for_selector(".body-preview-content p")
        screenshot(page, f"layout-article-form-{width}")
        assert page_overflow(page) <= 0, f"the form scrolls sideways at {width}px"
        assert page.evaluate(OVERLAPS) == {"missing": [], "overlapping": [], "offScreen": []}
    finally:
        context.close()


def test_at_1440_the_headline_shows_whole_and_the_preview_is_beside_the_editor(browser, desk):
    base, article = desk
    context, page = open_as_chief(browser, base, 1440)
    try:
        page.goto(base + reverse("admin:articles_article_change", args=[article.pk]))
        headline = page.locator("#id_headline")
        assert len(headline.input_value()) == 120
        hidden = headline.evaluate("input => input.scrollWidth - input.clientWidth")
        assert hidden <= 0, f"{hidden}px of the headline are hidden"
        editor = page.locator("#id_body").bounding_box()
        preview = page.locator(".body-preview").bounding_box()
        assert preview["x"] >= editor["x"] + editor["width"]
        assert abs(preview["y"] - editor["y"]) < 5
        # The mentions' table fits the form: no scrolling inside it either.
        table_box = page.locator("#mentions-group fieldset.module")
        assert table_box.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    finally:
        context.close()


def test_at_360_editor_and_preview_are_stacked_and_tables_scroll_in_their_box(browser, desk):
    base, article = desk
    context, page = open_as_chief(browser, base, 360)
    try:
        page.goto(base + reverse("admin:articles_article_change", args=[article.pk]))
        editor = page.locator("#id_body").bounding_box()
        preview = page.locator(".body-preview").bounding_box()
        assert preview["y"] >= editor["y"] + editor["height"]
        assert editor["width"] > 250 and preview["width"] > 250
        box = page.locator("#mentions-group fieldset.module")
        assert box.evaluate("box => getComputedStyle(box).overflowX") == "auto"
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        assert box.evaluate("box => box.scrollLeft") > 0
        assert page_overflow(page) <= 0
        # The box's title stays in view while its table scrolls.
        title = page.locator("#mentions-group fieldset.module > h2").bounding_box()
        assert title["x"] >= 0 and title["x"] + title["width"] <= 360
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_shows_recent_actions_and_keeps_on_site_links_apart(browser, desk, width):
    base, article = desk
    ArticleFactory(published=True, headline="Короткая новость")
    context, page = open_as_chief(browser, base, width)
    try:
        page.goto(base + reverse("admin:articles_article_change", args=[article.pk]))
        page.fill("#id_dek", "Лид изменён.")
        page.click("input[name=_save]")
        page.goto(base + reverse("admin:index"))
        screenshot(page, f"layout-dashboard-{width}")
        assert page_overflow(page) <= 0
        recent = page.locator("#recent-actions-module")
        assert "Недоступно" not in recent.inner_text()
        assert recent.locator("a", has_text=HEADLINE[:40]).count() == 1
        lines = page.locator("#recently-published li")
        assert lines.count() == 2
        for i in range(lines.count()):
            gaps = lines.nth(i).evaluate(
                """line => {
                  const [headline, onSite] = line.querySelectorAll("a");
                  const site = onSite.getBoundingClientRect();
                  // Each line box of the headline beside the link must leave room before it.
                  return [...headline.getClientRects()]
                    .filter(r => r.bottom > site.top && r.top < site.bottom)
                    .map(r => site.left - r.right);
                }"""
            )
            assert all(gap >= 8 for gap in gaps), f"«на сайте» touches the headline: {gaps}"
            assert lines.nth(i).locator("a").nth(1).inner_text() == "на сайте"
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_other_desk_pages_do_not_scroll_sideways(browser, desk, width):
    base, article = desk
    person = article.persons.first()
    pages = {
        "articles": reverse("admin:articles_article_changelist"),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
        "person": reverse("admin:people_person_change", args=[person.pk]),
        "photo": reverse(
            "admin:media_photo_change", args=[article.article_photos.first().photo_id]
        ),
    }
    context, page = open_as_chief(browser, base, width)
    try:
        for name, url in pages.items():
            page.goto(base + url)
            assert page_overflow(page) <= 0, f"{name} scrolls sideways at {width}px"
            if page.locator("body.change-form .object-tools").count():
                tools = page.locator(".object-tools").bounding_box()
                title = page.locator("#content > h2").bounding_box()
                assert tools["y"] >= title["y"] + title["height"], f"{name}: tools over the title"
    finally:
        context.close()
