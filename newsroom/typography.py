"""Russian typography for what readers see: «ёлочки», em dashes and non-breaking spaces.

``typograph(markup)`` takes safe HTML (sanitized by nh3, or escaped by Django) and
changes its text nodes only; tags, attributes and the text inside ``<code>``, ``<pre>``,
``<script>`` and ``<style>`` pass through untouched. It runs on output: what editors
stored is never changed.
"""

import html
import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

NBSP = "\u00a0"

# A tag, with attribute values in either quote (nh3 and Django escape "<" and ">" in
# text but may leave ">" inside a quoted attribute value).
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_RAW = {"code", "pre", "script", "style", "kbd", "samp"}

# " - ", " -- ", " – " or " — " between words: a dash, held to the word before it.
_DASH = re.compile(r"[ \u00a0]+(?:--?|–|—)(?=[ \u00a0])[ \u00a0]*")
_DASH_AT_START = re.compile(r"^(?:--?|–)(?= )")
# One- and two-letter words (в, и, на, не, по…) keep to the word after them.
_SHORT_WORD = re.compile(r"(?<![\w\-.])([A-Za-zА-Яа-яЁё]{1,2}) (?=\S|$)")
# Initials: «В. В. Путин», «А.С. Пушкин» stay on one line.
_INITIAL = re.compile(r"(?<!\w)([A-ZА-ЯЁ]\.)[ \u00a0]*(?=[A-ZА-ЯЁ])")


def typograph(markup):
    """``markup`` with Russian typography in its text nodes, marked safe.

    A string not marked safe is escaped first, so the result is always safe HTML.
    """
    markup = str(conditional_escape(markup))
    quotes = _Quotes()
    raw_depth = 0
    parts = _TAG.split(markup)
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match and match.group(1).lower() in _RAW and not part.endswith("/>"):
                raw_depth += -1 if part.startswith("</") else 1
                raw_depth = max(raw_depth, 0)
            continue
        if part and not raw_depth:
            parts[index] = _text(part, quotes)
    return mark_safe("".join(parts))  # noqa: S308 - text re-escaped, tags kept as they were


class _Quotes:
    """Straight double quotes → «» outside, „“ inside, across the text nodes of one call."""

    def __init__(self):
        self.depth = 0
        self.last = ""  # the character before this text node, for quotes that follow a tag

    def replace(self, text):
        if '"' not in text:  # most text nodes: nothing to walk through
            self.last = text[-1:] or self.last
            return text
        out = []
        for position, char in enumerate(text):
            if char != '"':
                out.append(char)
                continue
            before = text[position - 1] if position else self.last
            opening = before == "" or before.isspace() or before in "(«„[-—–/"
            if self.depth == 0 or (opening and self.depth == 1):
                out.append("«" if self.depth == 0 else "„")
                self.depth += 1
            else:
                self.depth -= 1
                out.append("»" if self.depth == 0 else "“")
        self.last = text[-1:] or self.last
        return "".join(out)


def _text(escaped, quotes):
    text = html.unescape(escaped)
    text = quotes.replace(text)
    text = _DASH_AT_START.sub("—", text)
    text = _DASH.sub(NBSP + "— ", text)
    text = _INITIAL.sub(r"\1" + NBSP, text)
    text = _SHORT_WORD.sub(r"\1" + NBSP, text)
    # Text needs only these escaped; quotes are plain characters outside attributes.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
