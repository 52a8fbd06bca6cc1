"""Corrections of person spans that read the words around them with the dictionary.

Steps of ``recognition.recognize`` that only concern persons; each takes and returns the
list of entities of one text, ordered by position.
"""

import re
from functools import lru_cache

from articles.textformat.spans import PER, Entity
from articles.textformat.words import parses


@lru_cache(maxsize=16384)
def known_first_name(word):
    """Whether the dictionary's first reading of ``word`` is a first name it knows."""
    parse = parses(word)[0]
    return parse.is_known and "Name" in parse.tag


FIRST_NAME_AND = re.compile(r"(?<![\w.-])([A-ZА-ЯЁ][a-zа-яё]+) и $")


def with_shared_surname(entities, text):
    """ "Аркадия и Бориса Ротенбергов", "Владимир и Виталий Кличко": two first names
    sharing one surname in the plural (or one that does not decline) are one span from
    the first name to the surname, as factRuEval counts a person: from its first part
    to its last."""
    result = list(entities)
    for entity in entities:
        words = entity.text.split()
        if entity.type != PER or len(words) != 2 or not known_first_name(words[0]):
            continue
        if not _shared_surname(words[1]):
            continue
        match = FIRST_NAME_AND.search(text[max(0, entity.start - 30) : entity.start])
        if match is None or not known_first_name(match.group(1)):
            continue
        start = entity.start - len(match.group())
        joined = Entity(start, entity.end, PER, text[start : entity.end])
        result = [e for e in result if not (start <= e.start and e.end <= entity.start)]
        result = [joined if e is entity else e for e in result]
    return result


@lru_cache(maxsize=4096)
def _shared_surname(word):
    """Whether ``word`` is a surname in the plural (Ротенбергов) or one that does not
    decline (Кличко): a surname two persons can share in one phrase."""
    return any(
        "Surn" in parse.tag and (parse.tag.number == "plur" or "Fixd" in parse.tag)
        for parse in parses(word)
    )


SHARED_SURNAME = re.compile(r"([A-ZА-ЯЁ][a-zа-яё]+) и ([A-ZА-ЯЁ][a-zа-яё]+) ([A-ZА-ЯЁ][a-zа-яё]+)")


def shared_surname_persons(written):
    """The two persons of a span such as "Аркадия и Бориса Ротенбергов", each with the
    surname in the singular and in the case written ("Аркадия Ротенберга", "Бориса
    Ротенберга"); None for any other span."""
    match = SHARED_SURNAME.fullmatch(written)
    if match is None or not _shared_surname(match.group(3)):
        return None
    first, second, surname = match.groups()
    return [f"{name} {_singular_surname(surname, name)}" for name in (first, second)]


def _singular_surname(surname, first_name):
    """ "Ротенбергов" for Аркадия → "Ротенберга"; an indeclinable surname as written."""
    plural = next((p for p in parses(surname) if "Surn" in p.tag and p.tag.number == "plur"), None)
    if plural is None:
        return surname
    name = next((p for p in parses(first_name) if "Name" in p.tag), None)
    gender = name.tag.gender if name is not None and name.tag.gender in ("masc", "femn") else "masc"
    form = plural.inflect({"sing", gender, plural.tag.case})
    if form is None:
        return surname
    word = form.word if "ё" in surname else form.word.replace("ё", "е")  # as the text spells it
    return word[:1].upper() + word[1:]


CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


def with_former_surname(entities, text):
    """ "Екатерина Аталык (Половникова)": a surname in brackets right after a full name
    is the same person's former (maiden) surname, part of the one mention; factRuEval's
    span runs to that surname's last letter, without the closing bracket."""
    result = []
    for entity in entities:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type == PER
            and entity.type == PER
            and len(previous.text.split()) >= 2
            and text[previous.end : entity.start] == " ("
            and text[entity.end : entity.end + 1] == ")"
            and CYRILLIC_WORD.fullmatch(entity.text)
            and _is_surname(entity.text)
        ):
            result[-1] = Entity(previous.start, entity.end, PER, text[previous.start : entity.end])
            continue
        result.append(entity)
    return result


@lru_cache(maxsize=4096)
def _is_surname(word):
    found = parses(word)
    return any("Surn" in p.tag for p in found) and not any("Geox" in p.tag for p in found)


def written_persons(written):
    """The persons a person span names, as written: one, or two sharing a surname
    ("Аркадия Ротенберга", "Бориса Ротенберга" for "Аркадия и Бориса Ротенбергов"); a
    former surname in brackets left out ("Екатерина Аталык" for "Екатерина Аталык
    (Половникова")."""
    return shared_surname_persons(written) or [written.split(" (")[0]]


def with_full_names_read_alike(entities):
    """ "Гата Камский" read as a place once and as a person elsewhere in the same text:
    a full name the model tags as a person anywhere is a person wherever it stands
    written the same way."""
    full_names = {e.text for e in entities if e.type == PER and len(e.text.split()) >= 2}
    if not full_names:
        return entities
    return [
        Entity(e.start, e.end, PER, e.text) if e.type != PER and e.text in full_names else e
        for e in entities
    ]
