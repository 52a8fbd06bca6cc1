"""List pages (a person's page too) keep their articles and count in the database while the list generation
stays, and never show them out of date (articles.stored_fragments).

Each test views a list (which stores its pieces), changes an article, or the clock, and
expects the change on the next view. Page cache and fragments are off.
"""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import stored_fragments
from articles.factories import ArticleFactory, MentionFactory, QuoteFactory, SectionFactory
from articles.models import Article, StoredFragment
from newsroom import rendered
from people import views as people_views
from people.factories import PersonFactory, RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    # Headlines keep short words with the next one (a no-break space): read as spaces.
    return re.sub(r'nonce="[^"]*"', "", response.content.decode()).replace("\xa0", " ")


@pytest.fixture
def article(committed):
    with committed():
        return ArticleFactory(
            published=True,
            headline="Мэрия открыла мост",
            dek="Движение пустят весной",
            section=SectionFactory(name="Город"),
            tags=["мосты"],
        )


def urls(article):
    tag = Tag.objects.get(name="мосты")
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "archive": f"/archive/{article.published_at.year}/",
    }


@pytest.mark.parametrize(
    ("name", "budget"),
    # The count, read with the generation, and the list piece; a section or tag page finds
    # its section or tag first.
    [("home", 2), ("section", 3), ("tag", 3), ("archive", 2)],
)
def test_a_later_view_reads_the_stored_pieces(
    client, article, name, budget, django_assert_max_num_queries
):
    url = urls(article)[name]
    first = shown(client, url)
    assert StoredFragment.objects.count() == 2  # its count and its articles
    with django_assert_max_num_queries(budget):
        assert shown(client, url) == first
    assert "Мэрия открыла мост" in first


@pytest.mark.parametrize("name", ["home", "section", "tag", "archive"])
def test_a_newly_published_article_shows_at_once(client, article, committed, name):
    url = urls(article)[name]
    shown(client, url)
    with committed():
        ArticleFactory(
            published=True, headline="Второй мост построят", section=article.section, tags=["мосты"]
        )
    assert "Второй мост построят" in shown(client, url)


def test_an_unpublished_article_leaves_the_list_and_its_count(client, article, committed):
    url = urls(article)["tag"]
    with committed():
        other = ArticleFactory(published=True, headline="Мост покрасят", tags=["мосты"])
    assert "2 статьи" in shown(client, url)
    with committed():
        other.status = Article.Status.DRAFT
        other.save()
    page = shown(client, url)
    assert "Мост покрасят" not in page and "1 статья" in page


def test_a_changed_headline_and_dek_show_at_once(client, article, committed):
    url = urls(article)["section"]
    assert "Движение пустят весной" in shown(client, url)
    with committed():
        article.headline = "Мэрия закрыла мост"
        article.dek = "Движение пустят летом"
        article.save()
    page = shown(client, url)
    assert "Мэрия закрыла мост" in page and "Движение пустят летом" in page
    assert "Движение пустят весной" not in page


def test_a_change_shows_in_its_own_transaction_before_the_commit(client, article):
    shown(client, "/")
    ArticleFactory(published=True, headline="Мост открыт для пешеходов")
    assert "Мост открыт для пешеходов" in shown(client, "/")


def test_a_scheduled_article_shows_by_itself_when_its_time_comes(
    client, article, committed, monkeypatch
):
    due = timezone.now() + datetime.timedelta(hours=2)
    with committed():
        ArticleFactory(
            headline="Мост откроют после ремонта",
            status=Article.Status.PUBLISHED,
            published_at=due,
        )
    assert "Мост откроют после ремонта" not in shown(client, "/")
    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))
    assert "Мост откроют после ремонта" in shown(client, "/")


def test_a_renamed_section_shows_on_its_page(client, article, committed):
    url = urls(article)["section"]
    shown(client, url)
    with committed():
        article.section.description = "Новости столицы"
        article.section.save()
    assert "Новости столицы" in shown(client, url)


@pytest.mark.parametrize("address", ["/?utm_source=mail", "/?page=1", "/?page=01"])
def test_a_made_up_address_is_rendered_but_not_stored(client, article, address):
    assert "Мэрия открыла мост" in shown(client, address)
    # Only the count, kept for the list whatever its query string.
    assert StoredFragment.objects.count() == 1


@pytest.fixture
def person(committed, article):
    with committed():
        person = PersonFactory(name="Иван Петров")
        MentionFactory(article=article, person=person)
    return person


def test_a_later_view_of_a_persons_page_reads_the_stored_piece(
    client, person, django_assert_max_num_queries
):
    shown(client, person.get_absolute_url())  # the person's profile is stored by the
    first = shown(client, person.get_absolute_url())  # second view (people.stored_pages)
    assert "Мэрия открыла мост" in first
    # The person with their stored profile, the count read with the generation (not
    # counted), the piece.
    with CaptureQueriesContext(connection) as captured:
        assert shown(client, person.get_absolute_url()) == first
    assert len(captured) == 3
    assert "COUNT(" not in " ".join(query["sql"] for query in captured.captured_queries)


def test_a_persons_page_counts_a_newly_published_article_at_once(
    client, person, article, committed
):
    heading = re.compile(r'<h2 id="person-articles">(.*?)</h2>')
    assert heading.search(shown(client, person.get_absolute_url())).group(1) == "1 статья"
    with committed():
        MentionFactory(
            article=ArticleFactory(published=True, headline="Мост открыли снова"), person=person
        )
    page = shown(client, person.get_absolute_url())
    assert heading.search(page).group(1) == "2 статьи" and "Мост открыли снова" in page


def test_a_persons_new_quote_and_role_show_at_once(client, person, article, committed):
    shown(client, person.get_absolute_url())
    with committed():
        QuoteFactory(article=article, speaker=person, text="Мост простоит сто лет")
        RoleFactory(person=person, title="вице-мэр")
    page = shown(client, person.get_absolute_url())
    assert "Мост простоит сто лет" in page and "вице-мэр" in page.lower()


def test_a_role_ending_today_is_past_tomorrow_on_a_stored_page(client, person, monkeypatch):
    today = datetime.date(2026, 3, 1)
    monkeypatch.setattr(people_views.timezone, "localdate", lambda: today)
    RoleFactory(person=person, title="министр")
    RoleFactory(person=person, title="советник", end_date=today)
    current = re.compile(r'<ul class="current-role roles">.*?</ul>', re.S)
    assert "Советник" in current.search(shown(client, person.get_absolute_url())).group()
    monkeypatch.setattr(
        people_views.timezone, "localdate", lambda: today + datetime.timedelta(days=1)
    )
    tomorrow = shown(client, person.get_absolute_url())
    assert "Советник" not in current.search(tomorrow).group()


def test_new_code_renders_every_piece_anew(client, article, monkeypatch):
    shown(client, "/")
    before = {row.key: row.fingerprint for row in StoredFragment.objects.all()}
    stored_fragments.code_fingerprint.cache_clear()
    monkeypatch.setattr(rendered, "code_digest", lambda **files: "a deploy's new templates")
    try:
        shown(client, "/")
    finally:
        stored_fragments.code_fingerprint.cache_clear()
    after = {row.key: row.fingerprint for row in StoredFragment.objects.all()}
    assert after.keys() == before.keys()
    assert all(after[key] != before[key] for key in before)


def test_the_code_fingerprint_needs_nothing_production_does_not_install():
    # As in production, where the test factories' factory_boy is not installed.
    script = (
        "import sys; sys.modules['factory'] = None\n"
        "import django; django.setup()\n"
        "from articles.stored_fragments import code_fingerprint\n"
        "print(code_fingerprint())\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    environment.pop("DJANGO_PRODUCTION", None)
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.stdout.strip()) == 64
