"""Imports of plain-text articles as background jobs, with their progress in the admin.

The job runs ``import_paths`` exactly as ``import_articles`` does (each file all or
nothing, the other files still imported), reporting "file n of N" and each file's error
or warning on the job. A retried job imports again: unchanged files are "unchanged".
"""

from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import jobs
from articles.textformat.importing import CREATED, FAILED, UNCHANGED, UPDATED, import_paths
from articles.textformat.parsing import DEFAULT_MAX_BYTES


def import_in_background(paths, *, publish=False, max_bytes=DEFAULT_MAX_BYTES, started_by=None):
    """Queue an import of ``paths`` (files and directories); returns the ``Job``.

    Paths are made absolute here: the worker runs elsewhere, with another directory, and
    must be able to read them (the same machine, or a shared folder).
    """
    return jobs.enqueue(
        import_files,
        [str(Path(path).resolve()) for path in paths],
        publish=publish,
        max_bytes=max_bytes,
        started_by=started_by,
    )


def import_files(paths, publish=False, max_bytes=DEFAULT_MAX_BYTES):
    """The job: import every file under ``paths``; fails (without retry) if any file did."""
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
    total = 0
    for done, total, result in import_paths(paths, publish=publish, max_bytes=max_bytes):
        counts[result.status] += 1
        for warning in result.warnings:
            jobs.note(f"{result.source}: warning: {warning}")
        if result.status == FAILED:
            jobs.note(result.message)
        jobs.progress(done, total)
    summary = gettext(
        "created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, "
        "failed: %(failed)d (files: %(total)d)"
    ) % {**counts, "total": total}
    if counts[FAILED]:
        # Another attempt would fail on the same files: the report names them.
        raise jobs.Failed(
            gettext("Files not imported: %(failed)d of %(total)d; %(summary)s.")
            % {"failed": counts[FAILED], "total": total, "summary": summary}
        )
    return summary


import_files.verbose_name = _("Import of articles")
