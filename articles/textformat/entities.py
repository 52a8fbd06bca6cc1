"""The pipeline for plain text: recognition → normalization → linking.

``entities(text)`` is what the importer's analysis and the factRuEval bench share: every
person, organization and place the text names, persons with the nominative full name of
the person they were linked to.
"""

from dataclasses import dataclass
from functools import lru_cache

from articles.textformat.linking import PersonMention, link, with_candidates
from articles.textformat.name_cases import context_cases
from articles.textformat.person_additions import written_persons
from articles.textformat.recognition import ORG, PER, recognize, starts_sentence


@dataclass
class Found:
    start: int
    end: int
    type: str
    text: str
    normal: str = ""  # persons: the nominative full name of the person linked to


def person_mentions(text, spans):
    """PersonMentions (with their nominatives) for person spans ``(start, end)`` of ``text``."""
    mentions = []
    for start, end in spans:
        # "Аркадия и Бориса Ротенбергов" is one span; its name is the first person's.
        written = written_persons(text[start:end])[0]
        mention = PersonMention(start, end, written, context_cases(text, start, end))
        mentions.append(with_candidates(mention))
    return mentions


def entities(text, known_names=()):
    """[Found] of ``text`` in order: persons normalized and linked, then the rest as found."""
    recognized = recognize(text)
    mentions = person_mentions(text, [(e.start, e.end) for e in recognized if e.type == PER])
    normal = {}
    for person in link(mentions, known_names, text):
        for mention in person.mentions:
            normal[mention.start] = person.name
    return [
        Found(e.start, e.end, e.type, e.text, normal.get(e.start, "") if e.type == PER else "")
        for e in recognized
    ]


BOLD = "**"


def without_bold(markdown):
    """(plain text, [(start, end)] of the bold spans in it) of a Markdown paragraph."""
    plain, ranges, position = [], [], 0
    length = 0
    while True:
        opening = markdown.find(BOLD, position)
        closing = markdown.find(BOLD, opening + 2) if opening != -1 else -1
        if opening == -1 or closing == -1:
            plain.append(markdown[position:])
            break
        plain.append(markdown[position:opening])
        length += opening - position
        inner = markdown[opening + 2 : closing]
        ranges.append((length, length + len(inner)))
        plain.append(inner)
        length += len(inner)
        position = closing + 2
    return "".join(plain), ranges


@lru_cache(maxsize=512)
def _recognized(text):
    # An article's texts are read twice (persons, organizations): run the model once.
    return tuple(recognize(text))


def organization_names(markdown):
    """The names the model reads as organizations in ``markdown`` (bold or not)."""
    text, _bold = without_bold(markdown)
    return {" ".join(e.text.split()) for e in _recognized(text) if e.type == ORG}


def organization_spans(markdown):
    """[(written, whether it begins a sentence)] of the names the model reads as
    organizations in ``markdown``, outside bold text (a bold span is a person's name)."""
    text, bold = without_bold(markdown)
    return [
        (" ".join(e.text.split()), starts_sentence(e, text))
        for e in _recognized(text)
        if e.type == ORG and not any(s < e.end and e.start < end for s, end in bold)
    ]


def unbolded_persons(markdown):
    """[(start, end, written)] of persons the model finds in ``markdown`` outside bold text
    (offsets into the plain text), with the cases their context allows as a 4th item."""
    text, bold = without_bold(markdown)
    found = []
    for entity in _recognized(text):
        if entity.type != PER or any(s < entity.end and entity.start < e for s, e in bold):
            continue
        cases = context_cases(text, entity.start, entity.end)
        # "Аркадия и Бориса Ротенбергов": two persons, both ending where the span ends.
        for written in written_persons(entity.text):
            found.append((entity.start, entity.end, written, cases))
    return found
