"""Article cards, rendered once and kept with the article's stored page.

A list page (home, section, tag, archive, person, organization) shows 20 to 40 cards;
rendering each (its address and its section's, typography, the date, the thumbnail's
sources) cost about half of the page's own work. A card's parts (articles.cards.card_parts)
are the same in every list, so they are stored in the article's ``StoredPage`` row and a
list reads them in its own query (``ArticleQuerySet.for_card_list``), then only puts them
together as it shows them.

Stored parts are used only while

- their ``card_fingerprint`` matches: the article's version and the fields the card shows
  (so an ``update()`` that bypasses ``save()`` is seen), the script prefix, language and
  time zone, where photos are stored and served from, and the code that renders them; and
- their ``card_stamp`` is the page's ``stamp``: every clearing of the stored page
  (articles.stored_pages.clear: a section, photo or credit saved or deleted, and the rest of
  ``SHOWN_IN_PAGES``) moves the stamp on, so it clears the card too, with no signal of its
  own. A card shows nothing of those rows that the page does not.

Parts are stored only with the stamp read in the same query as the rows they were rendered
from (``UPDATE … WHERE stamp = <that stamp>``), so a rendering that raced a clearing is
never kept. An article with no stored page yet gets its row (stamp 0) and a card rendered
live; the next list to show it stores the card.
"""

import hashlib
import json
from functools import lru_cache

from django.db.models import Case, CharField, F, Q, TextField, Value, When
from django.db.models.query import ModelIterable
from django.urls import get_script_prefix

from articles import cards
from articles.models import Article, StoredPage
from newsroom import rendered

# What renders a card's parts: a change to any of them makes every stored card out of date.
MODULES = (
    "articles.cards",
    "articles.templatetags.public",
    "articles.urls",
    "media.renditions",
    "newsroom.typography",
    "newsroom.urls",
)

# The article's own fields its card shows (and its version, moved by every save).
SHOWN_FIELDS = ("version", "headline", "dek", "slug", "published_at", "section_id", "lead_photo_id")


@lru_cache(maxsize=1)
def code_fingerprint():
    """A digest of the modules and translations that render a card's parts."""
    return rendered.code_digest(modules=MODULES)


def _environment():
    """What every card's parts depend on besides the article: one string per list."""
    return "\x00".join(
        [
            get_script_prefix(),  # in the addresses
            *rendered.environment(),
            code_fingerprint(),
        ]
    )


def fingerprint(article, environment=None):
    """What stored card parts of ``article`` must have been rendered from."""
    parts = [str(getattr(article, name)) for name in SHOWN_FIELDS]
    parts.append(_environment() if environment is None else environment)
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def prepare(articles, using=None):
    """Give each of ``articles`` (read by ``for_card_list``) its card's parts,
    ``article.card_parts``: the stored ones when current, else rendered, and stored for
    the next list when the stamp read with what they were rendered from allows."""
    environment = _environment()
    missing = []
    for article in articles:
        if (
            article.stored_card_stamp is not None
            and article.stored_card_stamp == article.stored_stamp
            and article.stored_card_fingerprint == fingerprint(article, environment)
        ):
            article.card_parts = json.loads(article.stored_card)
        else:
            missing.append(article)
    if missing:
        _render(missing, environment, using)
    return articles


def _render(articles, environment, using):
    """Render the cards of ``articles`` and store those whose row holds a stamp."""
    if "section" in articles[0]._state.fields_cache:
        fresh = {article.pk: article for article in articles}  # read with them (joined)
    else:
        # Their section and lead photo, read with their stamps in one query.
        fresh = (
            Article.objects.using(using)
            .filter(pk__in=[article.pk for article in articles])
            .for_listing()
            .annotate(stored_stamp=F("stored_page__stamp"))
            .in_bulk()
        )
    to_store, without_row = [], []
    for article in articles:
        source = fresh.get(article.pk)
        if source is None:  # deleted since the list was read: rendered from its own rows
            article.card_parts = cards.card_parts(article)
            continue
        article.card_parts = cards.card_parts(source)
        if source.stored_stamp is None:
            without_row.append(article.pk)
        else:
            current = fingerprint(source, environment)
            to_store.append((article.pk, source.stored_stamp, current, article.card_parts))
    if without_row:
        # Rows to hold the stamps: the next list reads them with what it renders, and stores.
        StoredPage.objects.using(using).bulk_create(
            [StoredPage(article_id=pk) for pk in without_row], ignore_conflicts=True
        )
    if to_store:
        _store(to_store, using)


def _store(rendered, using):
    """One UPDATE for the list: each card kept only where the stamp is still the one read."""
    still_current = Q()
    for pk, stamp, _fingerprint, _parts in rendered:
        still_current |= Q(pk=pk, stamp=stamp)
    StoredPage.objects.using(using).filter(still_current).update(
        card=Case(
            *(When(pk=pk, then=Value(json.dumps(parts))) for pk, _s, _f, parts in rendered),
            default=F("card"),
            output_field=TextField(),
        ),
        card_fingerprint=Case(
            *(When(pk=pk, then=Value(current)) for pk, _s, current, _p in rendered),
            default=F("card_fingerprint"),
            output_field=CharField(),
        ),
        card_stamp=F("stamp"),
    )


class StoredCardIterable(ModelIterable):
    """Articles with their card's parts ready (``prepare``), for the whole list at once."""

    def __iter__(self):
        yield from prepare(list(super().__iter__()), self.queryset.db)
