"""The readers' pages: home, articles, sections, tags, date archives and search.

Every list starts from ``Article.objects.published()``; nothing else decides what
readers may see.
"""

import datetime

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles import cards, metadata, rendering, stored_pages, stored_related
from articles.caching import (
    CachedCountPaginator,
    article_shown,
    cached_fragment,
    list_key,
    text_token,
)
from articles.compiled_queries import CompiledQuery
from articles.models import Article, FormerSlug, Section, detail_prefetches
from articles.search import MAX_QUERY_LENGTH, snippet
from newsroom.origin import absolute_url

SECTION_BLOCK_SIZE = 3
SECONDARY_COUNT = 4
PERIOD_FORMATS = {"day": "j E Y", "month": "F Y", "year": "Y"}


class ArticleListView(ListView):
    """A paginated list of published article cards."""

    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    template_name = "articles/article_list.html"

    def published(self):
        return Article.objects.published()

    def get_paginator(self, queryset, per_page, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            count_key=self.count_key(),
            stored_key=self.stored_count_key(),
            request=self.request,
            **kwargs,
        )

    def stored_count_key(self):
        """Where the count is kept in the database (articles.stored_fragments): a list's
        matches depend on its address alone, whatever else its query string holds."""
        return self.request.path

    def count_key(self):
        return list_key(self.request)

    def get_queryset(self):
        return self.published().for_card_list()


class HomeView(ArticleListView):
    """The front page: the lead story, secondary stories, the latest news, and a block
    per section; no article appears twice on the page."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            # Lazy: when the page's fragment is cached, none of this is fetched.
            page = SimpleLazyObject(lambda: front_page(list(context["page_obj"].object_list)))
            context["lead"] = SimpleLazyObject(lambda: page["lead"])
            context["secondary"] = SimpleLazyObject(lambda: page["secondary"])
            context["articles"] = SimpleLazyObject(lambda: page["latest"])
            context["section_blocks"] = SimpleLazyObject(
                lambda: cached_fragment(
                    "section-blocks",
                    [SECTION_BLOCK_SIZE],
                    lambda: section_blocks(exclude=[a.pk for a in page["all"]]),
                )
            )
        return context


def front_page(articles):
    """The newest ``articles`` laid out as a front page: {"lead", "secondary", "latest", "all"}.

    The lead is the newest story with a picture (else the newest), the secondary stories
    the next SECONDARY_COUNT with pictures; the rest, newest first, are the latest news.
    """
    pictured = [a for a in articles if cards.is_pictured(a)]
    lead = pictured[0] if pictured else (articles[0] if articles else None)
    secondary = [a for a in pictured if a is not lead][:SECONDARY_COUNT]
    placed = {id(lead), *map(id, secondary)}
    latest = [a for a in articles if id(a) not in placed]
    if lead is not None:
        article_shown(lead, "dek")  # the lead story shows its dek (for the page cache)
    return {"lead": lead, "secondary": secondary, "latest": latest, "all": articles}


def section_blocks(exclude=()):
    """[(section, [article, …]), …]: each section's newest articles, in menu order,
    leaving out the articles in ``exclude`` (ids already shown on the page)."""
    articles = Article.objects.published().exclude(pk__in=list(exclude))
    return articles.latest_per_section(SECTION_BLOCK_SIZE)


def page_article(at, slug):
    """The published article at ``slug`` (as of ``at``), with what its page reads with it:
    its stored parts, and the list generation. Only the row and its stored parts: what they
    show is read when they are rendered."""
    articles = Article.objects.published(at=at).defer("rendered_body").filter(slug=slug)
    return stored_related.with_list_generation(stored_pages.with_stored_page(articles))[:1]


# Compiled once per process: the page's one query, run with each request's time and slug.
PAGE_ARTICLE = CompiledQuery(
    Article,
    page_article,
    at=(
        Article._meta.get_field("published_at"),
        datetime.datetime(1901, 2, 3, 4, 5, 6, 7, datetime.UTC),
    ),
    slug=(Article._meta.get_field("slug"), "compiled-query-stand-in"),
)


class ArticleDetailView(DetailView):
    """The article page. Its own parts are rendered once and stored (articles.stored_pages):
    a request then reads them with the article, and renders the related articles and the
    page around them."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        found = PAGE_ARTICLE(at=timezone.now(), slug=self.kwargs["slug"])
        if not found:
            raise Http404
        return found[0]

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old address of a published article moves permanently to the current one.
            former = FormerSlug.objects.filter(
                slug=kwargs["slug"], article__in=Article.objects.published()
            ).first()
            if former is None:
                raise
            return redirect(former.article, permanent=True)

    def get_context_data(self, **kwargs):
        article, request = self.object, self.request
        request.list_generation = article.list_generation  # read with it: for articles.menu
        article_shown(article, "page")  # the page cache keeps it while this version is current
        parts = stored_pages.page_parts(
            article, request, lambda: render_article_parts(article.pk, request)
        )
        related = stored_related.related_part(article, parts, request)
        return super().get_context_data(article_parts=parts, related_html=related, **kwargs)


def render_article_parts(article_id, request, articles=None):
    """The article page's metadata and main content, rendered: {"head": …, "main": …}.
    ``articles``: where it is looked for (readers': ``published()``)."""
    articles = Article.objects.published() if articles is None else articles
    article = articles.for_page().filter(pk=article_id).first()
    if article is None:  # unpublished or deleted since the request began
        raise Http404
    body_rendered = rendering.has_current_rendering(article)
    prefetch_related_objects([article], *detail_prefetches(body_rendered=body_rendered))
    context = {
        "article": article,
        "article_url": absolute_url(request, article.get_absolute_url()),
        "json_ld": metadata.news_article(article, request),
        "share_image": metadata.share_image(article.lead_photo, request),
    }
    return {
        "head": render_to_string("articles/article_head.html", context),
        "main": render_to_string("articles/article_main.html", context),
        # What the related articles share with it.
        "persons": rendering.mentioned_person_ids(article),
        "tags": sorted(tag.pk for tag in article.tags.all()),
    }


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.published().filter(section=self.section).for_card_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


def published_tag(slug):
    """The tag with this slug, if a published article carries it (else 404)."""
    tags = Tag.objects.filter(
        slug=slug,
        taggit_taggeditem_items__object_id__in=Article.objects.published().values("pk"),
        taggit_taggeditem_items__content_type__app_label="articles",
        taggit_taggeditem_items__content_type__model="article",
    )
    tag = tags.first()
    if tag is None:
        raise Http404(_("No such tag."))
    return tag


class TagView(ArticleListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = published_tag(self.kwargs["slug"])
        return self.published().filter(tags=self.tag).for_card_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


def archive_period(year, month=None, day=None):
    """("year"|"month"|"day", its first day, start, end) in the newsroom's time zone.

    A date outside the calendar (month 13, 31 February, a period ending after 9999 or
    starting before year 1 in UTC) is a 404.
    """
    zone = timezone.get_current_timezone()
    try:
        # Month 0 and day 0 are no dates: not the whole year or month.
        first = datetime.date(year, 1 if month is None else month, 1 if day is None else day)
        if day is not None:
            period, after = "day", first + datetime.timedelta(days=1)
        elif month is not None:
            period, after = "month", (first + datetime.timedelta(days=32)).replace(day=1)
        else:
            period, after = "year", first.replace(year=year + 1)
        start, end = (
            datetime.datetime.combine(date, datetime.time(), tzinfo=zone) for date in (first, after)
        )
        # The database compares in UTC, where the first hours of year 1 may not exist.
        start.astimezone(datetime.timezone.utc), end.astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError) as error:
        raise Http404(_("No such date.")) from error
    return period, first, start, end


class ArchiveView(ArticleListView):
    """Articles published in a year, a month or a day (the newsroom's time zone)."""

    template_name = "articles/archive.html"

    def get_queryset(self):
        self.period, self.first_day, start, end = archive_period(
            self.kwargs["year"], self.kwargs.get("month"), self.kwargs.get("day")
        )
        return (
            self.published().filter(published_at__gte=start, published_at__lt=end).for_card_list()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(period_label=self.period_label(), **kwargs)

    def period_label(self):
        """«Новости за 10 февраля 2022», «… за февраль 2022», «… за 2022»: title and heading."""
        date = date_format(self.first_day, PERIOD_FORMATS[self.period])
        return _("News of %(date)s") % {"date": date.lower() if self.period == "month" else date}


class SearchView(ArticleListView):
    template_name = "search/search.html"

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2].split())
        # A result shows a card and an excerpt of its text: not the stored body rendering,
        # nor a credit (a thumbnail shows none).
        results = self.published().select_related("section", "lead_photo")
        return results.defer("rendered_body").search(self.query)

    def count_key(self):
        # Which articles match depends on their text, which changes without a new generation.
        return f"{list_key(self.request)}:{text_token()}"

    def stored_count_key(self):
        return None  # nor a new list generation: counted each time

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["results"] = SimpleLazyObject(
            lambda: [(article, snippet(article, self.query)) for article in context["articles"]]
        )
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
