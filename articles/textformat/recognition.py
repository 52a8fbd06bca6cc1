"""Persons and organizations found in plain text by a named-entity model, then corrected.

The model is slovnet's news NER (the one natasha ships, with its navec embeddings), run on
the CPU. We load the weights from the installed ``natasha`` package without importing it:
natasha's own ``__init__`` pulls in pymorphy2, while this project uses pymorphy3. The
model's spans are then corrected in small steps with the pymorphy3 dictionary: adjacent
person spans are joined, initials before a surname are taken in, descriptors and quotes
are dropped from organization names, and states, countries and cities are never
organizations. Nothing here knows the database.
"""

import gc
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path

from articles.textformat.person_spans import (
    known_first_name,
    with_former_surname,
    with_full_names_read_alike,
    with_shared_surname,
)
from articles.textformat.spans import LOC, ORG, PER, Entity
from articles.textformat.words import is_in_dictionary, parses
from people.matching import KNOWN_ORGANIZATIONS, lemma_key

# The model multiplies small matrices: BLAS threads cost more than they give, several
# times over on a busy machine (38 ms an article instead of 265 ms on two shared cores).
# Set before numpy is first imported; an operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EMBEDDING = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NER_MODEL = "model/slovnet_ner_news_v1.tar"
TEXT_BEFORE = "— "  # see _with_person_first
LINE_READ_AGAIN = 300  # characters

# A span's parts between brackets, commas, list bullets and unpaired opening quotes.
SPLIT_PART = re.compile(r"[^\s(),;•](?:[^(),;•]*[^\s(),;•])?")
WORD = re.compile(r"[^\W\d_][\w'-]*")
CAPITALIZED = re.compile(r"(?<![\w.-])[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?(?![\w-])")
SURNAME_STEM = 4  # letters two forms of one surname share at least
INITIAL = re.compile(r"(?:[A-ZА-ЯЁ]\.\s?){1,2}$")
# Words that name what kind of body an organization is, not the organization: the name is
# what follows ("компания «Ренова»" → «Ренова»), as factRuEval and natasha count it.
DESCRIPTORS = {
    "ао", "оао", "зао", "пао", "ооо", "нко", "фгуп", "гуп", "муп", "ано", "тоо", "фк", "хк",
    "компания", "корпорация", "концерн", "холдинг", "группа", "банк", "агентство", "фонд",
    "партия", "движение", "клуб", "издательство", "газета", "журнал", "телеканал",
    "радиостанция", "завод", "фабрика", "комбинат", "театр", "музей", "университет",
    "институт", "организация", "объединение", "ассоциация", "союз", "общество",
    "команда", "сеть", "портал", "сайт", "студия", "лейбл", "бренд", "фирма",
}  # fmt: skip
DESCRIPTOR_ACRONYMS = {
    "АО", "ОАО", "ЗАО", "ПАО", "ООО", "НКО", "ФГУП", "ГУП", "МУП", "АНО", "ТОО", "ИА", "ФК",
    "ХК", "РКК", "НПО", "ГУ",
}  # fmt: skip
QUOTES = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))
# Opening quotation mark → its closing one, and back («“» closes «„» and opens «“…”»).
CLOSING_QUOTE = {"«": "»", "„": "“", "“": "”"}
OPENING_QUOTE = {"»": "«", "”": "“"}
# First words of a place's official name: «Республика Сербская» is a state, not a body.
STATE_WORDS = {
    "республика", "королевство", "федерация", "штат", "штаты", "княжество", "эмират",
    "эмираты", "султанат", "край", "область", "округ", "провинция", "государство",
}  # fmt: skip

# Acronyms that name no body: the press at large, a space station, a blog platform.
NOT_ORGANIZATIONS = {"СМИ", "МКС", "ЖЖ", "ВВП", "ИИ"}
# Unions of states the model reads as places.
ORGANIZATIONS_NAMED_LIKE_PLACES = ("Евросоюз", "Евразийский союз", "Европейский союз")
PRECEDING_WORD = re.compile(r"([а-яё]+)\s$")
PLACE_ADJECTIVE_ENDINGS = ("ский", "цкий")


@lru_cache(maxsize=1)
def model():
    """The NER model with its embeddings, loaded once per process (about 1 s, 30 MB)."""
    from navec import Navec
    from slovnet import NER

    spec = importlib.util.find_spec("natasha")
    data = Path(spec.submodule_search_locations[0]) / "data"
    ner = NER.load(str(data / NER_MODEL))
    ner.navec(Navec.load(str(data / EMBEDDING)))
    # The embeddings' word list and index (about 60 MB) are garbage once the model has
    # taken what it needs, but held in reference cycles: free them now, not at some
    # later collection.
    gc.collect()
    return ner


def raw_entities(text):
    """The model's own spans, uncorrected; a person at the very start of the text too."""
    if not text.strip():
        return []
    markup = model()(text.replace("•", "—"))
    found = [Entity(s.start, s.stop, s.type, text[s.start : s.stop]) for s in markup.spans]
    return _with_person_first(found, text)


def _honorific(word):
    return word.casefold() if "-" in word else parses(word)[0].normal_form


def _with_person_first(found, text):
    """ "Обама заявил…", "Греф подчеркнул…" opening a headline or a paragraph: the model
    hardly ever tags the very first word of its input as a person, but does once a dash
    stands before it, as in a list or a dialogue. Its first line is read again that way;
    only a person starting at the first word is taken from that reading."""
    first = len(text) - len(text.lstrip())
    if any(e.start == first and e.type == PER for e in found):
        return found
    line_end = text.find("\n", first)
    line = text[: line_end if line_end != -1 else len(text)][:LINE_READ_AGAIN]
    shift = len(TEXT_BEFORE)
    again = [
        Entity(s.start - shift, s.stop - shift, s.type, text[s.start - shift : s.stop - shift])
        for s in model()(TEXT_BEFORE + line).spans
        if s.type == PER and s.start - shift == first
    ]
    if not again:
        return found
    person = again[0]
    words = list(WORD.finditer(person.text))
    if _is_common_word(words[0].group()):
        # "Тренер Гус Хиддинк", "Миссис Клинтон": a title or a form of address opens the
        # text; the name is what follows, unless the first reading found it already.
        if len(words) < 2 or any(e.start < person.end and person.start < e.end for e in found):
            return found
        start = person.start + words[1].start()
        person = Entity(start, person.end, PER, text[start : person.end])
    kept = [e for e in found if e.end <= person.start or e.start >= person.end]
    return sorted([*kept, person], key=lambda entity: entity.start)


def recognize(text):
    """Persons, organizations and places of ``text``, corrected; ordered by position."""
    entities = [part for entity in raw_entities(text) for part in _split(entity, text)]
    entities = [part for entity in entities for part in _split_at_unpaired_quote(entity, text)]
    entities = [_person_read_as_place(entity, text) for entity in entities]
    entities = [_without_body_before(entity, text) for entity in entities]
    entities = [_without_honorific(entity, text) for entity in entities]
    entities = [_without_common_word_before(entity) for entity in entities]
    entities = [_place_written_apart(entity) for entity in entities]
    entities = [_with_particle(entity, text) for entity in entities]
    entities = [e for e in entities if not _common_word_read_as_person(e, text)]
    entities = _named_after_persons(entities, text)
    surnames = _surnames(entities)  # before joining: "Хвана" + "Чжан Епа", then "Хван"
    entities = _joined_persons(entities, text)
    entities = [_organization_name(entity, text) for entity in entities]
    entities = [_kind(entity) for entity in entities if entity is not None]
    entities = [_with_place_adjective(entity, text) for entity in entities if entity is not None]
    entities = _with_repeated_surnames(entities, text, surnames)
    entities = [_with_first_name(entity, text) for entity in entities]
    entities = [_with_initials(entity, text) for entity in entities]
    entities = _with_initialled_surnames(entities, text)
    entities = with_shared_surname(entities, text)
    entities = with_former_surname(entities, text)
    entities = with_full_names_read_alike(entities)
    return [_without_full_stop(entity, text) for entity in entities]


def _surnames(entities):
    """{first letters: {surname as written}} of the person spans."""
    surnames = {}
    for entity in entities:
        if entity.type == PER:
            word = WORD.findall(entity.text)[-1:]
            if word and len(word[0]) > 2:
                surnames.setdefault(word[0][:SURNAME_STEM], set()).add(word[0])
    return surnames


def _with_repeated_surnames(entities, text, surnames):
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
        if (start, end) in places and _is_place(word) or _is_plural_only(word):
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


def _split(entity, text):
    """ "Джошуа Вольф (Joshua Wolf)", "ООН (ФАО)", "Овечкин, Фёдоров": one span per name.

    The model runs names joined by brackets or commas together; each is a mention.
    """
    if entity.type == LOC:
        return [entity]
    parts = []
    for match in SPLIT_PART.finditer(entity.text):
        start, end = entity.start + match.start(), entity.start + match.end()
        part = text[start:end]
        if _has_letter(part):
            parts.append(Entity(start, end, entity.type, part))
    return parts


def _split_at_unpaired_quote(entity, text):
    """ "Русской службе «Голоса Америки»": the model's span ends inside the quotes, so
    what precedes an unpaired opening quote and what follows it are two names; an
    unpaired closing quote at an end is dropped, and so are quotes around the whole span
    ('"Энергия"'). „…“, “…” and "…" pair as «…» does: in «РКК „Энергия“» the “ closes
    the „ and opens nothing."""
    span = entity.text
    openings, closings = _unpaired_quotes(span)
    if closings and closings[-1] == len(span) - 1 and not openings:
        end = entity.end - 1
        return [Entity(entity.start, end, entity.type, text[entity.start : end])]
    if openings and openings[0] == 0 and not closings:
        start = entity.start + 1
        return [Entity(start, entity.end, entity.type, text[start : entity.end])]
    if openings and not closings:
        cut = openings[0]
        head_end = entity.start + len(span[:cut].rstrip())
        tail_start = entity.start + cut + 1
        return [
            Entity(entity.start, head_end, entity.type, text[entity.start : head_end]),
            Entity(tail_start, entity.end, entity.type, text[tail_start : entity.end]),
        ]
    if len(span) > 2 and CLOSING_QUOTE.get(span[0]) == span[-1] and not openings:
        if not any(mark in span[1:-1] for mark in CLOSING_QUOTE):
            return [Entity(entity.start + 1, entity.end - 1, entity.type, span[1:-1])]
    return [entity]


def _unpaired_quotes(span):
    """(positions of opening quotes, positions of closing quotes) in ``span`` that have no
    partner in it. A straight quote " closes an open one, else opens unless it ends the
    span; “ closes an open „, else opens a “…”."""
    stack, closings = [], []
    for position, mark in enumerate(span):
        if mark == '"':
            if stack and stack[-1][1] == '"':
                stack.pop()
            elif position == len(span) - 1:
                closings.append(position)
            else:
                stack.append((position, mark))
        elif mark == "“" and stack and stack[-1][1] == "„":
            stack.pop()
        elif mark in CLOSING_QUOTE:
            stack.append((position, mark))
        elif mark in OPENING_QUOTE:
            if stack and stack[-1][1] == OPENING_QUOTE[mark]:
                stack.pop()
            else:
                closings.append(position)
    return [position for position, _mark in stack], closings


def _person_read_as_place(entity, text):
    """ "Ахмат-Хаджи Кадырова", "Поддержку Кирсану Илюмжинову", "Мнение Петра Порошенко":
    the model sometimes reads a full name as a place or an organization ("с Левоном
    Ароняном"), or a name after the word that starts the sentence as an organization. A
    first name followed by a surname (as the
    dictionary knows them) is a person; a common noun that only starts the sentence before
    it is not part of the name."""
    if entity.type not in (LOC, ORG):
        return entity
    words = list(WORD.finditer(entity.text))
    if len(words) >= 3 and _is_common_word(words[0].group()) and starts_sentence(entity, text):
        if words[0].group().casefold() in DESCRIPTORS:
            return entity  # Фонд Михаила Прохорова: a body named after a person
        words = words[1:]
    elif entity.type == ORG and entity.text != " ".join(word.group() for word in words):
        return entity  # only a name and nothing else ("Левоном Ароняном") may be a person
    if not 2 <= len(words) <= 3 or not _reads_as_full_name([w.group() for w in words]):
        return entity
    start, end = entity.start + words[0].start(), entity.start + words[-1].end()
    return Entity(start, end, PER, text[start:end])


def starts_sentence(entity, text):
    before = text[: entity.start].rstrip(' «"')
    return not before or before[-1] in ".!?\n"


def _reads_as_full_name(words):
    """Whether the words are a first name (and a patronymic) and a surname."""
    first, last = words[0], words[-1]
    if not all(word[:1].isupper() for word in words):
        return False
    return _has_tag(first, "Name") and (_has_tag(last, "Surn") or _adjectival_surname(last))


ADJECTIVAL_SURNAME = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую)$")


def _adjectival_surname(word):
    return bool(ADJECTIVAL_SURNAME.search(word)) and not _is_place(word)


@lru_cache(maxsize=16384)
def _has_tag(word, grammeme):
    return any(grammeme in parse.tag for parse in parses(word))


@lru_cache(maxsize=16384)
def _is_common_word(word):
    """A word the dictionary knows, and only as something other than a name."""
    found = parses(word)
    return all(parse.is_known for parse in found) and not any(
        grammeme in parse.tag for parse in found for grammeme in NAME_GRAMMEMES
    )


NAME_GRAMMEMES = ("Name", "Surn", "Patr")
# Particles of Arabic, Dutch, German, Romance names written in lower case before the name.
NAME_PARTICLES = ("ибн", "бин", "бен", "аль", "эль", "ван", "фон", "де", "ди", "дель", "ле")
PARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:" + "|".join(NAME_PARTICLES) + r")\s$")


def _with_particle(entity, text):
    """ "ибн Эзра", "фон Браун": a particle written before the name belongs to it."""
    if entity.type != PER:
        return entity
    match = PARTICLE_BEFORE.search(text[max(0, entity.start - 6) : entity.start])
    if match is None:
        return entity
    start = entity.start - len(match.group())
    return Entity(start, entity.end, PER, text[start : entity.end])


def _without_body_before(entity, text):
    """ "Аль-Джазиры Сами аль-Хадж", "Аль-Кайды Усамы бин Ладена": an organization or a
    place in the genitive before a name is not part of it."""
    if entity.type != PER:
        return entity
    words = list(WORD.finditer(entity.text))
    if len(words) < 3:
        return entity
    first = parses(words[0].group())
    if not any(g in first[0].tag for g in ("Orgn", "Geox")) or any(
        g in parse.tag for parse in first for g in NAME_GRAMMEMES
    ):
        return entity
    start = entity.start + words[1].start()
    return Entity(start, entity.end, PER, text[start : entity.end])


NOT_NAME_POS = {"ADVB", "CONJ", "PREP", "PRCL", "INTJ", "VERB", "INFN", "NPRO", "PRED",
                "GRND", "PRTS", "COMP"}  # fmt: skip


def _without_common_word_before(entity):
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
    thing_before_name = (
        len(words) >= 3
        and _is_common_word(first)
        and all(p.tag.POS == "NOUN" for p in parses(first))
        and _reads_as_full_name([w.group() for w in words[1:]])
    )
    if not thing_before_name and (
        not _is_common_word(first) or any(p.tag.POS not in NOT_NAME_POS for p in parses(first))
    ):
        return entity
    start = entity.start + words[1].start()
    return Entity(start, entity.end, PER, entity.text[words[1].start() :])


def _place_written_apart(entity):
    """ "Коста Рика", "Эль Сальвадор": a place whose name is written with a hyphen,
    written with a space, is no person."""
    words = entity.text.split()
    if entity.type != PER or len(words) != 2:
        return entity
    compound = "-".join(words)
    if not is_in_dictionary(compound):
        return entity
    found = parses(compound)
    if all("Geox" in parse.tag for parse in found):
        return Entity(entity.start, entity.end, LOC, entity.text)
    return entity


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


SENTENCE_AFTER = re.compile(r"\s*(?:$|\n|\)|[A-ZА-ЯЁ«\"])")


def _without_full_stop(entity, text):
    """ "министром Ван И.", "(… – В.Л.)", "член Ассоциации банков." at the end of the
    text: the full stop after a name's last letter, or after a whole word of a body's
    name (not an abbreviation such as "им."), that ends the sentence is the sentence's,
    not the name's."""
    if entity.type == PER:
        if not re.search(r"(?<!\w)[A-ZА-ЯЁ]\.$", entity.text):
            return entity
    elif not re.search(r"[а-яё]{4,}\.$", entity.text):
        return entity
    if not SENTENCE_AFTER.match(text, entity.end):
        return entity
    return Entity(entity.start, entity.end - 1, entity.type, entity.text[:-1])


def _with_initialled_surnames(entities, text):
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
        if _is_common_word(surname) or _is_place(surname):
            continue
        if any(e.start < end and start < e.end for e in added):
            continue  # "Петров А. А. Сидоров Б. Б.": the leftmost reading stands
        added.append(Entity(start, end, PER, text[start:end]))
        replaced.update((e.start, e.end) for e in overlapping)
    if not added:
        return entities
    kept = [e for e in entities if (e.start, e.end) not in replaced]
    return sorted([*kept, *added], key=lambda entity: entity.start)


# Forms of address written before a name, not part of it: "Сэр Пол Маккартни".
HONORIFICS = {"сэр", "мистер", "миссис", "мисс", "господин", "госпожа", "месье", "мадам",
              "фрау", "герр", "синьор", "сеньор", "сеньора", "г-н", "г-жа"}  # fmt: skip


def _without_honorific(entity, text):
    """ "Сэр Пол Маккартни", "Г-н Саркози": a form of address is not part of the name."""
    if entity.type != PER:
        return entity
    words = list(WORD.finditer(entity.text))
    if len(words) < 2 or _honorific(words[0].group()) not in HONORIFICS:
        return entity
    start = entity.start + words[1].start()
    return Entity(start, entity.end, PER, text[start : entity.end])


NAMED_AFTER = re.compile(r"\s*(?:им\.|имени)\s*$")


def _named_after_persons(entities, text):
    """ "Театра им. Евгения Вахтангова": a body named after a person is one name, the
    person in it no mention of its own."""
    joined = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if previous is not None and previous.type == ORG and entity.type == PER:
            between = text[previous.start : entity.start]
            if NAMED_AFTER.search(between):
                joined[-1] = Entity(
                    previous.start, entity.end, ORG, text[previous.start : entity.end]
                )
                continue
        joined.append(entity)
    return joined


def _joined_persons(entities, text):
    """ "Хвана" + "Чжан Епа": two person spans with only a space between are one name,
    unless the first is a full name already ("сын Муаммара Каддафи Сейф аль-Ислам")."""
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
        ):
            joined[-1] = Entity(previous.start, entity.end, PER, text[previous.start : entity.end])
            continue
        joined.append(entity)
    return joined


def _is_full_name(written):
    """A first name and a surname (with a patronymic between): "Муаммара Каддафи"."""
    words = written.split()
    return 2 <= len(words) <= 3 and _reads_as_full_name(words)


def _first_name_read_as_place(entity):
    """ "Кассым-Жомартом" + "Токаевым": one word the model took for a place that is none."""
    return entity.type == LOC and " " not in entity.text and not _is_place(entity.text)


FIRST_NAME_BEFORE = re.compile(r"(?<![\w.-])([A-ZА-ЯЁ][a-zа-яё]+) $")


def _with_first_name(entity, text):
    """ "Виктор Понедельник": a first name the dictionary knows, written just before a
    surname the model took alone, belongs to the person."""
    if entity.type != PER:
        return entity
    match = FIRST_NAME_BEFORE.search(text[max(0, entity.start - 20) : entity.start])
    if match is None or _known_name_tag(entity.text.split()[0]):
        return entity  # (the analyzer's guess that Ароняном is a first name does not count)
    if not known_first_name(match.group(1)):
        return entity
    start = entity.start - len(match.group())
    return Entity(start, entity.end, PER, text[start : entity.end])


@lru_cache(maxsize=16384)
def _known_name_tag(word):
    return any(parse.is_known and "Name" in parse.tag for parse in parses(word))


PLURAL_ONLY = re.compile(r"(?:ам|ям|ами|ями|ах|ях)$")


def _common_word_read_as_person(entity, text):
    """ "Супруга", "Маэстро", "Подана", "Формулы-1", "Ямадаевых": one word that is no one's
    name (a common word the dictionary knows, a family in the plural, a word with digits).
    A noun naming a person written with a capital inside a sentence is a name, though
    ("позиция Адвоката", "певица Мадонна", "спросили Лебедя")."""
    if entity.type != PER or " " in entity.text.strip():
        return False
    word = entity.text.strip()
    if any(char.isdigit() for char in word):
        return True
    if _is_plural_only(word):
        return True
    found = parses(word)
    if not _is_common_word(word) or found[0].tag.number == "plur":
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


@lru_cache(maxsize=16384)
def _is_plural_only(word):
    """A family (Ямадаевых), or a word with an ending only a plural has (Викиновостям);
    Гецлаф, a plural genitive to the analyzer, is someone's name."""
    found = parses(word)
    return all(parse.tag.number == "plur" for parse in found) and any(
        "Surn" in parse.tag or PLURAL_ONLY.search(word) for parse in found
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


def _has_letter(text):
    return any(char.isalpha() for char in text)


def _with_initials(entity, text):
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


def _organization_name(entity, text):
    """An organization's name without its descriptor: «Ренова», not ЗАО «Ренова»."""
    if entity.type != ORG:
        return entity
    span = entity.text
    for opening_quote, closing_quote in QUOTES:
        opening = span.find(opening_quote)
        closing = span.rfind(closing_quote)
        if opening > 0 and closing > opening + 1:
            start = entity.start + opening + 1
            end = entity.start + closing
            return Entity(start, end, ORG, text[start:end])
    words = span.split()
    if len(words) > 1 and (
        words[0].casefold() in DESCRIPTORS and words[0].islower() or words[0] in DESCRIPTOR_ACRONYMS
    ):
        offset = span.index(words[1])
        start = entity.start + offset
        return Entity(start, entity.end, ORG, text[start : entity.end])
    return entity


def _with_place_adjective(entity, text):
    """ "японского МИДа", "мюнхенской Баварии": a place's adjective belongs to the name."""
    if entity.type != ORG:
        return entity
    match = PRECEDING_WORD.search(text[max(0, entity.start - 30) : entity.start])
    if match is None:
        return entity
    word = match.group(1)
    parse = parses(word)[0]
    if parse.tag.POS != "ADJF" or not parse.normal_form.endswith(PLACE_ADJECTIVE_ENDINGS):
        return entity
    start = entity.start - len(match.group(0))
    return Entity(start, entity.end, ORG, text[start : entity.end])


def _kind(entity):
    """Known organizations are organizations; states, countries, cities and words that
    name no body (СМИ) never are."""
    words = re.findall(r"[^\W\d_]+", entity.text)
    if not words:
        return None
    if entity.type == LOC and _is_known_organization(entity.text):
        return Entity(entity.start, entity.end, ORG, entity.text)
    if entity.type != ORG:
        return entity
    if entity.text in NOT_ORGANIZATIONS or entity.text in DESCRIPTOR_ACRONYMS:
        return None  # a bare descriptor (ПАО) names no organization by itself
    if len(words) == 1 and _is_adverb_or_the_like(words[0]):
        return None  # "Вчера" at the start of a sentence names nothing
    first = parses(words[0])[0].normal_form
    if first in STATE_WORDS or all(_is_place(word) for word in words):
        return Entity(entity.start, entity.end, LOC, entity.text)
    return entity


@lru_cache(maxsize=4096)
def _is_adverb_or_the_like(word):
    return is_in_dictionary(word) and all(p.tag.POS in NOT_NAME_POS for p in parses(word))


@lru_cache(maxsize=4096)
def _is_known_organization(text):
    return lemma_key(text) in _known_organization_keys()


@lru_cache(maxsize=1)
def _known_organization_keys():
    keys = set()
    for acronym, name, _kind in KNOWN_ORGANIZATIONS:
        keys.add(lemma_key(acronym))
        keys.add(lemma_key(name))
    keys.update(lemma_key(name) for name in ORGANIZATIONS_NAMED_LIKE_PLACES)
    return keys


@lru_cache(maxsize=16384)
def _is_place(word):
    return any("Geox" in parse.tag for parse in parses(word)[:2])
