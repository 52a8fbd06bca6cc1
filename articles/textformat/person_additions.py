"""Persons the model missed or ran together, found across the text: a surname repeated
after the full name, initials with a surname, a full name written again, two first names
sharing one surname, a former surname in brackets.

Steps of ``recognition.recognize``; each takes and returns the entities of one text,
ordered by position.
"""

import re
from functools import lru_cache

from articles.textformat.name_words import (
    WORD,
    is_common_word,
    is_place_name,
    is_plural_only,
    known_first_name,
    tag_after,
)
from articles.textformat.spans import LOC, PER, Entity
from articles.textformat.words import parses

CAPITALIZED = re.compile(r"(?<![\w.-])[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?(?![\w-])")
SURNAME_STEM = 4  # letters two forms of one surname share at least


def surnames_of(entities):
    """{first letters: {surname as written}} of the person spans."""
    surnames = {}
    for entity in entities:
        if entity.type == PER:
            word = WORD.findall(entity.text)[-1:]
            if word and len(word[0]) > 2:
                surnames.setdefault(word[0][:SURNAME_STEM], set()).add(word[0])
    return surnames


def with_repeated_surnames(entities, text, surnames):
    """A surname the model tagged once is a person wherever the text repeats it, in any
    case ("Топалов" … "Топалова"), even where the model took it for a place ("о
    Свиридове"): the model sometimes misses the repeats."""
    if not surnames:
        return entities
    places = {(e.start, e.end): e for e in entities if e.type == LOC}
    taken = [(e.start, e.end) for e in entities if (e.start, e.end) not in places]
    added, replaced = [], set()
    for match in CAPITALIZED.finditer(text):
        start, end = match.span()
        word = match.group()
        forms = surnames.get(word[:SURNAME_STEM])
        if not forms or any(s < end and start < e for s, e in taken):
            continue
        if (start, end) in places and is_place_name(word) or is_plural_only(word):
            continue  # a city named after a person; a family (братьев Ямадаевых)
        if any(s < end and start < e for s, e in places if (s, e) != (start, end)):
            continue
        if word in forms or any(_same_surname(word, form) for form in forms):
            added.append(Entity(start, end, PER, word))
            replaced.add((start, end))
    kept = [e for e in entities if (e.start, e.end) not in replaced]
    return sorted([*kept, *added], key=lambda entity: entity.start)


def _same_surname(word, form):
    """Whether two forms are one surname in two cases (Топалова, Топалову, Топалов)."""
    return bool(_surname_lemmas(word) & _surname_lemmas(form))


@lru_cache(maxsize=16384)
def _surname_lemmas(word):
    lemmas = {word.casefold()}
    for parse in parses(word):
        if parse.tag.POS == "NOUN" and "Geox" not in parse.tag and "Orgn" not in parse.tag:
            lemmas.add(parse.normal_form)
    return frozenset(lemmas)


# Initials and a surname, either way round ("Д.А. Медведев", "Медведев Д. А."): a person
# even where the model sees nothing, as at the start of a sentence.
# Both ways are looked for separately: in "Концерт А. Пугачевой" the initial after
# "Концерт" must still be read with the surname after it.
INITIALS_FIRST = re.compile(
    r"(?<![\w.])(?:[А-ЯЁ]\.\s?){1,2}(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
)
SURNAME_FIRST = re.compile(
    r"(?<![\w.])(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s(?:[А-ЯЁ]\.\s?){1,2}(?![а-яё])"
)


def with_initialled_surnames(entities, text):
    """Persons for initials with a surname the model left out, or took in part ("С. В"
    of "Лавров С. В.")."""
    added, replaced = [], set()
    matches = sorted(
        [*INITIALS_FIRST.finditer(text), *SURNAME_FIRST.finditer(text)], key=lambda m: m.start()
    )
    for match in matches:
        start, end = match.start(), len(match.group().rstrip()) + match.start()
        surname = match.group("surname")
        overlapping = [e for e in entities if e.start < end and start < e.end]
        if any(e.type != PER or e.start < start or e.end > end for e in overlapping):
            continue
        if is_common_word(surname) or is_place_name(surname):
            continue
        if any(e.start < end and start < e.end for e in added):
            continue  # "Петров А. А. Сидоров Б. Б.": the leftmost reading stands
        added.append(Entity(start, end, PER, text[start:end]))
        replaced.update((e.start, e.end) for e in overlapping)
    if not added:
        return entities
    kept = [e for e in entities if (e.start, e.end) not in replaced]
    return sorted([*kept, *added], key=lambda entity: entity.start)


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
    """ "Екатерина Аталык (Половникова)", "Махмуд Аббас (Абу Мазен)": a surname or a name
    in Cyrillic letters in brackets right after a full name is the same person's former
    (maiden) surname or other name, part of the one mention; factRuEval's span runs to its
    last letter, without the closing bracket. (A Latin spelling in brackets is a mention
    of its own.)"""
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
            and _other_name(entity.text)
        ):
            result[-1] = Entity(previous.start, entity.end, PER, text[previous.start : entity.end])
            continue
        result.append(entity)
    return result


def _other_name(written):
    """A surname (Половникова), or a name of two or three words none of which is a place
    (Абу Мазен), in Cyrillic letters."""
    words = written.split()
    if not all(CYRILLIC_WORD.fullmatch(word) for word in words):
        return False
    if len(words) == 1:
        return _is_surname(written)
    return len(words) <= 3 and not any(is_place_name(word) for word in words)


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


# A name ending in a one-letter word, a full stop, and one more word: «Ван И. Лавров».
NAME_AT_SENTENCE_END = re.compile(r"^(\S+(?:\s+\S+)*\s+\w)\.\s+([A-ZА-ЯЁ][\w-]+)$")


def split_at_a_sentence_end(entities, text):
    """ "глава МИД КНР Ван И. Лавров отметил": the model runs a name that ends a sentence
    in a one-letter word (Ван И) and the surname opening the next one together, as if the
    letter were an initial. Split when another person of the text has that surname and a
    verb follows it."""
    found = []
    for entity in entities:
        match = NAME_AT_SENTENCE_END.match(entity.text) if entity.type == PER else None
        if match is None or not _opens_a_clause(match[2], entity, entities, text):
            found.append(entity)
            continue
        head_end = entity.start + match.end(1)
        tail_start = entity.start + match.start(2)
        found.append(Entity(entity.start, head_end, PER, text[entity.start : head_end]))
        found.append(Entity(tail_start, entity.end, PER, text[tail_start : entity.end]))
    return found


def _opens_a_clause(surname, entity, entities, text):
    others = surnames_of([other for other in entities if other is not entity])
    verb = tag_after(text, entity.end)
    return surname[:SURNAME_STEM] in others and verb is not None and verb.POS == "VERB"
