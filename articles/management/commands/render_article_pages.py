"""Render and store the published articles' pages ahead of readers (articles.pages_ahead).

After a deploy that changes how article pages are rendered, every stored page is out of
date and each article's next reader waits for its rendering. With NEWSROOM_SITE_ORIGIN set,
each worker queues this when it starts; without a worker, or for another address, run this
after such a deploy (or any time). Pages already current are left alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import pages_ahead


class Command(BaseCommand):
    help = "Render the published articles' pages for readers at --origin and store them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            default=settings.NEWSROOM_SITE_ORIGIN or None,
            help="The readers' site address, as in their requests: https://news.example.org "
            "(default: NEWSROOM_SITE_ORIGIN)",
        )

    def handle(self, *args, origin, **options):
        if not origin:
            raise CommandError("Give --origin (or set NEWSROOM_SITE_ORIGIN).")
        try:
            pages_ahead.reader_request(origin)
        except ValueError as error:
            raise CommandError(f"--origin {error}.") from error
        rendered = pages_ahead.render_pages(origin=origin)
        self.stdout.write(f"{rendered} article page(s) rendered, the others were current.")
