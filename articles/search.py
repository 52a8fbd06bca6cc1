"""Full-text search over published articles: ranked, with highlighted snippets.

PostgreSQL: the stored, GIN-indexed `search_vector` column (migration 0004) holds each
text's `russian` stems and its words as written (`simple`); every query word matches
either form, or a word starting with its stem (`newsroom_word_tsquery`), so «Токаева»
finds «Токаев» and the other way round, which the Snowball stemmer alone does not. Headline outranks dek
outranks body (weights A/B/C, `ts_rank`), and `ts_headline` marks the matches.

SQLite: a registered Python function folds case (Cyrillic too: SQLite's LOWER and LIKE
fold only ASCII) and ё to е; each query word, cut to the stem all its dictionary forms
share (pymorphy3), must occur in the headline, dek or body; headline matches rank first.

Any text is a valid query: words are pulled out of it with a regular expression, so
operators, quotes and very long input give a normal page, never an error.
"""

import html
import os
import re
from functools import lru_cache

import nh3
from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from media.base import fold
from media.db import Folded
from people.names import morph

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
SNIPPET_LENGTH = 240

_WORD = re.compile(r"\w+", re.UNICODE)
# Private-use characters mark matches inside ts_headline's output; they never reach a page.
_START, _STOP = "\ue000", "\ue001"
_MARKDOWN = re.compile(r"\*\*|__|`|\*(?=\w)|(?<=\w)\*|(?m:^[ \t]*[#>]+[ \t]*)")


def query_words(query):
    """The searchable words of a query, folded: at most MAX_WORDS, from its first 200 chars."""
    words = []
    for word in _WORD.findall(fold((query or "")[:MAX_QUERY_LENGTH])):
        word = word.strip("_")
        if word and word not in words:
            words.append(word[:50])
    return words[:MAX_WORDS]


@lru_cache(maxsize=2048)
def dictionary_stem(word):
    """What every form of the word shares, by the pymorphy3 dictionary: "токаева" → "токаев".

    The SQLite fallback matches this stem, so any case of a word finds the others.
    """
    parse = morph().parse(word)[0]
    forms = {fold(form.word) for form in parse.lexeme if form.tag.POS == parse.tag.POS}
    stem = os.path.commonprefix(sorted(forms | {word}))
    return stem if len(stem) >= 3 else word


def search(queryset, query):
    """``queryset`` narrowed to articles matching ``query``, best first, each with a ``snippet``.

    An empty query (no words in it) matches nothing.
    """
    words = query_words(query)
    if not words:
        return queryset.none()
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_fallback(queryset, words)


def _search_postgresql(queryset, words):
    table = queryset.model._meta.db_table
    vector = f'"{table}"."search_vector"'
    tsquery = " && ".join(["newsroom_word_tsquery(%s)"] * len(words))
    params = list(words)
    text = f'translate("{table}"."dek" || \' \' || "{table}"."body", \'ёЁ\', \'еЕ\')'
    options = f"StartSel={_START}, StopSel={_STOP}, MinWords=25, MaxWords=45, ShortWord=2"
    return (
        queryset.filter(RawSQL(f"{vector} @@ ({tsquery})", params, output_field=BooleanField()))
        .annotate(
            rank=RawSQL(f"ts_rank({vector}, {tsquery})", params, output_field=FloatField()),
            raw_snippet=RawSQL(
                f"ts_headline('russian', {text}, {tsquery}, %s)", [*params, options]
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _search_fallback(queryset, words):
    stems = [dictionary_stem(word) for word in words]
    fields = {"headline": 3, "dek": 2, "body": 1}
    queryset = queryset.alias(**{f"folded_{name}": Folded(F(name)) for name in fields})
    score = Value(0, output_field=IntegerField())
    for stem in stems:
        queryset = queryset.filter(
            Q(folded_headline__contains=stem)
            | Q(folded_dek__contains=stem)
            | Q(folded_body__contains=stem)
        )
        for name, weight in fields.items():
            score = score + Case(
                When(**{f"folded_{name}__contains": stem}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return queryset.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


def snippet(article, query):
    """A short excerpt of the article with the query's matches in <mark>, safe to show."""
    raw = getattr(article, "raw_snippet", None)
    if raw is not None:
        return _mark(_restore(raw, f"{article.dek} {article.body}"))
    return _mark(_fallback_snippet(f"{article.dek} {article.body}", query_words(query)))


def _restore(marked, original):
    """ts_headline's excerpt of the ё-folded text, with the original letters put back.

    Folding ё is one character for one, so the excerpt sits at the same offsets in both.
    """
    plain = marked.replace(_START, "").replace(_STOP, "")
    start = fold(original).find(fold(plain))
    if start == -1:
        return marked
    source = original[start : start + len(plain)]
    result, i = [], 0
    for char in marked:
        if char in (_START, _STOP):
            result.append(char)
        else:
            result.append(source[i])
            i += 1
    return "".join(result)


def _fallback_snippet(text, words):
    text = " ".join(_MARKDOWN.sub("", text).split())
    folded = fold(text)
    stems = [dictionary_stem(word) for word in words]
    hits = [folded.find(stem) for stem in stems if folded.find(stem) != -1]
    start = max(0, min(hits) - SNIPPET_LENGTH // 3) if hits else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    excerpt = text[start:end]
    folded_excerpt = fold(excerpt)
    marks = []
    for stem in stems:
        for match in re.finditer(re.escape(stem) + r"\w*", folded_excerpt):
            marks.append((match.start(), match.end()))
    marked, last = [], 0
    for begin, finish in sorted(marks):
        if begin < last:
            continue
        marked.append(excerpt[last:begin] + _START + excerpt[begin:finish] + _STOP)
        last = finish
    marked.append(excerpt[last:])
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(marked) + suffix


def _mark(marked):
    """Escape the excerpt, turn the match markers into <mark>, and sanitize the result."""
    text = html.escape(_MARKDOWN.sub("", marked), quote=False)
    text = text.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(nh3.clean(text, tags={"mark"}, attributes={}))  # noqa: S308 - sanitized by nh3
