"""Render and store the published articles' pages ahead of readers (articles.stored_pages).

After a deploy that changes how article pages are rendered, every stored page is out of
date and each article's next reader waits for its rendering. Run this after such a deploy
(or any time): readers then find them stored. Pages already current are left alone.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, HttpRequest

from articles import stored_pages
from articles.models import Article
from articles.views import render_article_parts


def reader_request(origin):
    """A GET request as readers make it at ``origin`` ("https://news.example.org")."""
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        raise CommandError(f"--origin must be like https://news.example.org, not {origin!r}.")
    request = HttpRequest()
    request.method = "GET"
    request.META = {
        "HTTP_HOST": parts.netloc,
        "SERVER_NAME": parts.hostname,
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
    }
    request._get_scheme = lambda: parts.scheme
    try:
        request.get_host()
    except DisallowedHost as error:
        raise CommandError(f"{parts.netloc} is not in ALLOWED_HOSTS.") from error
    return request


class Command(BaseCommand):
    help = "Render the published articles' pages for readers at --origin and store them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            required=True,
            help="The readers' site address, as in their requests: https://news.example.org",
        )

    def handle(self, *args, origin, **options):
        request = reader_request(origin)
        articles = stored_pages.with_stored_page(Article.objects.published())
        rendered = []

        def render(article_id):
            rendered.append(article_id)
            return render_article_parts(article_id, request)

        for article in articles.order_by("-published_at", "-pk").iterator(chunk_size=200):
            try:
                stored_pages.page_parts(article, request, lambda pk=article.pk: render(pk))
            except Http404:
                continue  # unpublished meanwhile: nothing for readers to store
        self.stdout.write(f"{len(rendered)} article page(s) rendered, the others were current.")
