"""Template helpers of the public pages: cards, JSON-LD, dates and pagination links."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import cards
from newsroom.typography import typograph

register = template.Library()


@register.simple_tag
def article_card(article, heading_level=2, **options):
    """``{% article_card article 3 hide_dek=True … %}``: see articles.cards.article_card."""
    return cards.article_card(article, heading_level, **options)


@register.simple_tag
def lead_story(article):
    """``{% lead_story lead %}``: see articles.cards.lead_story."""
    return cards.lead_story(article)


@register.simple_tag
def thumbnail(photo, eager=False, sizes=None):
    """``{% thumbnail photo eager=True sizes="…" %}``: see articles.cards.thumbnail."""
    return cards.thumbnail(photo, eager=eager, sizes=sizes)


# The escapes of Django's json_script: no "<", ">" or "&" can end the script element early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> element holding ``data``, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    # Safe as json_script is: the escapes above leave no markup in the text.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ``page`` set to ``number`` (other parameters kept)."""
    query = context["request"].GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path


@register.filter
def iso_time(value):
    """A date-time for machines (datetime="", meta tags): ISO 8601 in the newsroom's zone,
    to the second, as HTML's valid date-time strings allow."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def time_element(value, precision="minute"):
    """``<time datetime="…">10 февраля 2022, 19:12</time>``: a date-time for readers, in the
    newsroom's zone, with its machine-readable form; ``time_element:"day"`` omits the hour.

    The one place where the site words its dates. It reads as the ``date`` filter's
    "j E Y, H:i" (E: the month's name in the genitive), at a fraction of its cost on
    pages that list dozens of them.
    """
    if not value:
        return ""
    local = timezone.localtime(value)
    text = f"{local.day} {MONTHS_ALT[local.month]} {local.year}"
    if precision != "day":
        text = f"{text}, {local:%H:%M}"
    # iso_time's form, from the one conversion; format_html's escaping, without its
    # lazy-string wrappers (a list page has dozens of these).
    machine = local.replace(microsecond=0).isoformat()
    return mark_safe(f'<time datetime="{machine}">{html.escape(text)}</time>')  # noqa: S308


@register.filter
def typography(value):
    """Russian typography on a headline, dek or rendered body (newsroom.typography)."""
    return typograph(value)
