"""Nothing unpublished reaches readers: one test per public surface, for every hidden state.

A draft, an article in review, a scheduled article whose time has not come and a
withdrawn article share a section, a tag, a person, an organization, a day and words
with a published article; none of them may show anywhere the published one does.
"""

import datetime

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.factories import ArticleFactory, QuoteFactory, SectionFactory
from articles.models import Article, Mention
from people.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

SECRET = "Секретная новость"


def hide_as_draft(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)


def hide_in_review(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW)


def hide_as_scheduled(article):
    article.refresh_from_db()
    article.schedule(timezone.now() + datetime.timedelta(hours=3))


def hide_as_withdrawn(article):
    article.refresh_from_db()
    article.withdraw("Ошибка в фактах")


@pytest.fixture(
    params=[hide_as_draft, hide_in_review, hide_as_scheduled, hide_as_withdrawn],
    ids=["draft", "review", "scheduled", "withdrawn"],
)
def site(request):
    """A published article and a hidden one sharing everything a page can list by."""
    cache.clear()
    section = SectionFactory(name="Политика")
    person = PersonFactory(name="Касым-Жомарт Токаев")
    organization = OrganizationFactory(name="Организация Договора", short_name="ОДКБ")
    now = timezone.now()
    articles = {}
    for key, headline in (("shown", "Открытая новость"), ("hidden", SECRET)):
        article = ArticleFactory(
            published=True,
            section=section,
            headline=headline,
            dek="Токаев прибыл на саммит.",
            body="Токаев прибыл на саммит ОДКБ.",
            tags=["саммит"],
            published_at=now - datetime.timedelta(minutes=30 if key == "shown" else 20),
        )
        Mention.objects.create(article=article, person=person)
        Mention.objects.create(article=article, organization=organization)
        articles[key] = article
    QuoteFactory(article=articles["hidden"], speaker=person, text="Секретные слова")
    secret_tag_article = articles["hidden"]
    secret_tag_article.tags.add("тайная-метка")
    hidden = articles["hidden"]
    old_url = hidden.get_absolute_url()
    hidden.refresh_from_db()
    hidden.slug = "sekret-novyi"
    hidden.save()
    request.param(hidden)
    cache.clear()
    return {
        "section": section,
        "person": person,
        "organization": organization,
        "shown": articles["shown"],
        "hidden": Article.objects.get(pk=hidden.pk),
        "old_url": old_url,
        "now": now,
    }


def tag_url(name):
    return reverse("articles:tag", kwargs={"slug": Tag.objects.get(name=name).slug})


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_only_shown(page):
    assert "Открытая новость" in page
    assert SECRET not in page
    assert "sekret" not in page


def test_hidden_article_page_is_404(client, site):
    assert client.get(site["hidden"].get_absolute_url()).status_code == 404


def test_hidden_article_former_address_does_not_redirect(client, site):
    assert client.get(site["old_url"]).status_code == 404


def test_hidden_article_is_not_on_the_home_page(client, site):
    assert_only_shown(text(client, "/"))


def test_hidden_article_is_not_on_the_section_page(client, site):
    assert_only_shown(text(client, site["section"].get_absolute_url()))


def test_hidden_article_is_not_on_the_tag_page(client, site):
    page = text(client, tag_url("саммит"))
    assert_only_shown(page)
    assert "1 статья" in page


def test_tag_used_only_by_hidden_articles_has_no_page(client, site):
    assert client.get(tag_url("тайная-метка")).status_code == 404


def test_hidden_article_is_not_in_the_date_archive(client, site):
    day = timezone.localtime(site["shown"].published_at)
    assert_only_shown(text(client, f"/archive/{day.year}/{day.month}/{day.day}/"))


def test_hidden_article_is_not_on_the_person_page_or_in_its_count(client, site):
    page = text(client, site["person"].get_absolute_url())
    assert_only_shown(page)
    assert "1 статья" in page


def test_hidden_article_quotes_are_not_on_the_person_page(client, site):
    assert "Секретные слова" not in text(client, site["person"].get_absolute_url())


def test_hidden_article_is_not_on_the_organization_page(client, site):
    page = text(client, site["organization"].get_absolute_url())
    assert_only_shown(page)
    assert "1 статья" in page


def test_hidden_article_is_not_in_search_results(client, site):
    page = text(client, "/search/?q=Токаев")
    assert_only_shown(page)
    assert page.count('class="card search-result"') == 1


def test_hidden_article_is_not_in_related_lists(client, site):
    page = text(client, site["shown"].get_absolute_url())
    assert SECRET not in page and "sekret" not in page


def test_hidden_article_is_not_in_json_ld(client, site):
    for url in [site["shown"].get_absolute_url(), site["person"].get_absolute_url()]:
        page = text(client, url)
        script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert SECRET not in script and "sekret" not in script


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("scope", ["latest", "section", "tag", "person"])
def test_hidden_article_is_not_in_feeds(client, site, scope, kind):
    base = {
        "latest": "/feed/",
        "section": site["section"].get_absolute_url(),
        "tag": tag_url("саммит"),
        "person": site["person"].get_absolute_url(),
    }[scope]
    feed = feedparser.parse(client.get(f"{base}{kind}/").content)
    assert [entry.title for entry in feed.entries] == ["Открытая новость"]


def test_hidden_article_is_not_in_sitemaps(client, site):
    index = text(client, "/sitemap.xml")
    everything = index
    for line in index.split("<loc>")[1:]:
        everything += text(client, line.split("</loc>")[0].removeprefix("http://testserver"))
    assert site["shown"].get_absolute_url() in everything
    assert "sekret" not in everything and tag_url("тайная-метка") not in everything
    assert tag_url("саммит") in everything


def test_hidden_article_is_not_in_the_news_sitemap(client, site):
    sitemap = text(client, "/news-sitemap.xml")
    assert "Открытая новость" in sitemap and SECRET not in sitemap
