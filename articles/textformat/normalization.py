"""A person's name as written put into the nominative, with the pymorphy3 dictionary.

All words of a name agree in case and gender, so each hypothesis (case, gender) is scored
over the whole name: words the dictionary knows as first names, surnames or patronymics
count most; words it only guesses ("Тайипом", "Цзиньпином") are inflected by its guess
when the rest of the name settles the case; words it cannot read in that case stay as
written (indeclinable names: Лукашенко, Эмбало). Initials are kept as they are. The words
around the name narrow the cases (``name_cases.context_cases``).
"""

import re
from functools import lru_cache

from articles.textformat.name_words import ADJECTIVAL_SURNAME
from articles.textformat.words import parses
from people.names import CASES, GENDERS, restore_case

NAME_TAGS = ("Name", "Surn", "Patr")
GUESSED = 0.1  # score of a reading the dictionary only guesses
# A word kept as written in the nominative: a little less likely than a guessed
# inflection, so "Гаррета Рейсмана" reads as the genitive of Гаррет Рейсман.
AS_WRITTEN = 0.08
# A woman's foreign surname that does not decline (Джоанны Стингрей): between the two.
UNDECLINED_FEMININE = 0.095
INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ]\.)+$")
WORD = re.compile(r"[^\W\d_][\w’'-]*")
INDECLINABLE_ENDINGS = set("иоэе")
INSTRUMENTAL_ENDINGS = ("ом", "ем", "ём")


@lru_cache(maxsize=65536)
def _readings(word):
    """{(case, gender): (score, nominative)} for one name word, best reading per key."""
    readings = {}
    found = parses(word)
    # A form of a declining name ("Марку" of Марк, "Анне" of Анна) is that name in every
    # reading, not mostly the rare indeclinable Romanian Марку or Estonian Анне; but a
    # man's indeclinable name is no woman's declined one ("Али" is not Аля's genitive).
    declining = {p.tag.gender for p in found if "Name" in p.tag and "Fixd" not in p.tag}
    for parse in found:
        tag = parse.tag
        if tag.POS not in {"NOUN", "ADJF"} or tag.number == "plur" or tag.case not in CASES:
            continue
        is_name = any(grammeme in tag for grammeme in NAME_TAGS)
        if tag.gender == "neut" and not is_name and not (parse.is_known and "Fixd" in tag):
            # A guess like "аршавино" for Аршавина, the noun "второе" for Второго:
            # nobody's name is neuter. (A word that never declines, like «си», may be
            # one all the same: Си Цзиньпина.)
            continue
        if not parse.is_known:
            # The analyzer's guess from the ending: support for a case the rest of the
            # name settles, never enough to decide it alone.
            score = GUESSED
            if tag.case != "ablt" and word.casefold().endswith(INSTRUMENTAL_ENDINGS):
                # Цзиньпином, Цяном: a man's instrumental rather than anything else.
                score = GUESSED - 0.02
        elif tag.POS == "ADJF" and not is_name:
            continue
        elif not is_name and ("Geox" in tag or "Orgn" in tag or "Abbr" in tag):
            continue
        else:
            # An indeclinable name (Джо, Алонсо) is as likely in one case as in another:
            # the dictionary's share of each case says nothing about this text.
            if "Fixd" not in tag:
                likelihood = parse.score
            elif tag.gender in declining and "Name" in tag:
                likelihood = parse.score / 2  # below the declining name's own reading
            else:
                likelihood = 1.0
            score = likelihood + (1.0 if is_name else 0.0) - (0.6 if "inan" in tag else 0.0)
            if "Name" in tag:
                score += 0.01  # Павле: Павел's before a rare surname Павля's
        genders = [tag.gender] if tag.gender in GENDERS else list(GENDERS)
        for gender in genders:
            # Adjectival surnames take the gender of the name (Рымашевского → Рымашевский).
            wanted = {"nomn", "sing", gender} if tag.POS == "ADJF" else {"nomn", "sing"}
            nominative = parse.inflect(wanted) if tag.case != "nomn" else parse
            if nominative is None:
                continue
            form = nominative.word
            if not parse.is_known and "ё" not in word.casefold():
                form = form.replace("ё", "е")  # a guess's ё is not the writer's: Жозепа
            key = (tag.case, gender)
            if key not in readings or readings[key][0] < score:
                readings[key] = (score, restore_case(word, form))
            elif readings[key][0] == score and form.casefold() == readings[key][1].casefold() + "ь":
                # Игоре, Равиле: the dictionary holds Игорь and a rare Игор alike.
                readings[key] = (score, restore_case(word, form))
    if all(not parse.is_known or _plural_name(parse.tag) for parse in found):
        # A surname the dictionary has never seen: its ending says how it declines better
        # than the analyzer's guess, which reads Хаматовой as an adjective. (Nor a name it
        # knows only as another's plural: Джорджи, Джорджей of Джорджа, not of Джордж.)
        for key, reading in _russian_surname_readings(word).items():
            if key not in readings or readings[key][0] < reading[0]:
                readings[key] = reading
        for declined in (_foreign_masculine_readings(word), _first_declension_readings(word)):
            for key, reading in declined.items():
                # The analyzer's guess that the word does not decline at all (Соланы) is
                # no better than reading it by its ending.
                if key not in readings or readings[key][1] == word:
                    readings[key] = reading
                elif _fleeting_vowel(readings[key][1], reading[1]):
                    # Хоровитца is Хоровитц's, not a Russian Хоровитец's: foreign names
                    # keep their vowels.
                    readings[key] = reading
    return readings


def _plural_name(tag):
    return tag.number == "plur" and any(grammeme in tag for grammeme in NAME_TAGS)


# How a Russian surname in -ов/-ев/-ин/-ын declines: (ending, case, gender) with the
# nominative's ending: Хаматов, Хаматова, Хаматову, Хаматовым, Хаматове; Хаматова,
# Хаматовой, Хаматову.
RUSSIAN_SURNAME = re.compile(r"^(.{2,}(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ой|)$")
RUSSIAN_SURNAME_FORMS = {
    ("", "nomn", "masc"): "", ("а", "gent", "masc"): "", ("а", "accs", "masc"): "",
    ("у", "datv", "masc"): "", ("ым", "ablt", "masc"): "", ("е", "loct", "masc"): "",
    ("а", "nomn", "femn"): "а", ("ой", "gent", "femn"): "а", ("ой", "datv", "femn"): "а",
    ("у", "accs", "femn"): "а", ("ой", "ablt", "femn"): "а", ("ой", "loct", "femn"): "а",
}  # fmt: skip
SURNAME_GUESS = 0.5  # a surname's own ending: likelier than the analyzer's guess


def _russian_surname_readings(word):
    match = RUSSIAN_SURNAME.match(word)
    if match is None:
        return {}
    stem, ending = match.groups()
    return {
        (case, gender): (SURNAME_GUESS, stem + nominative)
        for (form, case, gender), nominative in RUSSIAN_SURNAME_FORMS.items()
        if form == ending
    }


# Endings of a foreign masculine name ending in a consonant, by case: Райкконен,
# Райкконена, Райкконену, Райкконеном, Райкконене.
# How a name in -а declines (Дерипаска, Гвардиола, Навка): (ending, case) of its forms.
FIRST_DECLENSION_ENDINGS = (("ы", "gent"), ("и", "gent"), ("е", "datv"),
                            ("у", "accs"), ("ой", "ablt"), ("ей", "ablt"),
                            ("е", "loct"))  # fmt: skip
GEORGIAN_ENDINGS = ("дзе", "швили")
# After these letters Russian spelling writes и, not ы: Навки, Дерипаски.
VELAR_OR_SIBILANT = re.compile(r"[гкхжшчщ]$", re.IGNORECASE)


@lru_cache(maxsize=16384)
def _surname_by_ending(word):
    """{(case, gender): (score, nominative)} of a known word read as a surname by its
    ending alone: Russian (Шумовым → Шумов, Курсовой → Курсова), adjectival
    (Гороховского → Гороховский; an adjective's forms: Белого → Белый, Второго → Второй,
    as in Андрей Белый, Александр Второй), foreign masculine (Данна → Данн) or in -а, -я
    (Хании → Хания, a town to the dictionary)."""
    readings = {
        key: (GUESSED, nominative)
        for key, (_score, nominative) in _russian_surname_readings(word).items()
    }
    for parse in parses(word):
        tag = parse.tag
        if tag.POS != "ADJF" or tag.number == "plur" or tag.case not in CASES:
            continue
        if not parse.is_known and not ADJECTIVAL_SURNAME.search(word):
            continue  # the analyzer's guess of an adjective: Цзиньпином is no «Цзиньпиная»
        for gender in GENDERS if tag.gender not in GENDERS else [tag.gender]:
            nominative = parse.inflect({"nomn", "sing", gender})
            if nominative is not None:
                key = (tag.case, gender)
                readings.setdefault(key, (GUESSED, restore_case(word, nominative.word)))
    for key, reading in _declined_by_ending(word).items():
        readings.setdefault(key, reading)
    return readings


def _fleeting_vowel(guess, stem):
    """Whether ``guess`` is ``stem`` with a vowel put before its last letter, or in place
    of a soft sign there (Шольца: Шолец for Шольц)."""
    guess, stem = guess.casefold(), stem.casefold()
    if len(guess) == len(stem) and stem[-2:-1] == "ь":
        stem = stem[:-2] + stem[-1:]
    return (
        len(guess) == len(stem) + 1
        and guess.startswith(stem[:-1])
        and guess[-2:-1] in "еоё"
        and guess[-1:] == stem[-1:]
    )


@lru_cache(maxsize=16384)
def _declined_by_ending(word):
    if word.casefold().endswith(GEORGIAN_ENDINGS):
        return {}  # Гамкрелидзе does not decline
    return {**_first_declension_readings(word), **_foreign_masculine_readings(word)}


# How a name in -йя or -ия declines (Монтойя, Гойя, Хания): (ending, case) of its forms.
FIRST_DECLENSION_SOFT_ENDINGS = (("и", "gent"), ("е", "datv"), ("ю", "accs"), ("ей", "ablt"),
                                 ("е", "loct"))  # fmt: skip


def _first_declension_readings(word):
    """{(case, gender): (score, nominative)} of a word the dictionary has never seen, read
    as a name in -а of either gender (Дерипаски → Дерипаска, Гвардиолой → Гвардиола) or
    in -йя or -ия (Монтойе → Монтойя, Хании → Хания)."""
    readings = {}
    for ending, case in FIRST_DECLENSION_SOFT_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem.endswith(("й", "и")):
            for gender in GENDERS:
                readings.setdefault((case, gender), (GUESSED, stem + "я"))
    for ending, case in FIRST_DECLENSION_ENDINGS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 3 or not CONSONANT.search(stem):
            continue
        if ending in {"ы", "и"} and (ending == "и") != bool(VELAR_OR_SIBILANT.search(stem)):
            continue
        for gender in GENDERS:
            readings.setdefault((case, gender), (GUESSED, stem + "а"))
    return readings


FOREIGN_MASCULINE_ENDINGS = (("а", "gent", ""), ("а", "accs", ""), ("у", "datv", ""),
                             ("ом", "ablt", ""), ("е", "loct", ""), ("я", "gent", "ь"),
                             ("я", "accs", "ь"), ("ю", "datv", "ь"), ("ем", "ablt", "ь"),
                             ("е", "loct", "ь"), ("ем", "ablt", ""))  # fmt: skip
CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]$", re.IGNORECASE)
SIBILANT_OR_TS = re.compile(r"[жшщчц]$", re.IGNORECASE)


def _foreign_masculine_readings(word, shortest=3):
    """{(case, "masc"): (score, nominative)} of a word the dictionary has never seen, read
    as a foreign masculine name that declines like "Райкконен" (a participle to the
    analyzer) or "Надаль": only ever a guess, for a case the rest of the name settles.
    ``shortest``: the shortest stem read so (2 for the syllable ending an East Asian
    name: Ына → Ын)."""
    readings = {}
    for ending, case, soft in FOREIGN_MASCULINE_ENDINGS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < shortest:
            continue
        if ending == "ем" and bool(soft) == bool(SIBILANT_OR_TS.search(stem)):
            continue  # Хоровитцем is Хоровитц's, Надалем Надаль's
        if CONSONANT.search(stem):
            readings.setdefault((case, "masc"), (GUESSED, stem + soft))
        elif soft and stem[-1:].casefold() in "аеиоуэ":
            readings.setdefault((case, "masc"), (GUESSED, stem + "й"))  # Маррея → Маррей
    return readings


def _syllable(word):
    return len(word) <= 3 and word[:1].isupper()


def _part(part, case, gender, surname=False, foreign=True):
    """(score, nominative) of one part of a name in this case and gender; ``surname``: the
    name's last word; ``foreign``: the name may be a foreigner's (its surname is no Russian
    one: Петрова after Анна is a woman's)."""
    if INITIAL.match(part) or len(part) < 2:
        return 0.0, part
    if part.islower():
        return _epithet(part, case, gender)
    if surname and gender == "femn" and case != "nomn" and _foreign_consonant_surname(part):
        # A woman's foreign surname ending in a consonant does not decline: Джоанны
        # Стингрей, Хиллари Клинтон. Less likely than a man's name declined by its ending.
        return UNDECLINED_FEMININE, part
    if _indeclinable(part):
        # Or a surname in -а in an oblique case (Навки, Дерипаски), when the rest of the
        # name says the case; in a tie the nominative, as written, comes first. A first
        # name in -и stays as it is (Сейджи Маехары).
        # A foreign masculine first name in the locative (о Раймоне, Беньямине) declines.
        if surname:
            declined = _declined_by_ending(part).get((case, gender))
        elif case == "datv":
            # A first name in -е in the dative is one in -а (Нарендре Моди): a man's name
            # in a consonant would end in -у.
            declined = _first_declension_readings(part).get((case, gender))
        elif case == "loct":
            declined = _foreign_masculine_readings(part).get((case, gender))
        else:
            declined = None
        if case != "nomn" and declined is not None:
            return declined
        return GUESSED, part
    reading = _readings(part).get((case, gender))
    if reading is not None:
        return reading
    if not surname and foreign and gender == "masc" and case != "nomn":
        # A foreign man's first name the dictionary knows only as a woman's (Илона Маска,
        # Кира Стармера): it declines by its ending, when the rest of the name says so.
        reading = _foreign_masculine_readings(part).get((case, gender))
        if reading is not None:
            return reading
    if surname:
        # A surname that is also a common word or another's name (Гороховского,
        # Курсовой, Данна): in this case and gender it declines by its ending.
        reading = _surname_by_ending(part).get((case, gender))
        if reading is not None:
            return reading
    # Not readable in this case: indeclinable (Эмбало, Си), or the case is wrong. As
    # written is the natural reading of a name nothing else explains.
    if case == "nomn":
        return AS_WRITTEN, part
    return -0.6, part


@lru_cache(maxsize=16384)
def _foreign_consonant_surname(word):
    """A surname ending in a consonant (or й) that is no Russian surname, nor a word the
    dictionary reads as a feminine name in some case."""
    if not (CONSONANT.search(word) or word.casefold().endswith("й")):
        return False
    if word.casefold().endswith(INSTRUMENTAL_ENDINGS):
        return False  # Цзиньпином, Маском: a man's instrumental
    if RUSSIAN_SURNAME.match(word) or ADJECTIVAL_FORM.search(word):
        return False
    return not any(
        parse.is_known and parse.tag.POS == "NOUN" and {"femn", "sing"} in parse.tag
        for parse in parses(word)
    )


# The endings of an adjective's forms: Хмелевской, Толстой are not foreign surnames.
ADJECTIVAL_FORM = re.compile(r"(?:ой|ий|ый)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _epithet(word, case, gender):
    """(score, nominative) of a word in lower case after a hyphen: Буша-младшего."""
    for parse in parses(word):
        if parse.tag.POS == "ADJF" and parse.tag.case == case and parse.tag.number == "sing":
            nominative = parse.inflect({"nomn", "sing", gender})
            if nominative is not None:
                return GUESSED, nominative.word
    return (AS_WRITTEN if case == "nomn" else 0.0), word


@lru_cache(maxsize=16384)
def _indeclinable(word):
    """A foreign name the dictionary does not know, ending in и, о, э or е (Пелоси, Эмбало,
    Саломе): such names do not decline in Russian."""
    lowered = word.casefold()
    if lowered[-1:] not in INDECLINABLE_ENDINGS or lowered.endswith(("ого", "его", "ии")):
        return False  # Рымашевского, Лонгории: forms of names that decline
    if RUSSIAN_SURNAME.match(word):
        return False  # Инаркиеве: the locative of a Russian surname
    return not any(parse.is_known for parse in parses(word))


LAST_INITIAL_WITHOUT_STOP = re.compile(r"(?<!\w)[A-ZА-ЯЁ]\.\s?[A-ZА-ЯЁ]$")


def nominatives(name, cases=None):
    """[(nominative, score)] of ``name`` as written, best first."""
    if LAST_INITIAL_WITHOUT_STOP.search(name):
        name += "."  # "Сидоров С.С" at the end of a sentence: the stop went to the sentence
    words = name.split()
    # Ким Чен Ын, Хо Ши Мин: an East Asian name of syllables declines in its last word only
    # (Ким Чен Ына); the syllables before it say nothing of the case.
    syllables = len(words) > 2 and all(_syllable(word) for word in words[:-1])
    last_syllable = _foreign_masculine_readings(words[-1], 2) if syllables else {}
    foreign = not RUSSIAN_SURNAME.match(words[-1]) if words else True
    results = {}
    for case in cases or CASES:
        for gender in GENDERS:
            total, counted, out = 0.0, 0, []
            for position, word in enumerate(words):
                last = position == len(words) - 1
                if syllables and not last:
                    score, form = None, word
                elif last_syllable:
                    score, form = _last_syllable(word, case, gender, last_syllable)
                else:
                    score, form = _word(word, case, gender, last, foreign)
                if score is not None:
                    total, counted = total + score, counted + 1
                out.append(form)
            candidate = " ".join(out)
            score = total / max(counted, 1)
            if candidate not in results or results[candidate] < score:
                results[candidate] = score
    return sorted(results.items(), key=lambda item: -item[1])


def _last_syllable(word, case, gender, declined):
    """(score, nominative) of the last syllable of an East Asian name, which has a case
    ending (``declined``, its readings): declined, whatever else the word may be (Хо Ши
    Мина is not a mine)."""
    if (case, gender) in declined:
        return SURNAME_GUESS, declined[case, gender][1]
    return (AS_WRITTEN if case == "nomn" else -0.6), word


def _word(word, case, gender, last, foreign):
    """(score, nominative) of one word of a name, its hyphenated parts each read; the
    score is its last part's."""
    score, forms = 0.0, []
    pieces = word.split("-")
    for index, piece in enumerate(pieces):
        reading, form = _part(piece, case, gender, last, foreign) if piece else (0.0, piece)
        if index == len(pieces) - 1:
            score = reading
        elif reading < 1.0:
            # Касым- in Касым-Жомартом does not inflect; Жан- in Жан-Поля neither, unless
            # the dictionary knows it as a name in this case.
            form = piece
        forms.append(form)
    return score, "-".join(forms)
