"""Background jobs: ``enqueue`` a function to run off the request path.

Other apps call ``jobs.enqueue("app.module.function", *args, **kwargs)``; a job's function
may report ``jobs.progress(done, total)`` and ``jobs.note(line)``, and raise
``jobs.Failed`` for a failure no retry would mend. The implementations live in
``jobs.queue`` and ``jobs.running``, imported on call: this package is imported while
Django loads its apps, before models may be.
"""


def enqueue(function, *args, started_by=None, **kwargs):
    """See ``jobs.queue.enqueue``."""
    from jobs.queue import enqueue

    return enqueue(function, *args, started_by=started_by, **kwargs)


def progress(done, total):
    """See ``jobs.running.progress``."""
    from jobs.running import progress

    progress(done, total)


def note(line):
    """See ``jobs.running.note``."""
    from jobs.running import note

    note(line)


class Failed(Exception):
    """A job's failure that another attempt would not mend (bad input): no retry."""
