"""Article cards and thumbnails, the markup every list repeats, written in Python.

A list page shows dozens of cards; as a template include each cost about as much as
the rest of the page together (a Django include with ``with`` makes a new context and
resolves every variable through it). Here a card is a few escaped f-strings. The
markup is the one of the former ``includes/article_card.html``; the templates call
``{% article_card %}`` and ``{% thumbnail %}`` (articles/templatetags/public.py).

A card is made in two steps: ``card_parts`` renders what it shows of the article, its
section and lead photo (escaped markup, the same whatever the list), and
``article_card`` puts those parts together as the list asks (heading level, dek,
section, thumbnail sizes). The parts are what list pages store with the article
(articles/stored_cards.py), so a list reads them instead of rendering them again.
"""

import html

from django.utils.safestring import mark_safe

from articles.caching import article_shown
from media.renditions import original, renditions
from newsroom.typography import typograph

# The thumbnail's layout width when a page names none (a card beside a list).
DEFAULT_THUMB_SIZES = "10rem"


def card_parts(article, *, section=True, dek=True, thumbnail=True):
    """What ``article``'s card shows, rendered: a dict of escaped markup (JSON-serializable)
    for ``article_card``. Expects ``section`` and ``lead_photo`` selected with the article
    (``for_listing``); without ``section``, ``dek`` or ``thumbnail``, those parts are left
    empty (and not read: a list that shows no section or dek need not select it)."""
    from articles.templatetags.public import time_element  # the one wording of dates

    photo = article.lead_photo if article.lead_photo_id else None
    pictured = photo is not None and photo.has_image
    kicker = ""
    if section and article.section_id and article.section:
        kicker = (
            f'<p class="kicker"><a href="{_escape(article.section.get_absolute_url())}">'
            f"{_escape(article.section.name)}</a></p>"
        )
    return {
        "kicker": kicker,
        "link": (
            f'<a href="{_escape(article.get_absolute_url())}">{typograph(article.headline)}</a>'
        ),
        "dek": str(typograph(article.dek)) if dek and article.dek else "",
        "time": str(time_element(article.published_at)),
        "pictured": pictured,
        "thumbnail": thumbnail_parts(photo) if pictured and thumbnail else None,
    }


def article_card(
    article,
    heading_level=2,
    *,
    hide_dek=False,
    hide_section=False,
    no_thumbnail=False,
    eager=False,
    thumb_sizes=None,
    card_class="",
):
    """An article's card: section, headline, dek, publish time, and its lead photo's
    thumbnail (without ``no_thumbnail``). Uses the article's stored card parts when its
    list read them (``article.card_parts``, articles/stored_cards.py), else renders them:
    then expects ``section`` and ``lead_photo`` selected with the article (``for_listing``)."""
    parts = getattr(article, "card_parts", None) or card_parts(
        article, section=not hide_section, dek=not hide_dek, thumbnail=not no_thumbnail
    )
    pictured = not no_thumbnail and parts["pictured"]
    classes = (
        "card" + (" card-pictured" if pictured else "") + (f" {card_class}" if card_class else "")
    )
    out = [f'<article class="{_escape(classes)}">\n  <div class="card-text">\n    ']
    if not hide_section and parts["kicker"]:
        out.append(parts["kicker"])
    level = int(heading_level)
    out.append(f'\n    <h{level} class="card-headline">{parts["link"]}</h{level}>')
    if not hide_dek:
        article_shown(article, "dek")  # for the page cache: a new dek shows here
    if not hide_dek and parts["dek"]:
        out.append(f'\n    <p class="dek">{parts["dek"]}</p>')
    out.append(f'\n    <p class="meta">{parts["time"]}</p>\n  </div>\n  ')
    if pictured:
        out.append(thumbnail_markup(parts["thumbnail"], eager=eager, sizes=thumb_sizes))
    out.append("\n</article>")
    return mark_safe("".join(out))  # noqa: S308 - every value escaped or safe markup


def is_pictured(article):
    """Whether ``article``'s card shows a picture (its lead photo has an image file)."""
    parts = getattr(article, "card_parts", None)
    if parts is not None:
        return parts["pictured"]
    return bool(article.lead_photo_id and article.lead_photo.has_image)


# The lead story's picture fills the front page's main column.
LEAD_SIZES = "(min-width: 1024px) 38rem, 100vw"


def lead_story(article):
    """The front page's lead story: its picture, section, headline, dek and publish time,
    from the card's parts (stored or rendered)."""
    parts = getattr(article, "card_parts", None) or card_parts(article)
    picture = ""
    if parts["pictured"]:
        picture = thumbnail_markup(parts["thumbnail"], eager=True, sizes=LEAD_SIZES)
    dek = f'<p class="dek">{parts["dek"]}</p>' if parts["dek"] else ""
    return mark_safe(  # noqa: S308 - every part escaped or safe markup
        f'<article class="lead-story">\n  {picture}\n  {parts["kicker"]}\n'
        f'  <h2 class="lead-headline">{parts["link"]}</h2>\n  {dek}\n'
        f'  <p class="meta">{parts["time"]}</p>\n</article>'
    )


def _escape(value):
    """format_html's escaping of one value (conditional_escape), without its lazy-string
    wrappers: a list page escapes a few hundred values."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def thumbnail(photo, *, eager=False, sizes=None):
    """A ``<picture>`` of the photo's renditions for a card: its original while they are not
    made yet, "" when it has no usable file."""
    return thumbnail_markup(thumbnail_parts(photo), eager=eager, sizes=sizes)


def thumbnail_parts(photo):
    """What a thumbnail of ``photo`` shows, escaped (JSON-serializable): its renditions', or
    its original's while they are not made yet; None when it has no usable file."""
    versions = renditions(photo)
    if versions is not None:
        smallest = versions.jpg[0]
        return {
            "webp_srcset": _escape(versions.webp_srcset),
            "src": _escape(smallest.url),
            "jpg_srcset": _escape(versions.jpg_srcset),
            "width": _escape(smallest.width),
            "height": _escape(smallest.height),
            "alt": _escape(photo.description),
        }
    plain = original(photo)
    if plain is None:
        return None
    return {
        "src": _escape(plain.url),
        "width": _escape(plain.width),
        "height": _escape(plain.height),
        "alt": _escape(photo.description),
    }


def thumbnail_markup(parts, *, eager=False, sizes=None):
    """The ``<picture>`` of ``thumbnail_parts``: with its renditions' sources for the
    layout width ``sizes``, or the original alone; "" for None."""
    if parts is None:
        return ""
    lazy = "" if eager else ' loading="lazy"'
    if "webp_srcset" not in parts:
        return mark_safe(  # noqa: S308 - every value escaped
            f'<picture class="thumb">\n  <img src="{parts["src"]}" width="{parts["width"]}" '
            f'height="{parts["height"]}" alt="{parts["alt"]}"{lazy} '
            f'decoding="async">\n</picture>'
        )
    sizes = _escape(sizes or DEFAULT_THUMB_SIZES)
    return mark_safe(  # noqa: S308 - every value escaped
        f'<picture class="thumb">\n  <source type="image/webp" '
        f'srcset="{parts["webp_srcset"]}" sizes="{sizes}">\n'
        f'  <img src="{parts["src"]}" srcset="{parts["jpg_srcset"]}" '
        f'sizes="{sizes}" width="{parts["width"]}" height="{parts["height"]}" '
        f'alt="{parts["alt"]}"{lazy} decoding="async">\n</picture>'
    )
