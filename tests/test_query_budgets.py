"""Every public page runs a fixed, small number of SQL queries, however much it shows.

The page cache is off and every cached fragment cleared, so each page renders from the
database; only the site state (one query per content change, articles/caching.py) is
established first, by a request for robots.txt.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import menu
from articles.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    MentionFactory,
    QuoteFactory,
    SectionFactory,
    StaffFactory,
)
from articles.models import Mention, StoredFragment
from media.factories import PhotoFactory
from people.factories import NameVariantFactory, OrganizationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

BUDGET = 10
# The article page reads its body, and whom it names, as rendered when saved
# (articles.rendering). Its first view also renders its own parts and stores them
# (articles.stored_pages): the article with its stored parts (none yet), the row made to
# hold the stamp, the article with its section and lead photo, authors, tags, photos, the
# store, related, the next scheduled publish time, the related articles' store
# (articles.stored_related), menu. Later views read only the article with its stored
# parts and related articles, and the menu (tests/test_stored_related.py).
# A list page's first view (a person's too) also stores its articles, and its count
# (articles.stored_fragments):
# the list generation, each piece looked for and stored, the next scheduled publish time.
# Later views read the count with the generation, and the list piece
# (tests/test_stored_fragments.py).
LIST_FIRST_VIEW = 15
LISTS = ["home", "section", "tag", "archive", "person"]
BUDGETS = {"article": 11, **dict.fromkeys(LISTS, LIST_FIRST_VIEW)}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False
    cache.clear()


def crowded_site(size):
    """``size`` sections, persons, organizations, photos and tags around one article."""
    sections = [SectionFactory() for _ in range(size)]
    organization = OrganizationFactory(short_name="ОРГ")
    for _ in range(size):
        OrganizationFactory(parent=organization)
    tags = [f"метка-{n}" for n in range(size)]
    # Authors with and without a byline name on their staff profile.
    authors = [StaffFactory(byline_name=f"Автор {n}" if n % 2 else "") for n in range(size)]
    main = ArticleFactory(
        published=True,
        section=sections[0],
        headline="Главная новость",
        lead_photo=PhotoFactory(),
        tags=tags,
        authors=authors,
    )
    persons = []
    for n in range(size):
        person = PersonFactory(portrait=PhotoFactory())
        RoleFactory(person=person, title="министр", organization=organization)
        RoleFactory(
            person=person,
            title="депутат",
            start_date=datetime.date(2010, 1, 1),
            end_date=datetime.date(2015, 1, 1),
        )
        NameVariantFactory(person=person)
        MentionFactory(article=main, person=person, order=n)
        QuoteFactory(article=main, speaker=person, text=f"Слова номер {n}")
        ArticlePhotoFactory(article=main, photo=PhotoFactory(), position=n)
        persons.append(person)
    Mention.objects.create(article=main, organization=organization)
    for n in range(size * 2):
        other = ArticleFactory(
            published=True,
            section=sections[n % size],
            tags=tags[:3],
            lead_photo=PhotoFactory(),
            body="Глава ведомства выступил.",
            published_at=timezone.now() - datetime.timedelta(minutes=n + 5),
            authors=authors[: n % size + 1],
        )
        MentionFactory(article=other, person=persons[n % size])
        if n % size:
            MentionFactory(article=other, person=persons[0])
        # The first person speaks in every article: their page lists many quotes.
        QuoteFactory(article=other, speaker=persons[0], text=f"Сказанное в статье {n}")
        Mention.objects.create(article=other, organization=organization)
    day = timezone.localtime(main.published_at)
    return {
        "home": "/",
        "article": main.get_absolute_url(),
        "section": sections[0].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": main.tags.get(name="метка-0").slug}),
        "archive": f"/archive/{day.year}/{day.month}/{day.day}/",
        "person": persons[0].get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "search": "/search/?q=глава+ведомства",
        "rss": "/feed/rss/",
        "person-atom": f"{persons[0].get_absolute_url()}atom/",
        "sitemap": "/sitemap-articles.xml",
        "news-sitemap": "/news-sitemap.xml",
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "article",
        "section",
        "tag",
        "archive",
        "person",
        "organization",
        "search",
        "rss",
        "person-atom",
        "sitemap",
        "news-sitemap",
    ],
)
def test_page_stays_within_its_query_budget_however_crowded(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks, page
):
    # Built and committed before readers come, as the admin and the importer commit.
    with django_capture_on_commit_callbacks(execute=True):
        small, crowded = crowded_site(2)[page], crowded_site(12)[page]
    counts = []
    for url in (small, crowded):
        # Each a first view: nothing cached, the sections menu read as by a process's
        # first page, no list piece stored.
        cache.clear()
        menu.forget()
        StoredFragment.objects.all().delete()
        client.get("/robots.txt")
        with django_assert_max_num_queries(BUDGETS.get(page, BUDGET)) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], f"{page}: queries grow with the content ({counts})"


@pytest.mark.parametrize("page", ["home", "section", "tag", "archive", "person", "organization"])
def test_lists_read_no_article_bodies(client, django_capture_on_commit_callbacks, page):
    # A card shows a headline, dek and thumbnail: reading every body would cost for nothing.
    with django_capture_on_commit_callbacks(execute=True):
        url = crowded_site(3)[page]
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert '"articles_article"."body"' not in read
    assert '"articles_article"."rendered_body"' not in read


def test_article_page_reads_authors_names_not_their_passwords(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url = crowded_site(3)["article"]
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert "Автор 1" in response.content.decode()
    assert not any('"password"' in query["sql"] for query in captured.captured_queries)
