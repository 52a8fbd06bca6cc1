"""sitemap.xml (an index of the sections below) and the Google News sitemap (last 48 hours)."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.caching import article_shown
from articles.models import Article, Section
from people.models import Organization, Person

NEWS_WINDOW = datetime.timedelta(hours=48)


def _published_pks():
    return Article.objects.published().values("pk")


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    limit = 10000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "content_updated_at", "updated_at", "version")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        article_shown(item, "page")  # an update date changes with the body: see articles.caching
        return item.content_updated_at or item.published_at


class NewsSitemap(ArticleSitemap):
    """Articles of the last 48 hours, with the Google News tags (templates/sitemaps/news.xml)."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "content_updated_at", "version")
            .order_by("-published_at", "-pk")[:1000]
        )


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.filter(articles__in=_published_pks()).distinct()


class TagSitemap(Sitemap):
    def items(self):
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__object_id__in=_published_pks(),
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__content_type__model="article",
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PersonSitemap(Sitemap):
    """Persons named in at least one published article."""

    def items(self):
        return (
            Person.objects.filter(mentions__article__in=_published_pks())
            .distinct()
            .order_by("slug")
        )


class OrganizationSitemap(Sitemap):
    def items(self):
        return (
            Organization.objects.filter(mentions__article__in=_published_pks())
            .distinct()
            .order_by("slug")
        )


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "persons": PersonSitemap,
    "organizations": OrganizationSitemap,
}
