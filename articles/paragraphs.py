"""What a paragraph of an article's body is: one definition for every part that counts them.

A photo stands "after paragraph N" (``ArticlePhoto.position``). Readers see the body as
markdown-it renders it, so a paragraph is one of markdown-it's top-level blocks: a
paragraph, a heading, a whole list (a loose list too, blank lines and all), a whole
blockquote, a code block, a rule. The renderer, the importer, the exporter and the
admin's "after paragraph" select all count with ``split_paragraphs``; counting
blank-line chunks instead puts a photo in another place as soon as a body has a
loose list or a quote of two paragraphs.
"""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

# The one Markdown parser of the body (CommonMark, raw HTML allowed and then removed by
# nh3 in articles.rendering): block structure depends on these options.
MARKDOWN = MarkdownIt("commonmark", {"html": True})

FIRST_WORDS = 6
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class BodyParagraph:
    """One paragraph as readers see it: its tokens and where it stands in the body."""

    number: int  # 1-based, as in "after paragraph N"
    start: int  # its first line, 0-based, in the body with its line ends made "\n"
    end: int  # the line after its last one
    tokens: tuple

    def first_words(self, count=FIRST_WORDS):
        """Its opening words as plain text (no Markdown), ending in "…" when cut."""
        words = _plain_text(self.tokens).split()
        if len(words) <= count:
            return " ".join(words)
        return " ".join(words[:count]) + "…"


def normalize_newlines(body):
    """The body with "\\r\\n" and "\\r" line ends made "\\n", as markdown-it reads it."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(body):
    """The body's paragraphs as readers see them: markdown-it's top-level blocks, in order."""
    paragraphs, current = [], []
    for token in MARKDOWN.parse(body):
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            start, end = current[0].map or (0, 0)
            paragraphs.append(BodyParagraph(len(paragraphs) + 1, start, end, tuple(current)))
            current = []
    return paragraphs


def count_before_line(paragraphs, line):
    """How many of ``paragraphs`` begin before ``line``: the position of a photo put there.

    A photo put inside a block (between two items of a loose list) goes after the block.
    """
    return sum(1 for paragraph in paragraphs if paragraph.start < line)


def line_after(paragraphs, count, line_count):
    """The body line a photo "after paragraph ``count``" stands before (``line_count``: at the end)."""
    if count < len(paragraphs):
        return paragraphs[count].start
    return line_count


def _no_text(token):
    return ""


# What of an inline token shows as text: words and code, and a space for a line break.
_INLINE_TEXT = {
    "text": lambda token: token.content,
    "code_inline": lambda token: token.content,
    "softbreak": lambda token: " ",
    "hardbreak": lambda token: " ",
}


def _plain_text(tokens):
    for token in tokens:
        if token.type == "inline":
            text = "".join(
                _INLINE_TEXT.get(child.type, _no_text)(child) for child in token.children
            )
            text = text.strip()
            if text:
                return text
        elif token.type in ("fence", "code_block") and token.content.strip():
            return token.content
        elif token.type == "html_block" and _TAG.sub(" ", token.content).strip():
            return _TAG.sub(" ", token.content)
        elif token.type == "hr":
            return "———"
    return ""
