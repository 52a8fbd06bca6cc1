"""The pipeline for plain text: recognition → normalization → linking.

``entities(text)`` is what the importer's analysis and the factRuEval bench share: every
person, organization and place the text names, persons with the nominative full name of
the person they were linked to.
"""

from dataclasses import dataclass

from articles.textformat.linking import PersonMention, link, with_candidates
from articles.textformat.normalization import context_cases
from articles.textformat.recognition import PER, recognize


@dataclass
class Found:
    start: int
    end: int
    type: str
    text: str
    normal: str = ""  # persons: the nominative full name of the person linked to


def person_mentions(text, spans):
    """PersonMentions (with their nominatives) for person spans ``(start, end)`` of ``text``."""
    return [
        with_candidates(PersonMention(start, end, text[start:end], context_cases(text, start, end)))
        for start, end in spans
    ]


def entities(text, known_names=()):
    """[Found] of ``text`` in order: persons normalized and linked, then the rest as found."""
    recognized = recognize(text)
    mentions = person_mentions(text, [(e.start, e.end) for e in recognized if e.type == PER])
    normal = {}
    for person in link(mentions, known_names):
        for mention in person.mentions:
            normal[mention.start] = person.name
    return [
        Found(e.start, e.end, e.type, e.text, normal.get(e.start, "") if e.type == PER else "")
        for e in recognized
    ]
