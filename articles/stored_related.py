"""The article page's related articles, stored with its parts (articles.stored_pages).

Finding them is the page's costliest query (the newest articles sharing a person or a
tag, ranked), and rendering their cards the most template work left on it. Which ones
show changes with every other article, not with this one, so they are not part of the
page's fingerprint: they are kept with the ``ListGeneration`` they were read at, which
moves on after every commit that may change what any list shows (the same changes that
start a new site generation for the page cache, and a card's headline or photo:
articles.signals), and only until the next scheduled article goes live by itself. A
request whose article still has them current reads them with the article, in the same
query, and renders nothing; else it finds and renders them, and stores them.

A change moves the generation at once (its own transaction sees it) and again after its
commit, and a rendering stores the generation it read before reading anything: one that read
the rows from before a change's commit is stored with a generation that the move after the
commit makes old.
"""

import secrets

from django.db import connections, transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.caching import article_shown_by_id
from articles.models import Article, ListGeneration, StoredPage

RELATED_COUNT = 5
ROW = 1  # the one ListGeneration row
# On PostgreSQL a sequence (migration 0017): ``nextval`` takes no lock, where an UPDATE of
# one row would make every saving transaction wait for the one before to commit, or
# deadlock with it; and it is never rolled back. SQLite has one writer at a time anyway:
# the row.
SEQUENCE = "articles_list_generation"


def with_list_generation(articles):
    """``articles`` (a queryset) annotated with ``list_generation``, the current generation."""
    current = current_generation_sql(connections[articles.db])
    return articles.annotate(list_generation=RawSQL(current, [], output_field=IntegerField()))


def request_generation(request, using="default"):
    """The list generation as ``request`` first read it (read now if it has not: its page's
    pieces then all use one; a view that reads it with its content sets it)."""
    generation = getattr(request, "list_generation", None)
    if generation is None:
        generation = current_generation(using)
        if request is not None:
            request.list_generation = generation
    return generation


def next_going_live(request, using="default", excluding=None):
    """When the next scheduled article other than ``excluding`` (an id) goes live by itself,
    read once per request: what a stored list shows is current only until then."""
    first_two = getattr(request, "first_going_live", None)
    if first_two is None:
        in_turn = Article.objects.using(using).going_live_in_turn()
        first_two = list(in_turn.values_list("pk", "published_at")[:2])
        if request is not None:
            request.first_going_live = first_two
    return next((at for pk, at in first_two if pk != excluding), None)


def current_generation(using="default"):
    """The list generation, in one short query."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(current_generation_sql(connection))
        return cursor.fetchone()[0]


def current_generation_sql(connection):
    """The SQL reading the current generation, a number (0 before the first move)."""
    if connection.vendor == "postgresql":
        return f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SEQUENCE}"
    return f"SELECT COALESCE(MAX(value), 0) FROM {ListGeneration._meta.db_table}"


def generation_exists(using="default"):
    """Whether the database holds the list generation (not before migration 0017)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SEQUENCE])
            return cursor.fetchone()[0]
        return ListGeneration._meta.db_table in connection.introspection.table_names(cursor)


def move_on(using=None):
    """Move the generation on: every stored list is out of date."""
    connection = connections[using or "default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
        return
    # A number never used before, not the next one: a rolled back transaction takes its
    # move back with its rows, and the next change must not reuse its number (a process
    # may hold what it read at that number: articles.menu).
    fresh = secrets.randbits(62)
    if not ListGeneration.objects.using(using).filter(pk=ROW).update(value=fresh):
        ListGeneration.objects.using(using).bulk_create(
            [ListGeneration(pk=ROW, value=fresh)], ignore_conflicts=True
        )


def move_on_now_and_after_commit(using=None):
    """Move the generation on now, so that this transaction's own reads see its change,
    and again when it commits (once, however many rows it changes): a rendering that read
    the generation moved now but the rows from before the commit is stored with an old one."""
    move_on(using)
    connection = transaction.get_connection(using)
    if any(
        getattr(func, "moves_list_generation", False) for _s, func, _r in connection.run_on_commit
    ):
        return

    def again():
        move_on(using)

    again.moves_list_generation = True
    transaction.on_commit(again, using=using)


def related_part(article, parts, request):
    """The related articles' HTML for ``article`` (from ``with_list_generation`` and
    ``stored_pages.with_stored_page``), whose current parts are ``parts``
    (stored_pages.page_parts): stored if current, else found, rendered and stored."""
    fingerprint = parts["fingerprint"]
    stored = getattr(article, "stored_page", None)
    now = timezone.now()
    if (
        stored is not None
        and stored.fingerprint == fingerprint
        and stored.related_generation == article.list_generation
        and (stored.related_until is None or now < stored.related_until)
    ):
        for article_id, version in stored.related_shown or ():  # noted for the page cache
            article_shown_by_id(article_id, version)
        return mark_safe(stored.related)  # noqa: S308 - rendered by the template below, escaped
    published = Article.objects.published()
    related = published.related_to(article, parts["persons"], parts["tags"], RELATED_COUNT)
    html = render_to_string("articles/article_related.html", {"related": related}, request)
    StoredPage.objects.filter(pk=article.pk, fingerprint=fingerprint).update(
        related=html,
        related_shown=[[item.pk, item.version] for item in related],
        related_generation=article.list_generation,
        # Another scheduled article going live may be one of them (this one never is: a page
        # rendered ahead of its own time stays current when that time comes).
        related_until=next_going_live(request, excluding=article.pk),
    )
    return html
