"""Words of an article's text as the analysis reads them: tokens and dictionary readings.

Shared by ``analysis`` (persons, organizations, quotes) and ``roles`` (titles around a
name), so neither imports the other.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from people.names import morph

TOKEN = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|(?P<word>[^\W\d_](?:[\w’'-]*[^\W_])?)|(?P<number>\d+)|(?P<punct>\S)"
)
SENTENCE_END = {".", "!", "?", "…"}
DASHES = {"–", "—", "-", "―"}
# What a clause may begin after: a name right after one begins its clause.
CLAUSE_STARTS = SENTENCE_END | DASHES | {",", ";", ":", "(", "«", '"', "“", "„"}
# Prepositions that may sit inside a title ("министр по чрезвычайным ситуациям").
TITLE_PREPOSITIONS = {"по", "при", "против", "от", "за"}
STOP_POS = {"VERB", "INFN", "GRND", "PRTS", "ADVB", "NPRO", "PRED", "PRCL", "INTJ", "COMP"}


@dataclass
class Token:
    kind: str  # "bold", "word", "number" or "punct" ("name" for a span given by its offsets)
    text: str
    start: int
    end: int


def tokenize(text):
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group(kind)
        start, end = match.span(kind) if kind != "bold" else match.span()
        tokens.append(Token(kind, value, start, end))
    return tokens


@lru_cache(maxsize=65536)
def parses(word):
    """The dictionary's readings of ``word``, cached: an import asks about the same words often."""
    return tuple(morph().parse(word))


@lru_cache(maxsize=16384)
def is_in_dictionary(word):
    """Whether the dictionary holds ``word`` as it is: a lookup, far cheaper than parsing
    a compound it does not hold (which it splits and guesses)."""
    return morph().word_is_known(word.casefold())


def is_acronym(word):
    letters = word.replace("-", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def top_pos(word):
    return parses(word)[0].tag.POS


def is_stop(word):
    """Does ``word`` end a run of title words (a verb, a pronoun, most conjunctions)?"""
    lowered = word.casefold()
    if lowered == "и" or lowered in TITLE_PREPOSITIONS:
        return False
    pos = top_pos(word)
    if pos in STOP_POS or pos in {"CONJ", "PREP"}:
        return True
    return pos == "NUMR" and word.islower()


def is_dependent(word):
    """Can ``word`` follow a title's head noun (a genitive complement, an acronym, a name)?"""
    if is_acronym(word) or not word.isalpha() and "-" not in word:
        return True
    if word[:1].isupper() and word.isascii():
        return True  # a foreign name, as written: «глава Business NZ»
    for parse in parses(word):
        tag = parse.tag
        if "Fixd" in tag or "Abbr" in tag:
            return True
        if tag.POS in {"NOUN", "ADJF", "PRTF", "NUMR"} and tag.case == "gent":
            return True
    return False
