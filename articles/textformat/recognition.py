"""Persons and organizations found in plain text by a named-entity model, then corrected.

The model is slovnet's news NER (the one natasha ships, with its navec embeddings), run on
the CPU. We load the weights from the installed ``natasha`` package without importing it:
natasha's own ``__init__`` pulls in pymorphy2, while this project uses pymorphy3. The
model's spans are then corrected in small steps with the pymorphy3 dictionary: here, spans
are split at brackets and unpaired quotes and a full name the model took for a place is a
person; the steps for persons are ``person_spans`` (one span's boundaries) and
``person_additions`` (persons found across the text), those for organizations
``organization_spans`` (descriptors, states). ``recognize`` says in which order they run.
Nothing here knows the database.
"""

import gc
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path

from articles.textformat.name_words import (
    NAME_GRAMMEMES,
    WORD,
    is_common_word,
    reads_as_full_name,
    starts_sentence,
    tag_after,
)
from articles.textformat.organization_spans import (
    DESCRIPTORS,
    kind_of,
    named_after_persons,
    organization_name,
    with_its_noun,
    with_place_adjective,
)
from articles.textformat.person_additions import (
    split_at_a_sentence_end,
    surnames_of,
    with_former_surname,
    with_full_names_read_alike,
    with_initialled_surnames,
    with_repeated_surnames,
    with_shared_surname,
)
from articles.textformat.person_spans import (
    common_word_read_as_person,
    joined_persons,
    short_family_name_first,
    split_at_family_name_repeated,
    with_first_name,
    with_initials,
    with_particle,
    without_common_word_before,
    without_honorific,
)
from articles.textformat.spans import LOC, ORG, PER, Entity
from articles.textformat.words import is_in_dictionary, parses

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
# Opening quotation mark → its closing one, and back («“» closes «„» and opens «“…”»).
CLOSING_QUOTE = {"«": "»", "„": "“", "“": "”"}
OPENING_QUOTE = {"»": "«", "”": "“"}


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
    if (
        is_common_word(words[0].group())
        and not short_family_name_first(words)
        and not _surname_before_its_verb(words, text, person.end)
    ):
        # "Тренер Гус Хиддинк", "Миссис Клинтон": a title or a form of address opens the
        # text; the name is what follows, unless the first reading found it already.
        if len(words) < 2 or any(e.start < person.end and person.start < e.end for e in found):
            return found
        start = person.start + words[1].start()
        person = Entity(start, person.end, PER, text[start : person.end])
    kept = [e for e in found if e.end <= person.start or e.start >= person.end]
    return sorted([*kept, person], key=lambda entity: entity.start)


def _surname_before_its_verb(words, text, end):
    """ "Токаев подписал указ": a surname the dictionary knows only as a plural (of
    «токай», a wine), before a verb in the singular, is its subject, not a thing."""
    verb = tag_after(text, end)
    return (
        len(words) == 1
        and verb is not None
        and verb.POS == "VERB"
        and verb.number == "sing"
        and all(p.tag.number == "plur" for p in parses(words[0].group()))
    )


def recognize(text):
    """Persons, organizations and places of ``text``, corrected; ordered by position."""
    entities = [part for entity in raw_entities(text) for part in _split(entity, text)]
    entities = [part for entity in entities for part in _split_at_unpaired_quote(entity, text)]
    entities = [part for e in entities for part in split_at_family_name_repeated(e, text)]
    entities = [_person_read_as_place(entity, text) for entity in entities]
    entities = [_without_body_before(entity, text) for entity in entities]
    entities = [without_honorific(entity, text) for entity in entities]
    entities = [without_common_word_before(entity) for entity in entities]
    entities = [_place_written_apart(entity) for entity in entities]
    entities = [with_particle(entity, text) for entity in entities]
    entities = [e for e in entities if not common_word_read_as_person(e, text)]
    entities = named_after_persons(entities, text)
    surnames = surnames_of(entities)  # before joining: "Хвана" + "Чжан Епа", then "Хван"
    entities = joined_persons(entities, text)
    entities = [organization_name(entity, text) for entity in entities]
    entities = [with_its_noun(entity, text) for entity in entities]
    entities = [kind_of(entity) for entity in entities if entity is not None]
    entities = [with_place_adjective(entity, text) for entity in entities if entity is not None]
    entities = with_repeated_surnames(entities, text, surnames)
    entities = [with_first_name(entity, text) for entity in entities]
    entities = [with_initials(entity, text) for entity in entities]
    entities = with_initialled_surnames(entities, text)
    entities = with_shared_surname(entities, text)
    entities = with_former_surname(entities, text)
    entities = with_full_names_read_alike(entities)
    entities = split_at_a_sentence_end(entities, text)
    return [_without_full_stop(entity, text) for entity in entities]


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
    if len(words) >= 3 and is_common_word(words[0].group()) and starts_sentence(entity, text):
        if words[0].group().casefold() in DESCRIPTORS:
            return entity  # Фонд Михаила Прохорова: a body named after a person
        words = words[1:]
    elif entity.type == ORG and entity.text != " ".join(word.group() for word in words):
        return entity  # only a name and nothing else ("Левоном Ароняном") may be a person
    if not 2 <= len(words) <= 3 or not reads_as_full_name([w.group() for w in words]):
        return entity
    start, end = entity.start + words[0].start(), entity.start + words[-1].end()
    return Entity(start, end, PER, text[start:end])


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


def _has_letter(text):
    return any(char.isalpha() for char in text)
