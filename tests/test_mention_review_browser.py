"""An editor reviews the persons the analysis found, in Chromium: accepts one, rejects one,
and the next press of "find" does not bring the rejected one back.

Screenshots go to var/screenshots/ (mentions-*.png) for a person to look at.
"""

import pytest

from articles.groups import EDITOR
from articles.models import Mention, RejectedMention
from tests.admin_forms import change_url, make_user
from tests.test_mention_review import imported_article
from tests.tools import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"


@pytest.fixture
def article(tmp_path):
    """Wire copy as it comes: one person in bold, one only as a transcript's speaker."""
    return imported_article(tmp_path)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard-title", state="attached")


def row_of(page, name):
    """The mentions inline's row that names ``name``."""
    return page.locator("#mentions-group tr.form-row", has_text=name)


def test_editor_accepts_and_rejects_found_mentions_and_find_respects_it(live_server, page, article):
    make_user("editor", EDITOR)
    log_in(page, live_server.url, "editor")
    page.goto(live_server.url + change_url(article))

    # Each found person is shown with where it came from, awaiting a decision.
    lavrov, wang = row_of(page, "Сергей Лавров"), row_of(page, "Ван И")
    assert "выделение жирным" in lavrov.inner_text()
    assert "реплика в стенограмме" in wang.inner_text()
    assert "ждёт решения" in wang.inner_text()
    screenshot(page, "mentions-1-found")

    lavrov.locator("select[name$='-decision']").select_option(label="принять")
    wang.locator("select[name$='-decision']").select_option(label="отклонить")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    assert "принято" in row_of(page, "Сергей Лавров").inner_text()
    assert row_of(page, "Ван И").count() == 0
    screenshot(page, "mentions-2-decided")

    # The next "find" adds nothing: the rejected speaker stays out, the accepted one stays.
    page.click("button[name=_find_mentions]")
    page.wait_for_selector(".messagelist .success")
    assert "Найдено в тексте: 0 новых упоминаний" in page.locator(".messagelist").inner_text()
    assert row_of(page, "Ван И").count() == 0
    assert "принято" in row_of(page, "Сергей Лавров").inner_text()
    screenshot(page, "mentions-3-found-again")

    names = article.mentions.filter(person__isnull=False).values_list("person__name", flat=True)
    assert list(names) == ["Сергей Лавров"]
    assert article.mentions.get(person__name="Сергей Лавров").accepted
    rejected = RejectedMention.objects.get(article=article)
    assert (rejected.person.name, rejected.source) == ("Ван И", Mention.Source.TRANSCRIPT)
