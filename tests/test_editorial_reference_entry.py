"""The reference article entered by hand in the admin, step by step, in Chromium.

Follows the README's "Entering an article by hand": credit, photos, persons with roles,
organizations, then the article with its photos, mentions and quote. It counts the
form interactions a person makes, and checks the published page matches the file.
"""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest

from articles.groups import EDITOR
from articles.models import Article
from newsroom.typography import typograph
from tests.admin_forms import make_user
from tests.reference import PERSONS, reference_parts
from tests.tools import pick, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Desk:
    """A page in the admin that counts what a person would type and click."""

    def __init__(self, page, base):
        self.page, self.base, self.steps = page, base, 0

    def go(self, path):
        self.page.goto(self.base + path)

    def fill(self, selector, text):
        self.steps += 1
        self.page.fill(selector, text)

    def click(self, selector):
        self.steps += 1
        self.page.click(selector)

    def choose(self, selector, label):
        self.steps += 1  # a plain select: open and choose
        self.page.select_option(selector, label=label)

    def pick(self, select_id, term, text):
        self.steps += 3  # open, type, choose
        pick(self.page, select_id, term, text)

    def save(self):
        self.click("input[name=_save]")
        self.page.wait_for_selector(".messagelist .success")

    def log_in(self):
        self.go("/admin/login/")
        self.fill("#id_username", "chief")
        self.fill("#id_password", "pw-for-tests")
        self.click("input[type=submit]")

    def enter_credit_and_photos(self, parts):
        """The photos' one credit, then each photo with its caption (alt text comes later,
        on the article form)."""
        credit = parts["photos"][0]["credit"]
        self.go("/admin/media/credit/add/")
        self.fill("#id_name", credit)
        self.save()
        for photo in parts["photos"]:
            self.go("/admin/media/photo/add/")
            self.fill("#id_caption", photo["caption"])
            self.pick("id_credit", credit[:12], credit)
            self.save()

    def enter_article_text_and_photos(self, parts):
        """A new article's headline, dek and body, its lead photo and the photo in the body,
        each photo's alt text typed beside it, the second one's place picked by its paragraph."""
        self.go("/admin/articles/article/add/")
        self.fill("#id_headline", parts["headline"])
        self.fill("#id_dek", parts["dek"])
        self.fill("#id_body", "\n\n".join(parts["paragraphs"]))
        lead, second = parts["photos"]
        self.pick("id_lead_photo", lead["caption"][:10], lead["caption"])
        self.fill("#id_lead_photo_alt_text", lead["caption"])
        self.click("#article_photos-group .add-row a")
        self.pick("id_article_photos-0-photo", second["caption"][:10], second["caption"][:30])
        self.fill("#id_article_photos-0-alt_text", second["caption"])
        # The select lists the paragraphs by their first words once the body is typed.
        position = second["position"]
        words = parts["paragraphs"][position - 1].replace("**", "").split()
        label = f"{position} — «{' '.join(words[:6])}…»"
        self.page.wait_for_selector(
            f"#id_article_photos-0-position option[value='{position}']", state="attached"
        )
        self.choose("#id_article_photos-0-position", label)

    def check_photos_in_place(self, parts):
        """The public page: the lead photo under the header, the other after its paragraph."""
        lead, second = parts["photos"]
        assert self.page.locator("article > figure.photo .caption").inner_text() == lead["caption"]
        body = self.page.evaluate(
            "Array.from(document.querySelectorAll('article .body > *'), e => e.outerHTML)"
        )
        photo_at = next(i for i, html in enumerate(body) if html.startswith('<figure class="photo'))
        assert photo_at == second["position"], body[: photo_at + 1]
        assert second["caption"] in body[photo_at]

    def give_original_time(self, parts):
        """ "Опубликовать в": the file's date line, typed in Moscow time, for "Publish now"."""
        when = parts["published_at"]
        self.fill("#id_schedule_at_0", f"{when:%d.%m.%Y}")
        self.fill("#id_schedule_at_1", f"{when:%H:%M}")


# The reference file's date line `10-02-2022, 19:12.`: where the article must end up.
ORIGINAL_TIME = datetime.datetime(2022, 2, 10, 19, 12, tzinfo=ZoneInfo("Europe/Moscow"))


def editor_with_a_name():
    return make_user("chief", EDITOR, first_name="Анна", last_name="Смирнова")


def assert_dated_and_signed_as_the_original(page, article):
    """In the database and on the public page: the file's time, and a person's name."""
    assert article.published_at == ORIGINAL_TIME
    published = page.locator("header .meta time").first
    assert published.inner_text() == "10 февраля 2022, 19:12"
    assert published.get_attribute("datetime") == "2022-02-10T19:12:00+03:00"
    assert page.locator("header .bylines").inner_text() == "· Анна Смирнова"
    assert "chief" not in page.locator("article").inner_text()


def test_reference_article_can_be_entered_by_hand(live_server, page):
    editor_with_a_name()
    parts = reference_parts()
    desk = Desk(page, live_server.url)
    started = time.monotonic()
    desk.log_in()

    desk.enter_credit_and_photos(parts)

    desk.go("/admin/people/organization/add/")
    desk.fill("#id_name", "Организация Договора о коллективной безопасности")
    desk.fill("#id_short_name", "ОДКБ")
    desk.save()
    desk.go("/admin/people/organization/add/")
    desk.fill("#id_name", "Совет коллективной безопасности")
    desk.pick("id_parent", "ОДКБ", "ОДКБ")
    desk.save()

    for name, (role, _written) in PERSONS.items():
        desk.go("/admin/people/person/add/")
        desk.fill("#id_name", name)
        desk.fill("#id_roles-0-title", role)
        desk.save()

    desk.enter_article_text_and_photos(parts)
    for i, (name, (role, written)) in enumerate(PERSONS.items()):
        desk.click("#mentions-group .add-row a")
        desk.pick(f"id_mentions-{i}-person", name.split()[-1][:5], name)
        desk.fill(f"#id_mentions-{i}-role_text", role)
        if written:
            desk.fill(f"#id_mentions-{i}-written_as", written)
    desk.click("#quotes-group .add-row a")
    desk.fill("#id_quotes-0-text", parts["quote"])
    desk.pick("id_quotes-0-speaker", "Токаев", "Касым-Жомарт Токаев")
    desk.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    desk.give_original_time(parts)
    desk.click("button[name=_workflow][value=publish]")
    page.wait_for_selector(".messagelist .success")
    elapsed = time.monotonic() - started
    screenshot(page, "reference-entry-article-form")

    article = Article.objects.get(headline=parts["headline"])
    assert article.is_visible_to_readers
    assert article.mentions.count() == len(PERSONS)
    assert article.quotes.count() == 1 and article.article_photos.count() == 1
    page.goto(live_server.url + article.get_absolute_url())
    screenshot(page, "reference-entry-public")
    assert page.locator("h1").inner_text() == typograph(parts["headline"])  # as readers see it
    assert page.locator("a:has-text('Касым-Жомарта Токаева')").count() >= 1
    assert_dated_and_signed_as_the_original(page, article)

    desk.check_photos_in_place(parts)
    print(f"\nreference article entered with {desk.steps} interactions in {elapsed:.1f}s")


def test_reference_article_with_found_mentions_takes_a_few_dozen_steps(live_server, page):
    """The short way: the text and photos typed, persons and the quote found by one button."""
    editor_with_a_name()
    parts = reference_parts()
    desk = Desk(page, live_server.url)
    desk.log_in()
    desk.enter_credit_and_photos(parts)
    desk.enter_article_text_and_photos(parts)
    desk.click("button[name=_find_mentions]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "reference-entry-found-mentions")
    desk.give_original_time(parts)
    desk.click("button[name=_workflow][value=publish]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(headline=parts["headline"])
    assert article.is_visible_to_readers
    assert set(article.persons.values_list("name", flat=True)) == set(PERSONS)
    assert article.quotes.get().speaker.name == "Касым-Жомарт Токаев"
    assert desk.steps <= 40, desk.steps
    page.goto(live_server.url + article.get_absolute_url())
    screenshot(page, "reference-entry-found-mentions-public")
    assert page.locator("a:has-text('Касым-Жомарта Токаева')").count() >= 1
    assert page.locator("figure.quote").count() == 1
    assert_dated_and_signed_as_the_original(page, article)

    desk.check_photos_in_place(parts)
    print(f"\nreference article entered with {desk.steps} interactions")
