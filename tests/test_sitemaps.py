"""sitemap.xml (an index), the Google News sitemap of the last 48 hours, robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def locations(client, url):
    return [loc.text for loc in xml_of(client, url).iterfind(".//s:loc", NS)]


def all_sitemap_locations(client):
    found = []
    for sitemap in locations(client, "/sitemap.xml"):
        found += locations(client, sitemap.removeprefix("http://testserver"))
    return found


def test_sitemap_index_lists_section_sitemaps_that_list_every_public_page(client):
    article = ArticleFactory(published=True, tags=["ОДКБ"])
    person = MentionFactory(article=article).person
    index = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-articles.xml" in index
    found = all_sitemap_locations(client)
    for url in ["/", article.get_absolute_url(), person.get_absolute_url()]:
        assert f"http://testserver{url}" in found
    assert f"http://testserver{article.section.get_absolute_url()}" in found
    assert any("/tags/" in url for url in found)


def test_article_sitemap_gives_the_last_modification(client):
    article = ArticleFactory(published=True)
    root = xml_of(client, "/sitemap-articles.xml")
    # The newsroom's date (Moscow), not UTC's: they differ from 21:00 to midnight UTC.
    assert (
        root.find(".//s:lastmod", NS).text == timezone.localdate(article.published_at).isoformat()
    )


def test_news_sitemap_lists_the_last_48_hours_with_news_tags(client):
    fresh = ArticleFactory(published=True, headline="Свежая")
    old = ArticleFactory(published=True, headline="Старая")
    old.publish(at=timezone.now() - datetime.timedelta(hours=49))
    root = xml_of(client, "/news-sitemap.xml")
    urls = root.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        f"http://testserver{fresh.get_absolute_url()}"
    ]
    news = urls[0].find("news:news", NS)
    assert news.find("news:title", NS).text == "Свежая"
    assert news.find("news:publication/news:language", NS).text == "ru"
    assert news.find("news:publication/news:name", NS).text
    assert news.find("news:publication_date", NS).text.startswith(
        timezone.localtime(fresh.published_at).strftime("%Y-%m-%dT")
    )


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text
