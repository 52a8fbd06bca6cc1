"""Markdown body → sanitized HTML blocks, with photos and quotes put in their places.

The one place where user-written text becomes markup: markdown-it-py renders
CommonMark, nh3 keeps only an allowlist of tags and attributes. Nothing
user-written is marked safe anywhere else.

The body's text blocks (paragraphs and quotes, names linked, Russian typography done)
are stored on the article (``Article.rendered_body``) with a fingerprint of the body
they came from, so the article page does not render Markdown, nor read the quotes and
name variants it needs for that. A stored rendering whose fingerprint does not match
the body (the body was changed, by any path) is rendered again and stored on the next
read; what else the rendering depends on (quotes, mentions, the persons' names and
variants) clears it when it changes (articles/signals.py). Photos are not stored: they
are put in place on every read, so moving one needs no new rendering.

The list of who the article names ("In this article": each person or organization with
the role held when it was published) is stored with it, with the persons' ids (for the
related articles), for the same reason.
"""

import hashlib
import html
import re
from dataclasses import dataclass

import nh3
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.paragraphs import MARKDOWN as _markdown
from articles.paragraphs import split_paragraphs
from media.base import normalize_name
from newsroom.typography import typograph
from people.names import inflected_forms

# Part of the stored rendering's fingerprint: a change to what the renderer makes
# (here, in the linking of names, or in the typography) needs a new number.
RENDERER_VERSION = 2

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
    """One part of a rendered body: markup, a quote, or a photo (markup typeset, except in
    the editor's preview)."""

    kind: str  # "html", "quote" or "photo"
    html: str = ""
    attribution: str = ""
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
    return with_photos(text_blocks(article), article.article_photos.all())


def text_blocks(article):
    """The body's paragraphs and quotes as Blocks: the stored rendering when it is current,
    else rendered now (and stored: see store_rendering)."""
    return [_block_from_stored(item) for item in current_rendering(article)["blocks"]]


def mention_items(article):
    """The "In this article" list items (``<li>`` markup), as stored with the body."""
    return mark_safe(current_rendering(article)["mentions"])  # noqa: S308 - built by format_html


def mentioned_person_ids(article):
    """The ids of the persons the article names, as stored with the body."""
    return current_rendering(article)["persons"]


def current_rendering(article):
    """``article.rendered_body`` if it is current, else rendered now and stored."""
    if not has_current_rendering(article):
        store_rendering(article)
    return article.rendered_body


def store_rendering(article):
    """Render ``article``'s body text and the list of whom it names now, and store them.

    Stored only if the row still holds the body rendered here (a preview may render an
    unsaved body), with a plain UPDATE: no new version, no signals, no invalidation.
    """
    mentions = list(article.mentions.all())
    rendering = {
        "fingerprint": body_fingerprint(article.body),
        "blocks": [_stored(block) for block in render_text_blocks(article)],
        "mentions": "".join(_mention_item(mention) for mention in mentions),
        "persons": sorted({mention.person_id for mention in mentions if mention.person_id}),
    }
    if article.pk is not None:
        type(article)._default_manager.filter(pk=article.pk, body=article.body).update(
            rendered_body=rendering
        )
    article.rendered_body = rendering
    return rendering


def _mention_item(mention):
    named = mention.person or mention.organization
    name = mention.person.name if mention.person else str(mention.organization)
    role = mention.role_for_display()
    return format_html(
        '<li><a href="{}">{}</a>{}</li>\n',
        named.get_absolute_url(),
        name,
        format_html(" — {}", role) if role else "",
    )


def has_current_rendering(article):
    """Whether ``article`` holds a rendering of its body as it is now (see text_blocks)."""
    stored = article.rendered_body or {}
    return stored.get("fingerprint") == body_fingerprint(article.body)


def body_fingerprint(body):
    digest = hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()
    return f"{RENDERER_VERSION}:{digest}"


def render_text_blocks(article):
    """The body's paragraphs and quotes, rendered from the Markdown now, with typography."""
    quotes = list(article.quotes.all())
    links = person_links(article.mentions.all())
    return [
        _typeset(_render_block(list(paragraph.tokens), quotes, links))
        for paragraph in split_paragraphs(article.body)
    ]


def _typeset(block):
    block.html = typograph(block.html)
    if block.attribution:
        block.attribution = typograph(block.attribution)
    return block


def _stored(block):
    return {"kind": block.kind, "html": str(block.html), "attribution": str(block.attribution)}


def _block_from_stored(item):
    # Stored by text_blocks from markup sanitized by nh3 and typeset: safe as it was then.
    return Block(
        kind=item["kind"],
        html=mark_safe(item["html"]),  # noqa: S308
        attribution=mark_safe(item["attribution"]),  # noqa: S308
    )


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
            )
    return Block(kind="html", html=mark_safe(link_names(_render_tokens(tokens), links)))  # noqa: S308
