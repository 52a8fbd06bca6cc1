"""Who a photo shows, from its caption.

A caption that is only a name («Касым-Жомарт Токаев»), or that names someone
(«Президент России Владимир Путин во время встречи», «Эльвира Набиуллина на
пресс-конференции»), records that person as shown in the photo. A person the article
already names is recognised in the caption in any case form («Сергея Собянина»); a name
the text does not give becomes a new person, put into the nominative by the dictionary.
"""

import re

from articles.textformat.quotes import can_be_name_word
from media.base import fold, normalize_name
from people.names import inflected_forms, morph, nominative_candidates

NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
# Capitalized words in a row; a name among them is a first name, then a surname.
NAME_RUN = re.compile(rf"(?<![\w-]){NAME_WORD.pattern}(?: {NAME_WORD.pattern}){{1,5}}(?![\w-])")


def _has_grammeme(word, grammeme):
    return any(grammeme in parse.tag for parse in morph().parse(word))


def _is_surname(word):
    readings = morph().parse(word)
    return not readings[0].is_known or any("Surn" in parse.tag for parse in readings)


def names_in_caption(caption):
    """[(name as written, [nominatives, best first])] the caption gives.

    A whole caption that is a name counts as one whatever the dictionary says of it; in a
    longer caption a name is a run of capitalized words that opens with a first name the
    dictionary knows and ends with a surname (or a word it does not know).
    """
    text = caption.strip().rstrip(".").strip()
    if (
        len(text.split()) <= 3
        and NAME_RUN.fullmatch(text)
        and all(can_be_name_word(word) for word in text.split())
    ):
        candidates = nominative_candidates(text, ("nomn",))
        return [(text, [candidates[0][0] if candidates else text])]
    found = []
    for match in NAME_RUN.finditer(text):
        words = match.group().split()
        # «Встреча Сергея Лаврова»: the name starts at the first word that is a first name.
        while words and not _has_grammeme(words[0].split("-")[-1], "Name"):
            words.pop(0)
        words = words[:3]  # «Президент России Владимир Путин»: the words from the first name
        while len(words) > 2 and not _is_surname(words[-1]):
            words.pop()
        if len(words) < 2 or not _is_surname(words[-1]):
            continue
        written = " ".join(words)
        candidates = [name for name, *_rest in nominative_candidates(written)]
        found.append((written, list(dict.fromkeys(candidates))[:3] or [written]))
    return found


def _names_person(caption, person):
    """Does ``caption`` name ``person`` (an article's ``PersonRef``) in any case form?"""
    folded = fold(caption)
    forms = {normalize_name(form) for form in person.written_as}
    forms |= inflected_forms(person.name)
    # A plain substring test first: most forms are not in the caption at all, and a
    # pattern compiled for each one of them cost more than the rest of the import.
    return any(
        form in folded and re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", folded)
        for form in forms
    )


def shown_in_photos(photos, persons, new_person):
    """Record on ``persons`` (the article's ``PersonRef``s) which ``photos`` show them.

    ``photos`` are the article's photo blocks in the text's order; ``new_person(candidates,
    written)`` makes a ``PersonRef`` for a name the text does not otherwise give, which is
    added to ``persons``.
    """
    for index, photo in enumerate(photos):
        caption = photo.caption
        shown = [person for person in persons if _names_person(caption, person)]
        for written, candidates in names_in_caption(caption):
            keys = {normalize_name(name) for name in candidates}
            keys.add(normalize_name(written))
            if any(keys & _keys(person) for person in shown):
                continue
            same = next((person for person in persons if keys & _keys(person)), None)
            if same is None:
                same = new_person(candidates, written)
                persons.append(same)
            shown.append(same)
        for person in shown:
            if index not in person.shown_in_photos:
                person.shown_in_photos.append(index)


def _keys(person):
    return {normalize_name(name) for name in [*person.candidates, *person.written_as]}
