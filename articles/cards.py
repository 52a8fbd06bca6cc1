"""Article cards and thumbnails, the markup every list repeats, written in Python.

A list page shows dozens of cards; as a template include each cost about as much as
the rest of the page together (a Django include with ``with`` makes a new context and
resolves every variable through it). Here a card is a few escaped f-strings. The
markup is the one of the former ``includes/article_card.html``; the templates call
``{% article_card %}`` and ``{% thumbnail %}`` (articles/templatetags/public.py).
"""

import html

from django.utils.safestring import mark_safe

from articles.caching import article_shown
from media.renditions import original, renditions
from newsroom.typography import typograph

# The thumbnail's layout width when a page names none (a card beside a list).
DEFAULT_THUMB_SIZES = "10rem"


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
    thumbnail (without ``no_thumbnail``). Expects ``section`` and ``lead_photo``
    selected with the article (``for_listing``)."""
    from articles.templatetags.public import time_element  # the one wording of dates

    photo = article.lead_photo if article.lead_photo_id else None
    pictured = not no_thumbnail and photo is not None and photo.has_image
    classes = (
        "card" + (" card-pictured" if pictured else "") + (f" {card_class}" if card_class else "")
    )
    parts = [f'<article class="{_escape(classes)}">\n  <div class="card-text">\n    ']
    if not hide_section and article.section_id and article.section:
        section = article.section
        parts.append(
            f'<p class="kicker"><a href="{_escape(section.get_absolute_url())}">'
            f"{_escape(section.name)}</a></p>"
        )
    level = int(heading_level)
    parts.append(
        f'\n    <h{level} class="card-headline"><a href="{_escape(article.get_absolute_url())}">'
        f"{typograph(article.headline)}</a></h{level}>"
    )
    if not hide_dek:
        article_shown(article, "dek")  # for the page cache: a new dek shows here
    if not hide_dek and article.dek:
        parts.append(f'\n    <p class="dek">{typograph(article.dek)}</p>')
    parts.append(f'\n    <p class="meta">{time_element(article.published_at)}</p>\n  </div>\n  ')
    if pictured:
        parts.append(thumbnail(photo, eager=eager, sizes=thumb_sizes))
    parts.append("\n</article>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped or safe markup


def _escape(value):
    """format_html's escaping of one value (conditional_escape), without its lazy-string
    wrappers: a list page escapes a few hundred values."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def thumbnail(photo, *, eager=False, sizes=None):
    """A ``<picture>`` of the photo's renditions for a card: its original while they are not
    made yet, "" when it has no usable file."""
    versions = renditions(photo)
    if versions is None:
        return _original_thumbnail(photo, eager)
    sizes = _escape(sizes or DEFAULT_THUMB_SIZES)
    smallest = versions.jpg[0]
    lazy = "" if eager else ' loading="lazy"'
    return mark_safe(  # noqa: S308 - every value escaped
        f'<picture class="thumb">\n  <source type="image/webp" '
        f'srcset="{_escape(versions.webp_srcset)}" sizes="{sizes}">\n'
        f'  <img src="{_escape(smallest.url)}" srcset="{_escape(versions.jpg_srcset)}" '
        f'sizes="{sizes}" width="{_escape(smallest.width)}" height="{_escape(smallest.height)}" '
        f'alt="{_escape(photo.description)}"{lazy} decoding="async">\n</picture>'
    )


def _original_thumbnail(photo, eager):
    plain = original(photo)
    if plain is None:
        return ""
    lazy = "" if eager else ' loading="lazy"'
    return mark_safe(  # noqa: S308 - every value escaped
        f'<picture class="thumb">\n  <img src="{_escape(plain.url)}" width="{_escape(plain.width)}" '
        f'height="{_escape(plain.height)}" alt="{_escape(photo.description)}"{lazy} '
        f'decoding="async">\n</picture>'
    )
