"""Full-text search over published articles: ranked, with highlighted snippets.

PostgreSQL: the stored, GIN-indexed `search_vector` column (migration 0004) holds each
text's `russian` stems and its words as written (`simple`); every query word matches
either form, or a word starting with its stem (`newsroom_word_tsquery`), so «Токаева»
finds «Токаев» and the other way round, which the Snowball stemmer alone does not. Headline outranks dek
outranks body (weights A/B/C, `ts_rank`), and `ts_headline` marks the matches.

SQLite: a registered Python function folds case (Cyrillic too: SQLite's LOWER and LIKE
fold only ASCII) and ё to е; each query word, cut to the stem all its dictionary forms
share (pymorphy3), must occur in the headline, dek or body; headline matches rank first.

Large archives: a reader's search reads the matching articles' ids newest first, by the
index alone, up to COUNT_LIMIT (the count stops there: «найдено более 500 статей»); only
the newest RANKED of them are put in order of relevance, and only the shown page's rows
are read in full with their snippets. So a common word costs what a rare one does.
The desk's search (``matching``) uses the same match, without ranking.

Any text is a valid query: words are pulled out of it with a regular expression, so
operators, quotes and very long input give a normal page, never an error.
"""

import html
import os
import re
from functools import lru_cache, reduce
from operator import or_

import nh3
from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
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


# A reader's search reads at most this many matches, newest first: the count above the
# results stops there («найдено более 500 статей»), and so do the pages (25 of them).
# Each match read costs a check of its search vector (about 40 µs here).
COUNT_LIMIT = 500
# Of those, the newest this many are put in order of relevance; the rest follow newest
# first. Ranking reads each article's whole search vector, so it is kept to what the
# first pages show, however common the word.
RANKED = 100


def search(queryset, query):
    """Articles of ``queryset`` matching ``query``, as ``SearchResults`` (best first).

    An empty query (no words in it) matches nothing.
    """
    return SearchResults(queryset, query_words(query))


def matching(queryset, query):
    """``queryset`` narrowed to articles matching every word of ``query``, unordered.

    For the desk's search: a word also matches as the start of a longer one («Токае»
    finds «Токаев»), as an editor types. PostgreSQL answers from the GIN index.
    """
    words = query_words(query)
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(_matching_ids(queryset, words))
    return _fallback_match(queryset, words)


def _matching_ids(queryset, words):
    """``id IN (the matches)``, the matches found by the GIN index first.

    OFFSET 0 keeps the planner from folding the match into the list's scan in its order:
    it does that when it expects many matches, then checks each article's vector (tens of
    µs each) through thousands of rows to fill a page of a name found in one in a hundred.
    """
    table = queryset.model._meta.db_table
    tsquery, params = _tsquery(queryset, words, prefixes=True)
    sql = (
        f'"{table}"."id" IN (SELECT "match"."id" FROM "{table}" "match"'
        f' WHERE "match"."search_vector" @@ {tsquery} OFFSET 0)'
    )
    return RawSQL(sql, params, output_field=BooleanField())


class SearchResults:
    """One search's results, for a Paginator: ``count()``, slices and iteration.

    The matches are found by the index alone (no ranking) and read newest first, at most
    COUNT_LIMIT + 1 of them (their ids only): that gives the count, capped. The newest
    RANKED are ordered by relevance (headline, then dek, then body), and only the rows of
    the page shown are read in full, each with its highlighted ``snippet``.
    """

    def __init__(self, queryset, words):
        self.queryset = queryset
        self.words = words
        self.postgresql = connections[queryset.db].vendor == "postgresql"

    def candidates(self):
        """The matching articles, newest first, not ranked."""
        if not self.words:
            return self.queryset.none()
        if self.postgresql:
            matches = self.queryset.filter(_tsquery_match(self.queryset, self.words))
        else:
            matches = _fallback_match(self.queryset, self.words)
        return matches.order_by("-published_at", "-pk")

    def explain(self, **options):
        return self.candidates().explain(**options)

    @cached_property
    def _found(self):
        return list(self.candidates().values_list("pk", flat=True)[: COUNT_LIMIT + 1])

    @property
    def more_than_limit(self):
        """Whether there are more matches than COUNT_LIMIT (then ``count()`` is the limit)."""
        return len(self._found) > COUNT_LIMIT

    @property
    def limit(self):
        return COUNT_LIMIT

    @cached_property
    def _order(self):
        found = self._found[:COUNT_LIMIT]
        if len(found) < 2:
            return found
        head = self._ranked(self.queryset.filter(pk__in=found[:RANKED]))
        return [*head.values_list("pk", flat=True), *found[RANKED:]]

    def _ranked(self, queryset):
        if self.postgresql:
            tsquery, params = _tsquery(queryset, self.words)
            vector = _vector(queryset)
            rank = RawSQL(f"ts_rank({vector}, {tsquery})", params, output_field=FloatField())
        else:
            rank = _fallback_score(self.words)
            queryset = _with_folded(queryset)
        return queryset.order_by(rank.desc(), "-published_at", "-pk")

    def count(self):
        return len(self._found[:COUNT_LIMIT])

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self._order[index]
        if not ids:
            return []
        rows = self.queryset.filter(pk__in=ids)
        if self.postgresql:
            rows = rows.annotate(raw_snippet=_headline(rows, self.words))
        by_id = {article.pk: article for article in rows}
        return [by_id[pk] for pk in ids if pk in by_id]


def _vector(queryset):
    return f'"{queryset.model._meta.db_table}"."search_vector"'


def _tsquery(queryset, words, prefixes=False):
    """SQL of a tsquery every word must match, and its parameters."""
    parts, params = [], []
    for word in words:
        # newsroom_word_tsquery matches the start of a word from its stem of 4 letters on;
        # a shorter word, typed in the desk's search, matches as a start too.
        if prefixes and 3 <= len(word) < 5:
            parts.append("(newsroom_word_tsquery(%s) || to_tsquery('simple', %s))")
            params += [word, f"{_quote(word)}:*"]
        else:
            parts.append("newsroom_word_tsquery(%s)")
            params.append(word)
    return f"({' && '.join(parts)})", params


def _quote(word):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery_match(queryset, words):
    tsquery, params = _tsquery(queryset, words)
    return RawSQL(f"{_vector(queryset)} @@ {tsquery}", params, output_field=BooleanField())


def _headline(queryset, words):
    table = queryset.model._meta.db_table
    tsquery, params = _tsquery(queryset, words)
    text = f'translate("{table}"."dek" || \' \' || "{table}"."body", \'ёЁ\', \'еЕ\')'
    options = f"StartSel={_START}, StopSel={_STOP}, MinWords=25, MaxWords=45, ShortWord=2"
    return RawSQL(f"ts_headline('russian', {text}, {tsquery}, %s)", [*params, options])


FIELD_WEIGHTS = {"headline": 3, "dek": 2, "body": 1}


def _with_folded(queryset):
    return queryset.alias(**{f"folded_{name}": Folded(F(name)) for name in FIELD_WEIGHTS})


def _fallback_match(queryset, words):
    queryset = _with_folded(queryset)
    for stem in (dictionary_stem(word) for word in words):
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"folded_{name}__contains": stem}) for name in FIELD_WEIGHTS))
        )
    return queryset


def _fallback_score(words):
    score = Value(0, output_field=IntegerField())
    for stem in (dictionary_stem(word) for word in words):
        for name, weight in FIELD_WEIGHTS.items():
            score = score + Case(
                When(**{f"folded_{name}__contains": stem}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return score


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
