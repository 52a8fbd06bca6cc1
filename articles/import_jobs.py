"""Imports of plain-text articles as background jobs, with their progress in the admin.

The job runs ``import_paths`` exactly as ``import_articles`` does (each file all or
nothing, the other files still imported), reporting "file n of N" and each file's error
or warning on the job. A retried job imports again: unchanged files are "unchanged".
Two ways in: paths on the worker's machine (``import_articles --background``), or files
uploaded in the admin, kept in the default storage until their job has read them.
"""

import re
import tempfile
import uuid
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import jobs
from articles.textformat.importing import CREATED, FAILED, UNCHANGED, UPDATED, import_paths
from articles.textformat.parsing import DEFAULT_MAX_BYTES

UPLOAD_FOLDER = "imports"


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


def import_uploads_in_background(files, *, publish=False, started_by=None):
    """Store uploaded ``files`` and queue their import, in the order given; returns the ``Job``."""
    batch = uuid.uuid4().hex
    names = [
        default_storage.save(f"{UPLOAD_FOLDER}/{batch}/{index}/{Path(upload.name).name}", upload)
        for index, upload in enumerate(files)
    ]
    return jobs.enqueue(import_uploaded_files, names, publish=publish, started_by=started_by)


def import_files(paths, publish=False, max_bytes=DEFAULT_MAX_BYTES):
    """The job: import every file under ``paths``; fails (without retry) if any file did."""
    return _import(paths, publish=publish, max_bytes=max_bytes)


def import_uploaded_files(names, publish=False):
    """The job for uploads: copy them out of the storage, import them, then delete them.

    The report names each file as it was uploaded (``lede.txt:3: …``). The stored files
    are deleted once the import has ended, and kept while an attempt may be retried.
    """
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, name in enumerate(names):
            path = Path(folder, str(index), Path(name).name)
            path.parent.mkdir()
            with default_storage.open(name, "rb") as stored:
                path.write_bytes(stored.read())
            paths.append(str(path))
        local_prefix = re.compile(re.escape(folder) + r"/\d+/")
        try:
            summary = _import(paths, publish=publish, shown=lambda text: local_prefix.sub("", text))
        except jobs.Failed:
            _delete(names)  # the import ended; its report says which files failed
            raise
    _delete(names)
    return summary


def _delete(names):
    for name in names:
        default_storage.delete(name)


def _import(paths, *, publish, max_bytes=DEFAULT_MAX_BYTES, shown=str):
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
    total = 0
    for done, total, result in import_paths(paths, publish=publish, max_bytes=max_bytes):
        counts[result.status] += 1
        for warning in result.warnings:
            jobs.note(shown(f"{result.source}: warning: {warning}"))
        if result.status == FAILED:
            jobs.note(shown(result.message))
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
import_uploaded_files.verbose_name = _("Import of uploaded articles")
