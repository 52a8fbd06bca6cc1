"""Markdown body → sanitized HTML blocks, with photos and quotes put in their places.

The one place where user-written text becomes markup: markdown-it-py renders
CommonMark, nh3 keeps only an allowlist of tags and attributes. Nothing
user-written is marked safe anywhere else.
"""

import html
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import mark_safe

from articles.paragraphs import MARKDOWN as _markdown
from articles.paragraphs import split_paragraphs
from media.base import normalize_name
from people.names import inflected_forms

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "s", "sub", "sup", "a", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(markup):
    """Keep only harmless markup: no scripts, event handlers, styles or javascript: links."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def markdown_to_html(text):
    """Render Markdown to sanitized HTML, safe to put in a template."""
    return mark_safe(sanitize(_markdown.render(text)))  # noqa: S308 - sanitized by nh3


def inline_markdown_to_html(text):
    return mark_safe(sanitize(_markdown.renderInline(text)))  # noqa: S308 - sanitized by nh3


@dataclass
class Block:
    """One part of a rendered body: markup, a quote, or a photo."""

    kind: str  # "html", "quote" or "photo"
    html: str = ""
    attribution: str = ""
    quote: object = None
    photo: object = None
    number: int = 0  # the paragraph's number, for the editor's preview


def _render_tokens(tokens):
    return sanitize(_markdown.renderer.render(tokens, _markdown.options, {}))


_STRONG = re.compile(r"<strong>([^<]+)</strong>")


def link_names(markup, links):
    """Wrap bold names that belong to a mentioned person in a link to their page."""
    if not links:
        return markup

    def replace(match):
        url = links.get(normalize_name(html.unescape(match.group(1))))
        if url is None:
            return match.group(0)
        return f'<a href="{html.escape(url)}">{match.group(0)}</a>'

    return _STRONG.sub(replace, markup)


def person_links(mentions):
    """{normalized name form: person URL} for the persons an article mentions."""
    links = {}
    for mention in mentions:
        person = mention.person
        if person is None:
            continue
        url = person.get_absolute_url()
        forms = set(inflected_forms(person.name))
        forms.update(variant.name_key for variant in person.variants.all())
        forms.update(normalize_name(form) for form in mention.written_forms)
        for form in forms:
            links.setdefault(form, url)
    return links


def _quote_in(source, quotes):
    """The first quote whose «text» stands in this paragraph source, with its span."""
    for quote in quotes:
        start = source.find("«" + quote.text.strip())
        if start == -1:
            continue
        end = source.find("»", start + len(quote.text))
        if end != -1:
            return quote, start, end + 1
    return None, -1, -1


def render_article_body(article):
    """The article body as a list of Blocks: sanitized markup, quotes, and placed photos."""
    quotes = list(article.quotes.all())
    links = person_links(article.mentions.all())
    paragraphs = [
        _render_block(list(paragraph.tokens), quotes, links)
        for paragraph in split_paragraphs(article.body)
    ]
    return with_photos(paragraphs, article.article_photos.all())


def preview_blocks(paragraphs, placements):
    """The editor's live preview: ``paragraphs`` (``split_paragraphs``) as sanitized Blocks
    numbered as the "after paragraph" select numbers them, with the photos in place.

    Names are not linked and quotes not set apart: those need the saved article.
    """
    blocks = [
        Block(
            kind="html",
            html=mark_safe(_render_tokens(list(paragraph.tokens))),  # noqa: S308 - sanitized
            number=paragraph.number,
        )
        for paragraph in paragraphs
    ]
    return with_photos(blocks, placements)


def with_photos(paragraphs, placements):
    """``paragraphs`` (one Block each) with a photo Block after each placement's paragraph.

    ``placements`` have ``position`` and ``photo`` and come in their order (position,
    then order). Photos placed after more paragraphs than the body has go at its end.
    """
    pending = sorted(placements, key=lambda placement: placement.position)  # stable: keeps order
    result, index = [], 0
    for count in range(len(paragraphs) + 1):
        last = count == len(paragraphs)
        while index < len(pending) and (pending[index].position <= count or last):
            result.append(Block(kind="photo", photo=pending[index].photo))
            index += 1
        if not last:
            result.append(paragraphs[count])
    return result


def _render_block(tokens, quotes, links):
    """One top-level block: a paragraph that opens with a recorded quote becomes a quote."""
    if tokens[0].type == "paragraph_open" and len(tokens) == 3:
        source = tokens[1].content
        quote, start, end = _quote_in(source, quotes)
        if quote is not None and start == 0:
            attribution = source[end:].lstrip(" ,")
            return Block(
                kind="quote",
                html=mark_safe(link_names(inline_markdown_to_html(source[:end]), links)),  # noqa: S308
                attribution=mark_safe(link_names(inline_markdown_to_html(attribution), links)),  # noqa: S308
                quote=quote,
            )
    return Block(kind="html", html=mark_safe(link_names(_render_tokens(tokens), links)))  # noqa: S308
