"""Corrections of one person span's boundaries with the dictionary: particles, forms of
address, common words before the name, a first name or initials written before a
surname, two spans that are one name, one word that is no one's name.

Steps of ``recognition.recognize``; each takes an entity (or the list of them) and
returns it corrected.
"""

import re

from articles.textformat.name_words import (
    NAME_PARTICLES,
    NOT_NAME_POS,
    WORD,
    is_common_word,
    is_place_name,
    is_plural_only,
    known_first_name,
    known_name_tag,
    reads_as_full_name,
)
from articles.textformat.spans import LOC, PER, Entity
from articles.textformat.words import parses

FAMILY_LETTERS = 3  # letters two forms of an East Asian family name share (Кима, Ким)
PARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:" + "|".join(NAME_PARTICLES) + r")\s$")


def with_particle(entity, text):
    """ "ибн Эзра", "фон Браун": a particle written before the name belongs to it."""
    if entity.type != PER:
        return entity
    match = PARTICLE_BEFORE.search(text[max(0, entity.start - 6) : entity.start])
    if match is None:
        return entity
    start = entity.start - len(match.group())
    return Entity(start, entity.end, PER, text[start : entity.end])


# Forms of address written before a name, not part of it: "Сэр Пол Маккартни".
HONORIFICS = {"сэр", "мистер", "миссис", "мисс", "господин", "госпожа", "месье", "мадам",
              "фрау", "герр", "синьор", "сеньор", "сеньора", "г-н", "г-жа"}  # fmt: skip


def _honorific(word):
    return word.casefold() if "-" in word else parses(word)[0].normal_form


def without_honorific(entity, text):
    """ "Сэр Пол Маккартни", "Г-н Саркози": a form of address is not part of the name."""
    if entity.type != PER:
        return entity
    words = list(WORD.finditer(entity.text))
    if len(words) < 2 or _honorific(words[0].group()) not in HONORIFICS:
        return entity
    start = entity.start + words[1].start()
    return Entity(start, entity.end, PER, text[start : entity.end])


def without_common_word_before(entity):
    """ "Вчера Д.А. Медведев", "Но Путин", "Мнение Петра Порошенко", "Сын Муаммара
    Каддафи": an adverb, a conjunction, a verb that starts a person's span is not part of
    the name, nor is a common noun before a full name. (A noun alone may be a foreign
    first name: Франк, Тору.)"""
    if entity.type != PER:
        return entity
    words = list(WORD.finditer(entity.text))
    if len(words) < 2 or words[0].group().casefold() in NAME_PARTICLES:
        return entity
    first = words[0].group()
    if len(words) >= 3 and short_family_name_first(words):
        return entity  # Хо Ши Мин: a syllable of an East Asian name, not an interjection
    thing_before_name = (
        len(words) >= 3
        and is_common_word(first)
        and all(p.tag.POS == "NOUN" for p in parses(first))
        and reads_as_full_name([w.group() for w in words[1:]])
    )
    if not thing_before_name and (
        not is_common_word(first) or any(p.tag.POS not in NOT_NAME_POS for p in parses(first))
    ):
        return entity
    start = entity.start + words[1].start()
    return Entity(start, entity.end, PER, entity.text[words[1].start() :])


def short_family_name_first(words):
    """ "Си Цзиньпин", "Ван И", "Хо Ши Мин": a family name of one syllable before the given
    name, which the dictionary also knows as a thing (си, a note), a particle or an
    interjection, not as a person. Before a name of syllables, not a conjunction or
    another word that opens sentences (Но Ким Чен Ын)."""
    first = words[0].group()
    if len(first) > 3 or any(p.tag.POS == "NOUN" and "anim" in p.tag for p in parses(first)):
        return False
    if len(words) == 2:
        return True
    return all(len(word.group()) <= 3 for word in words[:-1]) and not any(
        p.tag.POS in SENTENCE_OPENERS for p in parses(first)
    )


# Parts of speech of the words that open sentences before a name (Но, И, Так, Вот).
SENTENCE_OPENERS = {"CONJ", "PRCL", "PREP", "ADVB"}


def joined_persons(entities, text):
    """ "Хвана" + "Чжан Епа": two person spans with only a space between are one name,
    unless the first is a full name already ("сын Муаммара Каддафи Сейф аль-Ислам"), or
    both open with one family name ("Кима Чен Ира" + "Ким Ир Сен")."""
    joined = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and entity.type == PER
            and (previous.type == PER or _first_name_read_as_place(previous))
            and text[previous.end : entity.start] == " "
            and not known_first_name(entity.text.split()[0])  # вдова Ельцина Наина Иосифовна
            and not _is_full_name(previous.text)
            and not _same_family(previous.text, entity.text)
        ):
            joined[-1] = Entity(previous.start, entity.end, PER, text[previous.start : entity.end])
            continue
        joined.append(entity)
    return joined


def _same_family(first, second):
    """Whether two names of several words each open with one family name (Кима, Ким)."""
    if len(first.split()) < 2 or len(second.split()) < 2:
        return False
    return first[:FAMILY_LETTERS] == second[:FAMILY_LETTERS]


def _is_full_name(written):
    """A first name and a surname (with a patronymic between): "Муаммара Каддафи"."""
    words = written.split()
    return 2 <= len(words) <= 3 and reads_as_full_name(words)


def _first_name_read_as_place(entity):
    """ "Кассым-Жомартом" + "Токаевым": one word the model took for a place that is none."""
    return entity.type == LOC and " " not in entity.text and not is_place_name(entity.text)


FIRST_NAME_BEFORE = re.compile(r"(?<![\w.-])([A-ZА-ЯЁ][a-zа-яё]+) $")


def with_first_name(entity, text):
    """ "Виктор Понедельник": a first name the dictionary knows, written just before a
    surname the model took alone, belongs to the person."""
    if entity.type != PER:
        return entity
    match = FIRST_NAME_BEFORE.search(text[max(0, entity.start - 20) : entity.start])
    if match is None or known_name_tag(entity.text.split()[0]):
        return entity  # (the analyzer's guess that Ароняном is a first name does not count)
    if not known_first_name(match.group(1)):
        return entity
    start = entity.start - len(match.group())
    return Entity(start, entity.end, PER, text[start : entity.end])


def common_word_read_as_person(entity, text):
    """ "Супруга", "Маэстро", "Подана", "Формулы-1", "Ямадаевых": one word that is no one's
    name (a common word the dictionary knows, a family in the plural, a word with digits).
    A noun naming a person written with a capital inside a sentence is a name, though
    ("позиция Адвоката", "певица Мадонна", "спросили Лебедя")."""
    if entity.type != PER or " " in entity.text.strip():
        return False
    word = entity.text.strip()
    if any(char.isdigit() for char in word):
        return True
    if is_plural_only(word):
        return True
    found = parses(word)
    if not is_common_word(word) or found[0].tag.number == "plur":
        return False  # Токаев is a plural of токай to the dictionary
    if _names_someone(found) and not _opens_sentence(entity, text):
        return False
    # A title or a kinship ("Адвокат", "Супруга"), a verb's form, a team or a place; an
    # inanimate noun may still be a foreign surname the dictionary happens to hold (Уорд).
    return all(
        parse.tag.POS != "NOUN"
        or "anim" in parse.tag
        or {"Orgn", "Geox"} & set(parse.tag.grammemes)
        for parse in found
    )


def _names_someone(found):
    """Whether every reading of a word is an animate noun (a person, not a body or place)."""
    return all(
        parse.tag.POS == "NOUN"
        and "anim" in parse.tag
        and not {"Orgn", "Geox"} & parse.tag.grammemes
        for parse in found
    )


def _opens_sentence(entity, text):
    """Whether the span begins a sentence, a headline or a quote after a colon."""
    before = text[: entity.start].rstrip(' «"„“')
    return not before or before[-1] in ".!?:\n"


INITIAL = re.compile(r"(?:[A-ZА-ЯЁ]\.\s?){1,2}$")


def with_initials(entity, text):
    """ "Н. Н. Вертинской": initials written before the surname belong to the person."""
    if entity.type != PER:
        return entity
    match = INITIAL.search(text[max(0, entity.start - 8) : entity.start].rstrip())
    before = text[max(0, entity.start - 8) : entity.start]
    if match is None or before[len(before.rstrip()) :] not in {"", " "}:
        return entity
    start = entity.start - len(before) + match.start()
    if start > 0 and text[start - 1].isalpha():
        return entity
    return Entity(start, entity.end, PER, text[start : entity.end])


def split_at_family_name_repeated(entity, text):
    """ "отец Кима Чен Ира Ким Ир Сен": in a run of East Asian names the family name that
    opens the span, written again further on, opens a second person's name."""
    if entity.type != PER:
        return [entity]
    words = list(WORD.finditer(entity.text))
    if len(words) < 4:
        return [entity]
    family = words[0].group()[:FAMILY_LETTERS]
    for index in range(2, len(words) - 1):
        if words[index].group()[:FAMILY_LETTERS] == family and words[index].group()[:1].isupper():
            cut = words[index].start()
            head_end = entity.start + words[index - 1].end()
            start = entity.start + cut
            return [
                Entity(entity.start, head_end, PER, text[entity.start : head_end]),
                Entity(start, entity.end, PER, text[start : entity.end]),
            ]
    return [entity]
