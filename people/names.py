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
