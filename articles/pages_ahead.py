"""Article pages rendered ahead of readers, in background jobs (articles.stored_pages).

A stored page is rendered for an address (its metadata holds absolute links), so a job can
render one only when it knows the address readers use: ``NEWSROOM_SITE_ORIGIN``. With it,
whatever makes published articles' stored pages out of date (the article's own save, and
every clearing: a caption, a tag, a byline, a person's name…) queues one job when its
transaction commits, which renders those pages; and each worker, when it starts, queues one
that renders every page a deploy left out of date. Readers then find the pages stored (with
their related articles, as current as the job found them: articles.stored_related), the
first reader of an article as well, and of a scheduled one when its time comes; the
changed articles' cards, which lists show, are stored too. Without the setting the first
reader renders its page.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

import jobs
from articles import stored_pages, stored_related
from articles.models import Article
from jobs.models import Job
from newsroom.origin import origin_problem


def reader_request(origin):
    """A GET request as readers make it at ``origin`` ("https://news.example.org").

    Raises ValueError saying what is wrong with an address readers cannot be using."""
    problem = origin_problem(origin, settings.ALLOWED_HOSTS)
    if problem:
        raise ValueError(problem)
    scheme, _sep, host = origin.rstrip("/").partition("://")
    request = HttpRequest()
    request.method = "GET"
    request.META = {"HTTP_HOST": host, "SERVER_NAME": host.rsplit(":", 1)[0]}
    request.META["SERVER_PORT"] = "443" if scheme == "https" else "80"
    request._get_scheme = lambda: scheme
    return request


def render_pages(article_ids=None, origin=None):
    """Render and store the out-of-date pages of the published (or scheduled) articles among
    ``article_ids`` (all of them if None) for readers at ``origin`` (the setting's by
    default). Pages already current are left alone; returns how many were rendered."""
    from articles.views import render_article_parts  # views import this module's callers

    try:
        request = reader_request(origin or settings.NEWSROOM_SITE_ORIGIN)
    except ValueError as error:  # another attempt would not mend it
        raise jobs.Failed(f"The readers' address {error}.") from error
    # Scheduled ones too: their pages are ready when their time comes and readers rush in.
    going_live = Article.objects.published_or_scheduled()
    articles = stored_related.with_list_generation(stored_pages.with_stored_page(going_live))
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    rendered = 0

    def render(article_id):
        nonlocal rendered
        rendered += 1
        return render_article_parts(article_id, request, going_live)

    # Rendered in the site's language, whatever the worker's thread has active.
    with translation.override(settings.LANGUAGE_CODE):
        for article in articles.order_by("-published_at", "-pk").iterator(chunk_size=200):
            try:
                parts = stored_pages.page_parts(article, request, partial(render, article.pk))
                stored_related.related_part(article, parts, request)  # and its related articles
            except Http404:
                continue  # unpublished meanwhile: nothing for readers to store
        if article_ids is not None:
            # Their cards too, as lists read them (articles.stored_cards): stored if missing.
            list(going_live.filter(pk__in=article_ids).for_card_list())
    return rendered


render_pages.verbose_name = _("Rendering article pages for readers")


def render_after_commit(article_ids, using=None):
    """Queue ``render_pages`` for ``article_ids`` when the transaction commits: one job
    for all the articles a transaction changes, whatever it saves. Nothing without
    ``NEWSROOM_SITE_ORIGIN``."""
    if not settings.NEWSROOM_SITE_ORIGIN:
        return
    connection = transaction.get_connection(using)
    for _sids, func, _robust in connection.run_on_commit:
        pending = getattr(func, "renders_pages", None)
        if pending is not None:
            pending.update(article_ids)
            return
    pending = set(article_ids)

    def queue():
        queue.renders_pages = None  # queued: later changes need a job of their own
        if pending:
            # The address goes with the job: the worker renders for this site's readers.
            jobs.enqueue(render_pages, sorted(pending), origin=settings.NEWSROOM_SITE_ORIGIN)

    queue.renders_pages = pending
    transaction.on_commit(queue, using=using)


def render_out_of_date():
    """Queue one job rendering every out-of-date page (a worker starting after a deploy),
    unless one is already waiting. Returns the job, or None."""
    if not settings.NEWSROOM_SITE_ORIGIN:
        return None
    kind = f"{render_pages.__module__}.{render_pages.__name__}"
    waiting = Job.objects.filter(kind=kind, status=Job.Status.QUEUED).values_list("arguments")
    if any(not arguments.get("args") for (arguments,) in waiting):
        return None
    return jobs.enqueue(render_pages)
