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
from markdown_it import MarkdownIt

from media.base import normalize_name
from people.names import inflected_forms

_markdown = MarkdownIt("commonmark", {"html": True})

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


def split_blocks(text):
    """The top-level blocks of a Markdown text, as token lists (paragraphs, lists, …)."""
    tokens = _markdown.parse(text)
    blocks, current = [], []
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


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
    mentions = list(article.mentions.all())
    quotes = list(article.quotes.all())
    links = person_links(mentions)

    result = []
    placements = iter(article.article_photos.all())
    next_placement = next(placements, None)

    def place_photos(paragraphs_so_far):
        nonlocal next_placement
        while next_placement is not None and next_placement.position <= paragraphs_so_far:
            result.append(Block(kind="photo", photo=next_placement.photo))
            next_placement = next(placements, None)

    place_photos(0)
    blocks = split_blocks(article.body)
    for count, tokens in enumerate(blocks, start=1):
        result.append(_render_block(tokens, quotes, links))
        place_photos(count)
    # Photos placed after more paragraphs than the body has go at its end.
    place_photos(float("inf"))
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
