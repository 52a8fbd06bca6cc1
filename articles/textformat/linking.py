"""Mentions of persons in one article grouped into persons, each with one nominative name.

The one rule for "which mentions are the same person, and what is their name", shared by
the importer's analysis and ``entities`` (the factRuEval bench). A full name ("Сергея
Лаврова", "Сергей Лавров") joins the mentions whose nominatives it can share; the name most
of them agree on wins, unless one of them is a known person's. A surname alone ("Лавров",
"Лавровым") or with initials ("В.Путин") joins the one full-name person of the article with
that surname (and those initials), or else the one known person with them. A surname alone
never makes a person of its own when someone in the article or among the known persons fits
it; repeats of a surname nobody fits are one person.
"""

import re
from dataclasses import dataclass, field

from articles.textformat.normalization import INITIAL, nominatives
from articles.textformat.words import parses
from media.base import normalize_name

# How close to a mention's best nominative another one still counts as its reading.
AGREEMENT_MARGIN = 0.3
# How many of a person's nominatives, best first, are looked up among the known persons.
KNOWN_TRIES = 3
# How much more a mention's scores count when the words around it gave its case.
CONTEXT_WEIGHT = 2.0
SPLIT_INITIALS = re.compile(r"(?<=\.)(?=[^\s.])")


def initials_of(written):
    """The initials written in a name ("В.В. Путин" → ["В", "В"])."""
    words = SPLIT_INITIALS.sub(" ", written).split()
    return [word[0] for word in words if INITIAL.match(word)]


def surname_only(written):
    """Whether a name as written gives no first name in full ("Лавров", "В.Путин")."""
    words = SPLIT_INITIALS.sub(" ", written).split()
    return len([word for word in words if not INITIAL.match(word)]) <= 1


@dataclass
class PersonMention:
    """One place an article names a person."""

    start: int
    end: int
    text: str
    cases: tuple | None = None
    candidates: list = field(default_factory=list)  # [(nominative, score)], best first

    @property
    def words(self):
        return SPLIT_INITIALS.sub(" ", self.text).split()

    @property
    def initials(self):
        return initials_of(self.text)

    @property
    def is_full(self):
        """Names a first name in full, not only a surname or initials."""
        return not surname_only(self.text)


@dataclass
class LinkedPerson:
    name: str
    mentions: list = field(default_factory=list)
    known: bool = False
    names: list = field(default_factory=list)  # nominatives its mentions allow, ``name`` first


class KnownNames:
    """The persons already known, by the nominative names (and variants) in ``names``.

    The importer's subclass looks them up in the database instead; ``link`` asks only
    these two questions.
    """

    def __init__(self, names=()):
        self.names = {normalize_name(name): name for name in names}

    def person(self, names, written_forms=()):
        """The known name among ``names`` (nominatives, best first) or the forms as written."""
        for name in [*names, *written_forms]:
            found = self.names.get(normalize_name(name))
            if found is not None:
                return found
        return None

    def by_surname(self, surnames, initials=()):
        """The one known name with one of ``surnames`` (and first name ``initials[0]``…)."""
        fitting = {name for name in self.names.values() if _fits(initials, name, surnames)}
        return fitting.pop() if len(fitting) == 1 else None


def with_candidates(mention):
    """``mention`` with its nominatives; initials are written "В. Путин" in them."""
    name = " ".join(mention.words)
    mention.candidates = nominatives(name, mention.cases)
    if mention.cases:
        listed = {candidate for candidate, _ in mention.candidates}
        mention.candidates += [
            (candidate, score - 1.5)
            for candidate, score in nominatives(name)
            if candidate not in listed
        ]
        mention.candidates.sort(key=lambda item: -item[1])
    return mention


def _same_name(keys, other):
    """Can two full names (their nominatives' keys) be one person's? Equal, or one the
    other with a middle name or patronymic left out: «Реджеп Эрдоган» and «Реджеп Тайип
    Эрдоган», «Дмитрий Медведев» and «Дмитрий Анатольевич Медведев»; or with the surname
    left out: «Борис Николаевич» and «Борис Николаевич Ельцин»."""
    return bool(
        keys & other
        or _short(keys) & _long(other)
        or _short(other) & _long(keys)
        or _addressed(keys) & _first_two(other)
        or _addressed(other) & _first_two(keys)
    )


def _short(keys):
    """(first name, surname) of the two-word names among ``keys``."""
    return {(words[0], words[1]) for words in map(str.split, keys) if len(words) == 2}


def _long(keys):
    """(first name, surname) of the names with a middle name among ``keys``."""
    return {(words[0], words[-1]) for words in map(str.split, keys) if len(words) > 2}


def _addressed(keys):
    """(first name, patronymic) of the names among ``keys`` that are only that."""
    return {
        (words[0], words[1])
        for words in map(str.split, keys)
        if len(words) == 2 and any("Patr" in p.tag for p in parses(words[1]))
    }


def _addressed_joined(persons):
    """«Владимир Владимирович» in a transcript addresses the one person of the article with
    that first name (and no other patronymic): «Владимир Путин». Not a person of its own."""
    kept = []
    for person in persons:
        addressed = None if person.known else _addressed({normalize_name(person.name)})
        if addressed:
            ((first, patronymic),) = addressed
            fitting = [
                other
                for other in persons
                if other is not person
                and not _addressed({normalize_name(other.name)})
                and _addresses(first, patronymic, normalize_name(other.name).split())
            ]
            if len(fitting) == 1:
                fitting[0].mentions.extend(person.mentions)
                continue
        kept.append(person)
    return kept


def _addresses(first, patronymic, words):
    return len(words) > 1 and words[0] == first and (len(words) == 2 or words[1] == patronymic)


def _first_two(keys):
    return {(words[0], words[1]) for words in map(str.split, keys) if len(words) > 2}


def _keys(mention):
    best = mention.candidates[0][1]
    return {normalize_name(name) for name, score in mention.candidates if score > best - 1.0}


def link(mentions, known_names=(), text=""):
    """[LinkedPerson] for ``mentions`` (with candidates), persons and their mentions in the
    order the mentions are given.

    ``known_names`` are the nominative full names of persons already known (and their
    variants), or a ``KnownNames``: a name that is one of them wins, and a surname alone
    that fits exactly one of them, when the article names nobody else with it, is that
    person. With the ``text`` the mentions are in, a name in Latin letters in brackets
    right after a name ("Джоэл Саймон (Joel Simon)") is the same person as that name.
    """
    known = known_names if isinstance(known_names, KnownNames) else KnownNames(known_names)
    groups = []
    group_of = {}
    translations = set()  # mentions that only spell another one in Latin letters
    for mention in (m for m in mentions if m.is_full):
        keys = _keys(mention)
        group = _group_spelled_before(mention, group_of, text)
        if group is not None:
            translations.add(id(mention))
        else:
            group = next((g for g in groups if _same_name(keys, g["keys"])), None)
            if group is None:
                group = {"mentions": [], "keys": set()}
                groups.append(group)
            group["keys"] |= keys
        group["mentions"].append(mention)
        group_of[mention.end] = group
    persons = []
    for group in groups:
        named = [m for m in group["mentions"] if id(m) not in translations]
        person = _person(named, known)
        person.mentions = list(group["mentions"])
        persons.append(person)
    persons = _addressed_joined(persons)

    unexplained = []  # [(surname keys, [mentions])] of surnames nobody fits
    for mention in (m for m in mentions if not m.is_full):
        target = _by_surname(mention, persons)
        if target is None:
            name = known.by_surname(_surname_keys(mention), mention.initials)
            if name is not None:
                target = next((p for p in persons if p.name == name), None)
                if target is None:
                    target = LinkedPerson(name=name, known=True, names=[name])
                    persons.append(target)
        if target is None:
            surnames = _surname_keys(mention)
            same = next(
                (g for g in unexplained if g[0] & surnames and _same_initials(mention, g[1])),
                None,
            )
            if same is None:
                unexplained.append((surnames, [mention]))
            else:
                same[1].append(mention)
            continue
        target.mentions.append(mention)
    for person in persons:
        _reread_by_surnames(person, translations)
    for _surnames, named in unexplained:
        # "Д. Песков" says more than "Песков": the initials stay in the name.
        names = _ranked([m for m in named if m.initials] or named)
        persons.append(LinkedPerson(name=names[0], mentions=named, names=names))
    order = {id(mention): index for index, mention in enumerate(mentions)}
    for person in persons:
        person.mentions.sort(key=lambda mention: order[id(mention)])
    persons.sort(key=lambda person: order[id(person.mentions[0])])
    return persons


LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F'’. -]+$")
TRANSLATION_BEFORE = re.compile(r"\s*\(\s*$")


def _latin(written):
    return bool(LATIN_NAME.match(written))


def spelled_after(text, start, written):
    """Where the name ends that ``written`` (at ``start`` in ``text``) spells in Latin
    letters in brackets right after it ("Джоэл Саймон (Joel Simon)"), or None."""
    if not text or not _latin(written):
        return None
    window = max(0, start - 8)
    match = TRANSLATION_BEFORE.search(text[window:start])
    return window + match.start() if match is not None else None


def _group_spelled_before(mention, group_of, text):
    """The group of the name this one spells in Latin letters, in brackets right after it."""
    end = spelled_after(text, mention.start, mention.text)
    return group_of.get(end) if end is not None else None


def _reread_by_surnames(person, translations):
    """The name of a person not known, read again with the mentions of the surname alone
    it was given: which of its readings they agree with."""
    alone = [m for m in person.mentions if not m.is_full]
    if person.known or not alone:
        return
    full = [m for m in person.mentions if m.is_full and id(m) not in translations]
    allowed = {normalize_name(name): name for name in person.names}
    names = [name for name in _ranked([*full, *alone]) if normalize_name(name) in allowed]
    if names and names[0] != person.name:
        person.name = names[0]
        person.names = [names[0], *(name for name in person.names if name != names[0])]


def _ranked(mentions):
    """The nominatives of ``mentions``: those most of them rank near their best first,
    then by score. A surname alone counts for the full names ending in it: «Гретцки
    присутствовал» says how «Уэйна Гретцки» reads (Гретцки, not Гретцка)."""
    totals = {}
    surnames = {}  # a surname alone's readings near its best: its mentions, weighed
    for mention in mentions:
        best = mention.candidates[0][1]
        # A mention whose context gives its case says more than one read without it.
        weight = CONTEXT_WEIGHT if mention.cases else 1.0
        for name, score in mention.candidates:
            key = normalize_name(name)
            count, total, spelled = totals.get(key, (0, 0.0, name))
            near = score > best - AGREEMENT_MARGIN
            totals[key] = (count + near, total + weight * score, spelled)
            if near and len(mention.text.split()) == 1:
                surnames[key] = surnames.get(key, 0) + weight
    ranked = sorted(
        totals.items(),
        key=lambda item: (
            -item[1][0] - (surnames.get(item[0].split()[-1], 0) if " " in item[0] else 0),
            -item[1][1],
        ),
    )
    return [name for _key, (_count, _total, name) in ranked]


def _person(mentions, known):
    """The person ``mentions`` name: by the nominative they agree on, unless it is known."""
    names = _ranked(mentions)
    # «Борис Николаевич» names the person, but «Борис Николаевич Ельцин» is their name.
    addressed = _addressed({normalize_name(names[0])})
    full = [name for name in names if _first_two({normalize_name(name)}) & addressed]
    if full:
        names = [full[0], *(name for name in names if name != full[0])]
    written = list(dict.fromkeys(mention.text for mention in mentions))
    found = known.person(names[:KNOWN_TRIES], written)
    if found is not None:
        names = [found, *(name for name in names if normalize_name(name) != normalize_name(found))]
    return LinkedPerson(
        name=names[0], mentions=list(mentions), known=found is not None, names=names
    )


def _surname_keys(mention):
    return {normalize_name(name.split()[-1]) for name, _score in mention.candidates}


def _fits(initials, full_name, surnames):
    words = full_name.split()
    if len(words) < 2 or normalize_name(words[-1]) not in surnames:
        return False
    return not initials or normalize_name(words[0])[:1] == normalize_name(initials[0])


def _same_initials(mention, others):
    """Whether no initial of ``mention`` contradicts those of ``others`` ("В." and "А.")."""
    first = {normalize_name(m.initials[0]) for m in [mention, *others] if m.initials}
    return len(first) <= 1


def _by_surname(mention, persons):
    surnames = _surname_keys(mention)
    fitting = [p for p in persons if p.mentions and _fits(mention.initials, p.name, surnames)]
    return fitting[0] if len(fitting) == 1 else None
