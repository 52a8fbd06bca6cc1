"""Roles found in real news, scored against factRuEval-2016's gold occupations.

    python bench/factru_roles.py PATH/TO/factRuEval-2016/devset [--verbose]

factRuEval's ``*.facts`` give, for each document, the occupations the text states
(``Occupation``: who, the position as written, where it is held; devset calls
the position ``Position``, testset ``Job``). Each document goes
through the importer's own analysis (``analysis.analyse``; no bold, no known persons, no
database: the text as wire copy writes it), the first paragraph as the headline and the
second as the lede. A person found is matched to a gold person by surname (and first name
when both have one), so a role is scored on the person it would be stored on.

A role is right when the dictionary forms of one of the gold position's spellings are all
in it (gold «мэра» in our «мэр Москвы»); it names where when one of the gold place's
spellings is in it too. Printed, with the counts:

- **as written** (``PersonRef.role_texts``, what the admin shows on a mention): precision
  and recall over the gold occupations;
- **Role rows** (the confident titles, stored as ``Role`` rows without an editor):
  precision, recall, and how many of the right ones name where;
- roles given to persons factRuEval does not annotate as persons, counted apart (they are
  recognition errors, which ``bench/factru_extract.py`` measures).

Tune on devset, report on testset (its aggregates only).
"""

import argparse
import datetime
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from articles.textformat.analysis import analyse  # noqa: E402
from articles.textformat.parsing import Paragraph, ParsedArticle  # noqa: E402
from people.matching import lemma_key  # noqa: E402
from people.names import normalize_name  # noqa: E402


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


def _fold(word):
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
                names[attribute].add(_fold(value))
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


def parsed_article(text, source):
    blocks = [" ".join(block.split()) for block in text.split("\n") if block.strip()]
    blocks += ["", ""]
    return ParsedArticle(
        source=source,
        headline=blocks[0],
        published_at=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC),
        dek=blocks[1],
        blocks=[Paragraph(block) for block in blocks[2:] if block],
    )


def _gold_for(name, persons):
    words = {_fold(word) for word in name.split()}
    for person in persons.values():
        if person.lastnames & words:
            if not person.firstnames or len(words) == 1 or person.firstnames & words:
                return person
    return None


def _matches(title, occupation):
    lemmas = frozenset(lemma_key(title))
    return any(position <= lemmas for position in occupation.positions)


def _names_where(title, occupation):
    lemmas = frozenset(lemma_key(title))
    return any(place <= lemmas for place in occupation.places)


@dataclass
class Tally:
    written_right: int = 0
    written_wrong: int = 0
    rows_right: int = 0
    rows_wrong: int = 0
    rows_with_where: int = 0
    rows_where_wanted: int = 0
    on_non_persons: int = 0
    gold: int = 0
    found: int = 0
    found_confident: int = 0
    misses: list = field(default_factory=list)


def score_document(stem, tally, verbose=False):
    persons = gold_persons(stem)
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    analysis = analyse(parsed_article(text, stem.name), known_index={}, known_persons=())
    for person in analysis.persons:
        gold = _gold_for(person.name, persons)
        if gold is None:
            tally.on_non_persons += len(person.role_texts)
            continue
        for written in person.role_texts:
            matching = [o for o in gold.occupations if _matches(written, o)]
            for occupation in matching:
                occupation.found = True
            if matching:
                tally.written_right += 1
            else:
                tally.written_wrong += 1
                if verbose:
                    print(f"  {stem.name}: {person.name}: «{written}» is not in the gold")
        for role in person.roles:
            if not role.confident:
                continue
            matching = [o for o in gold.occupations if _matches(role.title, o)]
            for occupation in matching:
                occupation.found_confident = True
            if matching:
                tally.rows_right += 1
                wanted = [o for o in matching if o.places]
                if wanted:
                    tally.rows_where_wanted += 1
                    tally.rows_with_where += any(_names_where(role.title, o) for o in wanted)
            else:
                tally.rows_wrong += 1
                if verbose:
                    print(f"  {stem.name}: {person.name}: Role «{role.title}» is not in the gold")
    for person in persons.values():
        for occupation in person.occupations:
            tally.gold += 1
            tally.found += occupation.found
            tally.found_confident += occupation.found_confident
            if not occupation.found and verbose:
                print(f"  {stem.name}: missed {person.name}: {occupation.written}")


def _ratio(part, whole):
    return part / whole if whole else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a factRuEval-2016 folder (devset, testset)")
    parser.add_argument("--verbose", action="store_true", help="print every miss and wrong role")
    args = parser.parse_args(argv)
    stems = sorted(path.with_suffix("") for path in args.corpus.glob("*.facts"))
    if not stems:
        parser.error(f"no *.facts files in {args.corpus}")
    tally = Tally()
    for stem in stems:
        score_document(stem, tally, args.verbose)
    written = tally.written_right + tally.written_wrong
    rows = tally.rows_right + tally.rows_wrong
    print(f"{len(stems)} documents, {tally.gold} gold occupations of persons")
    print(
        f"as written: precision {_ratio(tally.written_right, written):.3f} "
        f"({tally.written_right}/{written}), recall {_ratio(tally.found, tally.gold):.3f} "
        f"({tally.found}/{tally.gold})"
    )
    print(
        f"Role rows:  precision {_ratio(tally.rows_right, rows):.3f} ({tally.rows_right}/{rows}), "
        f"recall {_ratio(tally.found_confident, tally.gold):.3f} "
        f"({tally.found_confident}/{tally.gold}), naming where "
        f"{tally.rows_with_where}/{tally.rows_where_wanted}"
    )
    print(f"roles given to names factRuEval does not annotate as persons: {tally.on_non_persons}")


if __name__ == "__main__":
    main()
