"""Russian name forms, from the pymorphy3 morphological dictionary."""

from functools import lru_cache

import pymorphy3

from media.base import normalize_name

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@lru_cache(maxsize=1)
def morph():
    # Loading the dictionaries takes a fraction of a second and ~15 MB: do it once, lazily.
    return pymorphy3.MorphAnalyzer()


def _word_case_forms(word):
    """For each case, the forms of a name word the dictionary knows ({case: {form}})."""
    forms = {case: {word.casefold()} for case in CASES}
    for parse in morph().parse(word):
        tag = parse.tag
        if "NOUN" not in tag or "sing" not in tag or "nomn" not in tag:
            continue
        for case in CASES:
            inflected = parse.inflect({case})
            if inflected is not None:
                forms[case].add(inflected.word)
    return forms


@lru_cache(maxsize=4096)
def inflected_forms(name):
    """Normalized forms of a nominative name in the six cases, as far as the dictionary knows.

    "Владимир Путин" gives "владимира путина", "владимиру путину", … Names the
    dictionary does not know give fewer forms; callers add forms seen in the text.
    """
    words = name.split()
    per_word = [_word_case_forms(word) for word in words]
    result = {normalize_name(name)}
    for case in CASES:
        combos = [""]
        for forms in per_word:
            combos = [f"{prefix} {form}".strip() for prefix in combos for form in forms[case]]
        result.update(normalize_name(combo) for combo in combos[:16])
    return frozenset(result)


# What can be said about one word of a name in one grammatical case, from one dictionary parse.
GENDERS = ("masc", "femn")
NAME_TAGS = ("Name", "Surn", "Patr")


def restore_case(original, form):
    """``form`` (lower case) spelled like ``original``: "Токаева", "токаев" → "Токаев"."""
    if len(original) > 1 and original.isupper():
        return form.upper()
    lowered = original.casefold()
    common = 0
    while common < min(len(lowered), len(form)) and lowered[common] == form[common]:
        common += 1
    return original[:common] + form[common:]


@lru_cache(maxsize=65536)
def word_readings(word):
    """The ways a capitalized word can be part of a person's name, from the dictionary.

    A tuple of ``(case, gender, nominative, score)``: ``gender`` is "masc", "femn" or
    None (either), ``nominative`` the word in the nominative of that gender, spelled like
    ``word``. Readings tagged as a first name, surname or patronymic score higher than
    other animate or unknown nouns, which the analyzer only guesses.
    """
    readings = {}
    for parse in morph().parse(word):
        tag = parse.tag
        if tag.POS != "NOUN" or tag.number == "plur" or tag.case not in CASES:
            continue
        is_name = any(grammeme in tag for grammeme in NAME_TAGS)
        if not is_name and ("inan" in tag or "Geox" in tag or "Orgn" in tag):
            continue
        nominative = parse.inflect({"nomn", "sing"}) if tag.case != "nomn" else parse
        if nominative is None:
            continue
        gender = tag.gender if tag.gender in GENDERS else None
        score = parse.score + (1.0 if is_name else 0.0)
        key = (tag.case, gender, nominative.word)
        readings[key] = max(readings.get(key, 0.0), score)
    return tuple(
        (case, gender, restore_case(word, form), score)
        for (case, gender, form), score in readings.items()
    )


def _part_form(part, case, gender):
    """The best nominative of one name part read in ``case``/``gender``, with its score."""
    best = None
    for reading_case, reading_gender, nominative, score in word_readings(part):
        if reading_case != case or (gender and reading_gender and reading_gender != gender):
            continue
        if best is None or score > best[0]:
            best = (score, nominative)
    # No reading: the part stays as written (indeclinable or unknown names: Лукашенко,
    # Антониу), a little less likely than a reading the dictionary confirms.
    return best or (-0.3, part)


def nominative_candidates(name, cases=None):
    """Possible nominatives of a person's name as written, best first.

    ``cases`` restricts the cases the written name may be in (known from the words around
    it, such as a role in the same case). All words of the name must agree in case and
    gender; each word is put into the nominative by the dictionary, never by suffix rules.
    Only the last part of a hyphenated word counts towards the score: the first halves of
    names like Касым-Жомарт often do not inflect. Returns a list of
    ``(name, case, gender, score)``.
    """
    words = name.split()
    if not words:
        return []
    results = {}
    for case in tuple(cases) if cases else CASES:
        for gender in GENDERS:
            total, out_words = 0.0, []
            for word in words:
                parts = word.split("-")
                out_parts = []
                for index, part in enumerate(parts):
                    if not part:
                        out_parts.append(part)
                        continue
                    score, form = _part_form(part, case, gender)
                    if index == len(parts) - 1:
                        total += score
                    elif score < 0:
                        form = part
                    out_parts.append(part if case == "nomn" else form)
                out_words.append("-".join(out_parts))
            candidate = " ".join(out_words)
            score = total / len(words)
            key = (candidate, case, gender)
            if key not in results or results[key][3] < score:
                results[key] = (candidate, case, gender, score)
    return sorted(results.values(), key=lambda item: -item[3])


def to_nominative(name, cases=None):
    """The most likely nominative of a person's name as written ("Касым-Жомарта Токаева" →
    "Касым-Жомарт Токаев"); ``cases`` narrows the cases the written name may be in."""
    candidates = nominative_candidates(name, cases)
    return candidates[0][0] if candidates else name
