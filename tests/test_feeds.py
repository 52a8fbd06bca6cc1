"""RSS and Atom feeds of the latest articles, and per section, tag and person."""

import datetime

import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def newsroom():
    section = SectionFactory(name="Политика")
    article = ArticleFactory(
        published=True,
        section=section,
        headline="Саммит ОДКБ & «итоги»",
        dek="Лидеры <договорились>.",
        tags=["ОДКБ", "Казахстан"],
    )
    person = MentionFactory(article=article).person
    ArticleFactory(published=True, headline="Другая новость", tags=["погода"])
    return {"section": section, "article": article, "person": person}


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed, response


def feed_urls(newsroom):
    section, person = newsroom["section"], newsroom["person"]
    tag = newsroom["article"].tags.get(name="ОДКБ")
    return {
        "section": f"{section.get_absolute_url()}",
        "tag": f"/tags/{tag.slug}/",
        "person": f"{person.get_absolute_url()}",
    }


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_latest_feed_parses_cleanly_with_every_published_article(client, newsroom, kind):
    feed, response = parsed(client, f"/feed/{kind}/")
    assert response["Content-Type"].startswith(
        "application/rss+xml" if kind == "rss" else "application/atom+xml"
    )
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Другая новость", "Саммит ОДКБ & «итоги»"}
    entry = next(e for e in feed.entries if e.title.startswith("Саммит"))
    assert entry.link == f"http://testserver{newsroom['article'].get_absolute_url()}"
    assert entry.summary == "Лидеры &lt;договорились&gt;."  # shown as text, not as a tag
    assert {tag.term for tag in entry.tags} == {"ОДКБ", "Казахстан"}
    assert entry.published_parsed is not None


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("scope", ["section", "tag", "person"])
def test_section_tag_and_person_feeds_list_only_their_articles(client, newsroom, kind, scope):
    feed, _response = parsed(client, f"{feed_urls(newsroom)[scope]}{kind}/")
    assert [entry.title for entry in feed.entries] == ["Саммит ОДКБ & «итоги»"]
    assert feed.feed.title


def test_feed_is_newest_first_and_bounded(client):
    section = SectionFactory()
    now = timezone.now()
    for n in range(40):
        ArticleFactory(
            published=True,
            section=section,
            headline=f"Новость {n:02}",
            published_at=now - datetime.timedelta(minutes=n),
        )
    feed, _response = parsed(client, "/feed/rss/")
    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Новость 00"


def test_pages_announce_their_feeds(client, newsroom):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/atom/"' in home
    person_page = client.get(newsroom["person"].get_absolute_url()).content.decode()
    assert f'href="{newsroom["person"].get_absolute_url()}rss/"' in person_page


def test_feed_of_an_unknown_section_is_404(client):
    assert client.get("/sections/net/rss/").status_code == 404
