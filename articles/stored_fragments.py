"""Pieces of list pages kept in the database while the list generation stays.

A list page (home, a section, a tag, an archive, a person's page) shows which articles are
published, in order, with their cards: exactly what the list generation
(articles.stored_related) moves with. So the list's rendered articles, and its count, can
be rendered once per generation and read back by every later request, with the page cache
and fragments off too: ``{% stored "list" page_obj %}…{% endstored %}`` in a template
(``{% load fragments %}``), ``stored_fragment()`` in Python. A stored piece is used while
the generation it was rendered at is current, no scheduled article has gone live since,
and the code, templates and settings that render it are the same; else it is rendered
again and stored in place of the old one (one row per piece: as many as the site has list
pages).

As for the related articles, the generation is read before anything is rendered, and a
change moves it again after its commit, so a rendering that raced a change is stored out
of date and redone by the next request. The articles a piece shows are noted for the page
cache with it, as a cached fragment's are.
"""

import hashlib
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from articles import caching, stored_related
from articles.models import StoredFragment
from newsroom import rendered

# Whose code renders list pieces (every Python file of these apps, but their migrations
# and commands).
PACKAGES = ("articles", "media", "newsroom", "people")


@lru_cache(maxsize=1)
def code_fingerprint():
    """A digest of every template and of the Python files of PACKAGES, read from disk (not
    imported: some, like the test factories, need what production does not install). A
    deploy changing any of them renders every stored piece anew."""
    files = []
    for directory in map(Path, settings.TEMPLATES[0]["DIRS"]):
        files += sorted(directory.rglob("*.html"))
    for package in PACKAGES:
        folder = Path(settings.BASE_DIR) / package
        files += sorted(
            path
            for path in folder.rglob("*.py")
            if not {"migrations", "management"} & set(path.relative_to(folder).parts)
        )
    return rendered.code_digest(files=files)


def fingerprint(vary=(), request=None):
    """What a stored piece must have been rendered with, besides the generation (the
    settings and code part read once per request)."""
    common = getattr(request, "stored_fragment_environment", None)
    if common is None:
        common = "\x00".join([*rendered.environment(), code_fingerprint()])
        if request is not None:
            request.stored_fragment_environment = common
    return hashlib.sha256("\x00".join([common, *map(str, vary)]).encode()).hexdigest()


def stored_fragment(name, parts, compute, request=None, using="default", vary=()):
    """``compute()``'s value (text or a number) for ``name`` and ``parts``, as stored if it
    is current, else computed and stored. ``request``: the reader's, whose list generation
    is then read once for the page (articles.menu reads it too). ``vary``: what else it
    shows that changes without the generation (today's date), rendered anew when it does."""
    key = hashlib.sha256(":".join(map(str, [name, *parts])).encode()).hexdigest()
    stored, generation = _stored_and_generation(key, request, using)
    current = fingerprint(vary, request)
    now = timezone.now()
    if (
        stored is not None
        and stored.generation == generation
        and stored.fingerprint == current
        and (stored.until is None or now < stored.until)
    ):
        caching.pass_on_shown(stored.shown)
        return stored.value
    value, shown = caching.noting_shown(compute)
    fresh = StoredFragment(
        key=key,
        generation=generation,
        until=stored_related.next_going_live(request, using),
        fingerprint=current,
        value=str(value) if not isinstance(value, int) else value,
        shown=shown,
    )
    StoredFragment.objects.using(using).bulk_create(
        [fresh],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["generation", "until", "fingerprint", "value", "shown"],
    )
    return value


def _stored_and_generation(key, request, using):
    """(The stored row for ``key`` or None, the request's list generation): a request that
    has not read the generation yet reads it with the row, in the same query."""
    generation = getattr(request, "list_generation", None)
    stored = next(iter(StoredFragment.objects.db_manager(using).raw(_read_sql(using), [key])), None)
    if generation is None:
        if stored is None:
            generation = stored_related.request_generation(request, using)
        else:
            generation = stored.list_generation
            if request is not None:
                request.list_generation = generation
    return stored, generation


@cache
def _read_sql(using):
    """The one query reading a stored piece with the current list generation, in plain SQL:
    the ORM took longer to build it than the database to answer it (built once per
    database alias: it holds no input)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in StoredFragment._meta.concrete_fields)
    current = stored_related.current_generation_sql(connection)
    return (
        f"SELECT {columns}, ({current}) AS list_generation"  # noqa: S608 - no input
        f" FROM {quote(StoredFragment._meta.db_table)} WHERE {quote('key')} = %s"
    )


def stored_page_piece(name, request, number, render, vary=()):
    """``render()``'s HTML for ``name`` on page ``number`` of the list at this request's
    address, stored when the address is the one the site's own links give that page
    (any other query string renders without storing: a row per made-up address would
    let anyone fill the table; its pagination links keep that query string, too)."""
    path = escape_uri_path(request.path)  # as get_full_path() writes it
    canonical = path if number == 1 else f"{path}?page={number}"
    if request.get_full_path() != canonical:
        return render()
    return stored_fragment(
        name, [request.get_host(), canonical], render, request=request, vary=vary
    )
