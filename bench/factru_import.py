"""What the importer would store from real news, scored against factRuEval-2016's gold.

    python bench/factru_import.py PATH/TO/factRuEval-2016/devset [--verbose]

Each document goes through the importer's own analysis (``analysis.analyse``: no bold, no
known persons, no database; the text as wire copy writes it), the first paragraph as the
headline and the second as the lede, and what it finds is scored as the importer would
store it (``bench/factru_gold.py`` reads the annotation):

- **persons** (a ``Person`` each): one found is right when it is a gold person, matched by
  surname (and first name when both have one); a gold person is found when one is, and
  found twice when two are (a duplicate record);
- **organizations** (an ``Organization`` each): one found is right when the text it was
  read from (any of its written forms) lies on a gold organization; on a gold place only
  (a state, a city: ``LocOrg`` and ``Location``), it is a place stored as an organization;
  a gold organization is found when one of its mentions is;
- **roles**, from the corpus's ``Occupation`` facts (who, the position as written, where;
  devset calls the position ``Position``, testset ``Job``): a role is right when the
  dictionary forms of one of the gold position's spellings are all in it (gold «мэра» in
  our «мэр Москвы»), and names where when one of the gold place's spellings is in it too;
  **as written** (``PersonRef.role_texts``, what the admin shows on a mention) and **Role
  rows** (the confident titles, stored without an editor). Roles given to persons the
  corpus does not have are counted apart (recognition errors, which
  ``bench/factru_extract.py`` measures).

Tune on devset, report on testset (its aggregates only).
"""

import argparse
import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from factru_gold import fold, gold_entities, gold_persons  # noqa: E402

from articles.textformat.analysis import analyse  # noqa: E402
from articles.textformat.parsing import Paragraph, ParsedArticle  # noqa: E402
from people.matching import lemma_key  # noqa: E402


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
    words = {fold(word) for word in name.split()}

    def among(names):  # «Ле Пен», a surname of two words, is in «Марин Ле Пен»
        return any(set(gold.split()) <= words for gold in names)

    for person in persons.values():
        if among(person.lastnames) or not person.lastnames and among(person.firstnames):
            if not person.firstnames or len(words) == 1 or among(person.firstnames):
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
    persons_right: int = 0
    persons_wrong: int = 0
    gold_persons: int = 0
    gold_persons_found: int = 0
    duplicates: int = 0
    organizations_right: int = 0
    organizations_places: int = 0
    organizations_other: int = 0
    gold_organizations: int = 0
    gold_organizations_found: int = 0
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


def _say(verbose, stem, message):
    if verbose:
        print(f"  {stem.name}: {message}")


def score_persons(stem, analysis, persons, tally, verbose):
    found = {}
    for person in analysis.persons:
        gold = _gold_for(person.name, persons)
        if gold is None:
            tally.persons_wrong += 1
            _say(verbose, stem, f"person {person.name} is not in the gold")
        else:
            tally.persons_right += 1
            found[id(gold)] = found.get(id(gold), 0) + 1
    tally.gold_persons += len(persons)
    tally.gold_persons_found += len(found)
    tally.duplicates += sum(count - 1 for count in found.values())
    for person in persons.values():
        if id(person) not in found:
            _say(verbose, stem, f"missed person {person.name}")


def score_organizations(stem, analysis, text, tally, verbose):
    entities = gold_entities(stem)
    found = set()
    for organization in analysis.organizations:
        forms = organization.written_as or [organization.name or organization.short_name]
        places = []
        on = None
        for form in forms:
            start = text.find(form)
            while start != -1 and on is None:
                end = start + len(form)
                for index, entity in enumerate(entities):
                    if any(s < end and start < e for s, e in entity.ranges):
                        if entity.kind == "Org":
                            on = index
                        else:
                            places.append(entity.kind)
                start = text.find(form, end)
        label = organization.name or organization.short_name
        if on is not None:
            tally.organizations_right += 1
            found.add(on)
        elif places:
            tally.organizations_places += 1
            _say(verbose, stem, f"organization {label} ({forms}) is a place")
        else:
            tally.organizations_other += 1
            _say(verbose, stem, f"organization {label} ({forms}) is not in the gold")
    gold = [index for index, entity in enumerate(entities) if entity.kind == "Org"]
    tally.gold_organizations += len(gold)
    tally.gold_organizations_found += len(found)
    for index in gold:
        if index not in found:
            start, end = entities[index].ranges[0]
            _say(verbose, stem, f"missed organization {text[start:end]}")


def score_roles(stem, analysis, persons, tally, verbose):
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
                _say(verbose, stem, f"{person.name}: «{written}» is not in the gold")
        for role in (role for role in person.roles if role.confident):
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
                _say(verbose, stem, f"{person.name}: Role «{role.title}» is not in the gold")
    for person in persons.values():
        for occupation in person.occupations:
            tally.gold += 1
            tally.found += occupation.found
            tally.found_confident += occupation.found_confident
            if not occupation.found:
                _say(verbose, stem, f"missed {person.name}: {occupation.written}")


def score_document(stem, tally, verbose=False):
    persons = gold_persons(stem)
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    analysis = analyse(parsed_article(text, stem.name), known_index={}, known_persons=())
    score_persons(stem, analysis, persons, tally, verbose)
    score_organizations(stem, analysis, text, tally, verbose)
    score_roles(stem, analysis, persons, tally, verbose)


def _ratio(part, whole):
    return f"{part / whole if whole else 0.0:.3f} ({part}/{whole})"


def report(tally, documents):
    found_persons = tally.persons_right + tally.persons_wrong
    organizations = tally.organizations_right + tally.organizations_places
    organizations += tally.organizations_other
    written = tally.written_right + tally.written_wrong
    rows = tally.rows_right + tally.rows_wrong
    print(f"{documents} documents")
    print(
        f"persons:       precision {_ratio(tally.persons_right, found_persons)}, "
        f"recall {_ratio(tally.gold_persons_found, tally.gold_persons)}, "
        f"duplicates {tally.duplicates}"
    )
    print(
        f"organizations: precision {_ratio(tally.organizations_right, organizations)}, "
        f"recall {_ratio(tally.gold_organizations_found, tally.gold_organizations)}, "
        f"places stored as organizations {tally.organizations_places}"
    )
    print(
        f"roles as written: precision {_ratio(tally.written_right, written)}, "
        f"recall {_ratio(tally.found, tally.gold)}"
    )
    print(
        f"Role rows:        precision {_ratio(tally.rows_right, rows)}, "
        f"recall {_ratio(tally.found_confident, tally.gold)}, naming where "
        f"{tally.rows_with_where}/{tally.rows_where_wanted}"
    )
    print(f"roles given to names the corpus has no person for: {tally.on_non_persons}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a factRuEval-2016 folder (devset, testset)")
    parser.add_argument("--verbose", action="store_true", help="print every miss and wrong find")
    args = parser.parse_args(argv)
    stems = sorted(path.with_suffix("") for path in args.corpus.glob("*.facts"))
    if not stems:
        parser.error(f"no *.facts files in {args.corpus}")
    tally = Tally()
    for stem in stems:
        score_document(stem, tally, args.verbose)
    report(tally, len(stems))


if __name__ == "__main__":
    main()
