"""The database side of ``media.base.fold``: the same folding inside SQL, on both databases.

SQLite's LOWER() and LIKE fold only ASCII letters, so on SQLite the Python function is
registered on every new connection; PostgreSQL's LOWER() folds Cyrillic in a UTF-8 database.
"""

from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower, Replace

from media.base import fold

SQLITE_FUNCTION = "NEWSROOM_FOLD"


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: teach a new SQLite connection ``NEWSROOM_FOLD``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION,
            1,
            lambda text: fold(text) if isinstance(text, str) else text,
            deterministic=True,
        )


class Folded(Func):
    """A text expression as ``fold`` would write it."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        lowered = Replace(Lower(self.source_expressions[0]), Value("ё"), Value("е"))
        return compiler.compile(lowered)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)
