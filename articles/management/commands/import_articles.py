"""``manage.py import_articles PATH...``: import plain-text articles from files and directories."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.import_jobs import import_in_background
from articles.textformat.importing import CREATED, FAILED, UNCHANGED, UPDATED, import_paths
from articles.textformat.parsing import DEFAULT_MAX_BYTES


class Command(BaseCommand):
    help = (
        "Import articles in the newsroom's plain-text format. Directories are searched for "
        "*.txt files. Articles are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files and directories to import.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported articles at the date given in each file.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created or updated, and write nothing.",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help=f"Refuse files larger than this many bytes (default {DEFAULT_MAX_BYTES}).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bar."
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help=(
                "Queue the import as a background job and return: its progress and errors "
                "are on the job's page in the admin. Without a broker it runs here and now."
            ),
        )

    def handle(self, *args, **options):
        if options["max_bytes"] <= 0:
            raise CommandError("--max-bytes must be a positive number of bytes.")
        if options["background"]:
            return self._queue(options)
        verbosity = options["verbosity"]
        show_progress = not options["no_progress"] and verbosity >= 1 and sys.stderr.isatty()
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
        dry_run = options["dry_run"]
        results = import_paths(
            options["paths"],
            publish=options["publish"],
            dry_run=dry_run,
            max_bytes=options["max_bytes"],
        )
        total = 0
        for done, total, result in results:
            counts[result.status] += 1
            if show_progress:
                self._clear_progress()
            for warning in result.warnings:
                self.stderr.write(self.style.WARNING(f"{result.source}: warning: {warning}"))
            if result.status == FAILED:
                self.stderr.write(self.style.ERROR(result.message))
            elif verbosity >= 2:
                verb = f"would be {result.status}" if dry_run else result.status
                self.stdout.write(f"{result.source}: {verb} «{result.article.headline}»")
            if show_progress:
                self._draw_progress(done, total)
        if show_progress:
            self._clear_progress()

        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        summary = (
            f"{prefix}{counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed ({total} files)."
        )
        if counts[FAILED]:
            self.stdout.write(summary)
            raise CommandError(f"{counts[FAILED]} of {total} files failed to import.")
        self.stdout.write(self.style.SUCCESS(summary))

    def _queue(self, options):
        if options["dry_run"]:
            raise CommandError("--dry-run reports at once; it cannot run in the background.")
        job = import_in_background(
            options["paths"], publish=options["publish"], max_bytes=options["max_bytes"]
        )
        job.refresh_from_db()
        page = reverse("admin:jobs_job_change", args=[job.pk])
        if not job.is_finished:
            self.stdout.write(f"Queued as job {job.pk}; follow it at {page}")
            return
        # No broker: the job ran here, in this process; say what its page says.
        self.stderr.write(job.report, ending="")
        if job.status == job.Status.FAILED:
            raise CommandError(f"Job {job.pk} failed: {job.last_error}")
        self.stdout.write(self.style.SUCCESS(f"Job {job.pk} done: {job.result}"))

    def _draw_progress(self, done, total, width=30):
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def _clear_progress(self):
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
