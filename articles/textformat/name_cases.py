"""The cases a name in a text may be in, from the words around it.

A preposition before it gives its case («с Касым-Жомартом Токаевым»), a title before it
its own («президентом Путиным») or the genitive of a complement («мать Ильи Яшина»), a
thing's noun the genitive («Заявление Илона Маска»), a verb after a name opening its clause
the nominative («Вчера Раймон Паулс выступил»). ``normalization.nominatives`` takes the
cases given.
"""

import re

from articles.textformat.name_words import tag_after
from articles.textformat.normalization import NAME_TAGS, WORD
from articles.textformat.words import parses
from people.names import CASES

PREPOSITION_CASES = {
    "у": ("gent",), "от": ("gent",), "для": ("gent",), "без": ("gent",), "после": ("gent",),
    "до": ("gent",), "из": ("gent",), "против": ("gent",), "к": ("datv",), "по": ("datv",),
    "с": ("ablt", "gent"), "со": ("ablt",), "между": ("ablt",), "перед": ("ablt",),
    "над": ("ablt",), "за": ("ablt", "accs"), "о": ("loct",), "об": ("loct",),
    "при": ("loct",), "про": ("accs",), "через": ("accs",),
}  # fmt: skip

# A preposition and a noun that together govern the genitive of the name after them (a
# noun after a preposition is else the preposition's: "На саммите Анна Петрова").
GENITIVE_PHRASES = {
    ("по", "словам"), ("по", "мнению"), ("по", "данным"), ("по", "информации"),
    ("по", "оценке"), ("по", "оценкам"), ("по", "версии"), ("по", "признанию"),
    ("по", "приглашению"), ("по", "инициативе"), ("по", "поручению"), ("по", "просьбе"),
    ("по", "приказу"), ("по", "указу"), ("по", "решению"), ("по", "требованию"),
    ("со", "слов"), ("в", "адрес"), ("в", "отношении"), ("в", "честь"), ("в", "пользу"),
    ("в", "интересах"), ("в", "присутствии"), ("в", "сопровождении"), ("на", "имя"),
    ("при", "участии"), ("с", "участием"), ("под", "руководством"),
    ("под", "председательством"),
}  # fmt: skip


def context_cases(text, start, end):
    """The cases a name at ``text[start:end]`` may be in, from the word before or after."""
    if LIST_ITEM_BEFORE.search(text[max(0, start - 4) : start]) and LIST_ITEM_AFTER.match(
        text[end : end + 3]
    ):
        return ("nomn",)  # "• Тору Камикава (Япония)": a list names in the nominative
    before = WORD.findall(text[max(0, start - 40) : start])
    between = text[max(0, start - 3) : start]
    if before and not re.search(r"[.!?;:«»()\"]", between):
        previous = before[-1]
        lowered = previous.casefold()
        if lowered in PREPOSITION_CASES:
            return PREPOSITION_CASES[lowered]
        cases = _title_cases(previous)
        if cases:
            # A noun before a name is a title in its case ("президентом Путиным") or
            # has the name as its complement ("мать Ильи Яшина", "адвокаты Ходорковского").
            cases = cases | {"gent"}
        if not cases:
            # президентом Казахстана Касым-Жомартом, главы МИД Франции Жана-Ноэля: the
            # title before its complements.
            cases = _title_cases_before_complements(before)
        if cases:
            return tuple(case for case in CASES if case in cases)
        if len(before) > 1 and (before[-2].casefold(), lowered) in GENITIVE_PHRASES:
            return ("gent",)  # "По словам Садыра Жапарова": not a woman's name
        if (
            _governs_genitive(previous)
            and not _name_is_subject(text, end, previous)
            and not (len(before) > 1 and _opens_clause_before(before[-2]))
        ):
            # "Заявление Илона Маска", "визит Си Цзиньпина в Москву": a thing's name
            # before a person's has it as its complement (not so in "В пятницу Путин
            # заявил", a time and a verb after, nor after a verb or a preposition: "примут
            # участие Барак Обама", "На саммите Анна Петрова и … выступили").
            return ("gent",)
    verb = tag_after(text, end)
    if verb is not None and text[end : end + 1] == " " and _starts_clause(text, start, before):
        # "Вчера Раймон Паулс выступил": a name that starts a clause, before its verb, is
        # its subject (not so in "Портрет Раймона Паулса висит").
        # A plural verb has another subject: "Путина поддержали избиратели".
        if verb.POS == "VERB" and "indc" in verb and verb.number == "sing":
            return ("nomn",)
    return None


CLAUSE_START = re.compile(r"(?:^|[.!?;:«»()\",—–]|\s-)\s*$")


def _starts_clause(text, start, before):
    if not before or CLAUSE_START.search(text[max(0, start - 3) : start]):
        return True
    return parses(before[-1])[0].tag.POS in {"ADVB", "CONJ", "PRCL"}


def _title_cases_before_complements(before, most=3):
    """The cases of a title before up to ``most`` complements ending ``before``."""
    k = len(before) - 1
    while k > 0 and len(before) - 1 - k < most and _is_complement(before[k]):
        k -= 1
        cases = _title_cases(before[k])
        if cases:
            return cases
    return set()


LIST_ITEM_BEFORE = re.compile(r"(?:^|\n|[•·▪]\s?)$")
LIST_ITEM_AFTER = re.compile(r"\s?\(|\s*(?:\n|$)")


def _title_cases(word):
    cases = set()
    for parse in parses(word):
        tag = parse.tag
        if tag.POS == "NOUN" and "anim" in tag and tag.number != "plur":
            if not any(grammeme in tag for grammeme in (*NAME_TAGS, "Geox")):
                cases.add(tag.case)
    return cases


# The things of time a name may follow as the subject of the clause ("В пятницу Путин").
TIME_NOUNS = {"день", "утро", "вечер", "ночь", "неделя", "месяц", "год", "время", "час",
              "понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
              "воскресенье", "минута", "сутки", "итог", "результат", "свой", "тот", "этот",
              "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь", "раз", "момент", "период"}  # fmt: skip


def _governs_genitive(word):
    """A common inanimate noun in lower case that is no complement itself and no time:
    the name after it is its complement, in the genitive."""
    if not word[1:].islower() or _is_complement(word):
        return False
    found = parses(word)
    return (
        found[0].tag.POS == "NOUN"
        and "inan" in found[0].tag
        and not any(p.normal_form in TIME_NOUNS for p in found)
        and not any(g in found[0].tag for g in ("Geox", "Orgn", "Abbr", "Name", "Surn"))
    )


def _name_is_subject(text, end, noun):
    """Whether the verb right after the name may have it as its subject: not when the verb
    agrees with the noun before instead ("Отставка Риши Сунака стала…")."""
    verb = tag_after(text, end, skipping={"не"})  # "Реакцию Анна Петрова не скрывала"
    if verb is None or verb.POS not in {"VERB", "INFN"} or verb.number == "plur":
        return False  # "Трансфер Криштиану Роналду обсуждают": one name, a plural verb
    agrees = verb.gender is not None and any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.gender == verb.gender
        for p in parses(noun)
    )
    return not agrees


def _opens_clause_before(word):
    """A verb or a preposition before the noun: the noun is its object or adverbial, and
    a name after it may be the subject."""
    return parses(word)[0].tag.POS in {"VERB", "INFN", "PRTS", "GRND", "PREP"}


def _is_complement(word):
    if word.isupper():
        return True
    return any("Geox" in p.tag or p.tag.case == "gent" for p in parses(word)[:2])
