"""RSS 2.0 and Atom feeds of the latest published articles: all, and per section, tag, person."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.bylines import authors_prefetch
from articles.caching import article_shown
from articles.models import Article, Section
from articles.views import published_tag
from people.models import Person

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole site."""

    def title(self, obj=None):
        return _("Newsroom: latest news")

    def description(self, obj=None):
        return _("The latest published articles.")

    def link(self, obj=None):
        return reverse("articles:home")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        articles = self.articles(obj).for_listing()
        return articles.prefetch_related("tags", authors_prefetch())[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        article_shown(item, "dek")  # for the page cache (articles.caching)
        # Feed readers take the description as HTML: the dek is plain text, so escape it.
        return escape(item.dek)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        article_shown(item, "page")  # an update date changes with the body: see articles.caching
        return item.content_updated_at or item.published_at

    def item_author_name(self, item):
        return ", ".join(item.byline_names()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return _("Newsroom: %(name)s") % {"name": obj.name}

    def description(self, obj=None):
        return obj.description or obj.name

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = SectionFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return published_tag(slug)

    def title(self, obj=None):
        return _("Newsroom: tag %(name)s") % {"name": obj.name}

    def description(self, obj=None):
        return _("Articles tagged %(name)s.") % {"name": obj.name}

    def link(self, obj=None):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj=None):
        return _("Newsroom: %(name)s") % {"name": obj.name}

    def description(self, obj=None):
        return _("Articles mentioning %(name)s.") % {"name": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return obj.articles.published()


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
    subtitle = PersonFeed.description
