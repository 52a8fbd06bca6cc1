"""The public pages are valid HTML (Nu HTML Checker) and accessible (axe-core in Chromium)."""

import pytest

from tests.reference import build_reference_article
from tests.tools import axe_violations, screenshot, validate_html

pytestmark = pytest.mark.django_db


def public_urls():
    article = build_reference_article()
    person = article.persons.first()
    organization = article.organizations.first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "person": person.get_absolute_url(),
        "organization": organization.get_absolute_url(),
    }


def test_public_pages_are_valid_html(client):
    documents = {
        f"{name} {url}": client.get(url).content.decode() for name, url in public_urls().items()
    }
    errors = validate_html(documents)
    assert errors == {name: [] for name in documents}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(live_server, page):
    for name, url in public_urls().items():
        page.goto(live_server.url + url)
        screenshot(page, f"public-{name}")
        assert axe_violations(page) == [], f"{name} page ({url})"
