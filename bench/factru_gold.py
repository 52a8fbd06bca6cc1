"""factRuEval-2016's gold annotation of one document, as ``bench/factru_import.py`` reads it.

A document ``book_N`` is ``book_N.txt`` and its annotation files (the corpus's README, in
Russian, describes them): ``.spans`` (character offsets of annotated words), ``.objects``
(persons, organizations, places as lists of spans), ``.coref`` (objects of one entity, with
a person's first and last names) and ``.facts`` (occupations: who, the position, where).
"""

from dataclasses import dataclass, field

from people.matching import lemma_key
from people.names import normalize_name


@dataclass
class GoldPerson:
    firstnames: set  # every spelling the annotation gives (Александр, Саша)
    lastnames: set
    occupations: list = field(default_factory=list)  # Occupation

    @property
    def name(self):
        return " ".join(sorted(self.firstnames)[:1] + sorted(self.lastnames)[:1])


@dataclass
class Occupation:
    positions: list  # the spellings' lemma sets
    places: list  # the place's spellings' lemma sets, empty when the fact names none
    written: str
    found: bool = False
    found_confident: bool = False


def fold(word):
    return normalize_name(word).casefold().replace("ё", "е")


def _lemmas(text):
    """The dictionary forms of the words of ``text``, without short function words."""
    return frozenset(word for word in lemma_key(text) if any(c.isalnum() for c in word)) - {
        "и", "в", "по", "при", "на", "с"
    }  # fmt: skip


def _blocks(path):
    """The blank-line separated blocks of a ``.coref`` or ``.facts`` file, as lists of lines."""
    block, blocks = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            block.append(line.strip())
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def _spellings(value):
    """«span1 мэра | span2 глава» → ["мэра", "глава"]; ids dropped."""
    spellings = []
    for part in value.split("|"):
        words = part.split()
        if words and (words[0].startswith("span") or words[0].startswith("obj")):
            words = words[1:]
        if words:
            spellings.append(" ".join(words))
    return spellings


def gold_persons(stem):
    """{coref id: GoldPerson} of one document (``stem`` without its extension)."""
    persons = {}
    for block in _blocks(stem.with_suffix(".coref")):
        names = {"firstname": set(), "lastname": set()}
        for line in block[1:]:
            attribute, _space, value = line.partition(" ")
            if attribute in names and value.strip():
                names[attribute].add(fold(value))
        if names["firstname"] or names["lastname"]:
            persons[block[0].split()[0]] = GoldPerson(names["firstname"], names["lastname"])
    for block in _blocks(stem.with_suffix(".facts")):
        if len(block[0].split()) < 2 or block[0].split()[1] != "Occupation":
            continue
        slots = {}
        for line in block[1:]:
            name, _space, value = line.partition(" ")
            slots[name] = value
        who = slots.get("Who", "").split()
        person = persons.get(who[0][3:]) if who and who[0].startswith("obj") else None
        # The position as written: «Position» in devset, «Job» in testset.
        written = slots.get("Position", slots.get("Job"))
        if person is None or not written:
            continue
        positions = [_lemmas(s) for s in _spellings(written)]
        places = [_lemmas(s) for s in _spellings(slots.get("Where", ""))]
        person.occupations.append(
            Occupation([p for p in positions if p], [p for p in places if p], written)
        )
    return persons


@dataclass
class GoldEntity:
    """An organization or a place: the character ranges of its mentions."""

    kind: str  # "Org", "Location" or "LocOrg"
    ranges: list = field(default_factory=list)  # [(start, end)]


def gold_entities(stem):
    """[GoldEntity] of the organizations and places of one document, one per entity."""
    spans = {}
    for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            spans[parts[0]] = (int(parts[2]), int(parts[2]) + int(parts[3]))
    objects = {}
    for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) >= 3 and parts[1] in ("Org", "Location", "LocOrg"):
            ranges = [spans[span] for span in parts[2:] if span in spans]
            if ranges:
                start, end = min(r[0] for r in ranges), max(r[1] for r in ranges)
                objects[parts[0]] = (parts[1], (start, end))
    entities, grouped = [], set()
    for block in _blocks(stem.with_suffix(".coref")):
        members = [objects[o] for o in block[0].split()[1:] if o in objects]
        if members:
            entities.append(GoldEntity(members[0][0], [r for _kind, r in members]))
            grouped.update(o for o in block[0].split()[1:])
    for object_id, (kind, found) in objects.items():
        if object_id not in grouped:
            entities.append(GoldEntity(kind, [found]))
    return entities
