"""``manage.py export_articles``: write articles as plain-text files and/or JSON Lines."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.textformat.exporting import articles_for_export, export_jsonl, export_text_files


class Command(BaseCommand):
    help = (
        "Export articles in the newsroom's plain-text format (one <slug>.txt per article) "
        "and/or as JSON Lines (one JSON object per article)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="DIR", help="Directory to write one <slug>.txt per article into."
        )
        parser.add_argument(
            "--jsonl", metavar="FILE", help="File to write JSON Lines to ('-' for standard output)."
        )
        parser.add_argument(
            "--status",
            action="append",
            choices=Article.Status.values,
            help="Only articles with this status (repeatable; default: all).",
        )
        parser.add_argument(
            "--slug", action="append", help="Only the article with this slug (repeatable)."
        )

    def handle(self, *args, **options):
        if not options["output"] and not options["jsonl"]:
            raise CommandError("Give --output DIR, --jsonl FILE, or both.")
        queryset = Article.objects.all()
        if options["status"]:
            queryset = queryset.filter(status__in=options["status"])
        if options["slug"]:
            queryset = queryset.filter(slug__in=options["slug"])
        articles = articles_for_export(queryset)

        written = []
        if options["output"]:
            try:
                count = export_text_files(articles.iterator(chunk_size=200), options["output"])
            except OSError as error:
                raise CommandError(f"Cannot write to {options['output']}: {error}") from error
            written.append(f"{count} text files to {options['output']}")
        if options["jsonl"]:
            if options["jsonl"] == "-":
                count = export_jsonl(articles.iterator(chunk_size=200), sys.stdout)
            else:
                try:
                    path = Path(options["jsonl"])
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with path.open("w", encoding="utf-8") as stream:
                        count = export_jsonl(articles.iterator(chunk_size=200), stream)
                except OSError as error:
                    raise CommandError(f"Cannot write {options['jsonl']}: {error}") from error
            written.append(f"{count} JSON lines to {options['jsonl']}")
        # Keep standard output clean for the JSON Lines when they go there.
        out = self.stderr if options["jsonl"] == "-" else self.stdout
        out.write(self.style.SUCCESS("Exported " + " and ".join(written) + "."))
