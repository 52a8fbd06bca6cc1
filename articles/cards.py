"""Article cards and thumbnails, the markup every list repeats, written in Python.

A list page shows dozens of cards; as a template include each cost about as much as
the rest of the page together (a Django include with ``with`` makes a new context and
resolves every variable through it). Here a card is a few ``format_html`` calls. The
markup is the one of the former ``includes/article_card.html``; the templates call
``{% article_card %}`` and ``{% thumbnail %}`` (articles/templatetags/public.py).
"""

from django.utils.html import format_html
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
    parts = [format_html('<article class="{}">\n  <div class="card-text">\n    ', classes)]
    if not hide_section and article.section_id and article.section:
        section = article.section
        parts.append(
            format_html(
                '<p class="kicker"><a href="{}">{}</a></p>',
                section.get_absolute_url(),
                section.name,
            )
        )
    level = int(heading_level)
    parts.append(
        format_html(
            '\n    <h{} class="card-headline"><a href="{}">{}</a></h{}>',
            level,
            article.get_absolute_url(),
            typograph(article.headline),
            level,
        )
    )
    if not hide_dek:
        article_shown(article, "dek")  # for the page cache: a new dek shows here
    if not hide_dek and article.dek:
        parts.append(format_html('\n    <p class="dek">{}</p>', typograph(article.dek)))
    parts.append(
        format_html(
            '\n    <p class="meta">{}</p>\n  </div>\n  ', time_element(article.published_at)
        )
    )
    if pictured:
        parts.append(thumbnail(photo, eager=eager, sizes=thumb_sizes))
    parts.append(mark_safe("\n</article>"))
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html


def thumbnail(photo, *, eager=False, sizes=None):
    """A ``<picture>`` of the photo's renditions for a card: its original while they are not
    made yet, "" when it has no usable file."""
    versions = renditions(photo)
    if versions is None:
        return _original_thumbnail(photo, eager)
    sizes = sizes or DEFAULT_THUMB_SIZES
    smallest = versions.jpg[0]
    return format_html(
        '<picture class="thumb">\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async">\n'
        "</picture>",
        versions.webp_srcset,
        sizes,
        smallest.url,
        versions.jpg_srcset,
        sizes,
        smallest.width,
        smallest.height,
        photo.description,
        "" if eager else mark_safe(' loading="lazy"'),
    )


def _original_thumbnail(photo, eager):
    plain = original(photo)
    if plain is None:
        return ""
    return format_html(
        '<picture class="thumb">\n  <img src="{}" width="{}" height="{}" alt="{}"{} decoding="async">\n'
        "</picture>",
        plain.url,
        plain.width,
        plain.height,
        photo.description,
        "" if eager else mark_safe(' loading="lazy"'),
    )
