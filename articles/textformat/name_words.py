"""Word-level readings of names with the dictionary: is a word a first name, a surname,
a place, a common word; does a span start a sentence. Shared by the recognition steps."""

import re
from functools import lru_cache

from articles.textformat.words import parses

WORD = re.compile(r"[^\W\d_][\w'-]*")
NAME_GRAMMEMES = ("Name", "Surn", "Patr")
# Particles of Arabic, Dutch, German, Romance names written in lower case before the name.
NAME_PARTICLES = ("ибн", "бин", "бен", "аль", "эль", "ван", "фон", "де", "ди", "дель", "ле")
# Inside a name already found, more of them can stand (common words elsewhere, so not
# looked for before a name): фон дер Ляйен, да Силва, дос Сантос, де ла Крус, дю Плесси.
INNER_NAME_PARTICLES = frozenset((*NAME_PARTICLES, "дер", "да", "дос", "ду", "дю", "ла"))
# A particle joined to the name: аль-Багдади, эль-Сиси, ад-Дин.
JOINED_PARTICLE = re.compile(r"^(?:аль|эль|ад|ас|ан|ар|ат|ибн)-[А-ЯЁ]")
NOT_NAME_POS = {"ADVB", "CONJ", "PREP", "PRCL", "INTJ", "VERB", "INFN", "NPRO", "PRED",
                "GRND", "PRTS", "COMP"}  # fmt: skip


def starts_sentence(entity, text):
    before = text[: entity.start].rstrip(' «"')
    return not before or before[-1] in ".!?\n"


def reads_as_full_name(words):
    """Whether the words are a first name (and a patronymic) and a surname."""
    first, last = words[0], words[-1]
    if not all(word[:1].isupper() for word in words):
        return False
    return has_tag(first, "Name") and (has_tag(last, "Surn") or adjectival_surname(last))


ADJECTIVAL_SURNAME = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую)$")


def adjectival_surname(word):
    return bool(ADJECTIVAL_SURNAME.search(word)) and not is_place_name(word)


@lru_cache(maxsize=16384)
def has_tag(word, grammeme):
    return any(grammeme in parse.tag for parse in parses(word))


@lru_cache(maxsize=16384)
def is_common_word(word):
    """A word the dictionary knows, and only as something other than a name."""
    found = parses(word)
    return all(parse.is_known for parse in found) and not any(
        grammeme in parse.tag for parse in found for grammeme in NAME_GRAMMEMES
    )


def tag_after(text, end, skipping=()):
    """The tag of the dictionary's first reading of the word after ``text[:end]`` (past
    the words in ``skipping``), or None: is a name followed by its verb?"""
    after = [word for word in WORD.findall(text[end : end + 30]) if word not in skipping]
    return parses(after[0])[0].tag if after else None


@lru_cache(maxsize=16384)
def is_place_name(word):
    return any("Geox" in parse.tag for parse in parses(word)[:2])


@lru_cache(maxsize=16384)
def known_first_name(word):
    """Whether the dictionary's first reading of ``word`` is a first name it knows."""
    parse = parses(word)[0]
    return parse.is_known and "Name" in parse.tag


@lru_cache(maxsize=16384)
def known_name_tag(word):
    return any(parse.is_known and "Name" in parse.tag for parse in parses(word))


PLURAL_ONLY = re.compile(r"(?:ам|ям|ами|ями|ах|ях)$")


@lru_cache(maxsize=16384)
def is_plural_only(word):
    """A family (Ямадаевых), or a word with an ending only a plural has (Викиновостям);
    Гецлаф, a plural genitive to the analyzer, is someone's name."""
    found = parses(word)
    return all(parse.tag.number == "plur" for parse in found) and any(
        "Surn" in parse.tag or PLURAL_ONLY.search(word) for parse in found
    )
