"""The words of a title: which nouns are offices, honorifics or relations, and how a
title's head noun and its adjectives are read in a case and put into the nominative.

Vocabularies and word-level readings only; ``titles`` builds a title from them and
``roles`` finds where a title stands around a name.
"""

from .words import is_acronym, parses

# Head nouns (lemmas) of offices a person holds at a state, body or company.
OFFICE_HEADS = frozenset(
    {
        "президент", "вице-президент", "премьер-министр", "премьер", "вице-премьер",
        "министр", "замминистра", "председатель", "зампред", "сопредседатель",
        "руководитель", "секретарь", "генсек", "госсекретарь", "пресс-секретарь",
        "глава", "замглавы", "заместитель", "помощник", "советник", "посол", "постпред",
        "полпред", "спецпредставитель", "представитель", "консул", "генконсул", "спикер",
        "губернатор", "вице-губернатор", "мэр", "вице-мэр", "аким", "директор",
        "гендиректор", "управляющий", "начальник", "командующий", "главнокомандующий",
        "командир", "прокурор", "генпрокурор", "судья", "депутат", "сенатор", "член",
        "лидер", "канцлер", "король", "королева", "монарх", "эмир", "султан", "патриарх",
        "ректор", "омбудсмен", "уполномоченный", "комиссар", "еврокомиссар",
        "главред", "редактор", "основатель", "сооснователь",
    }
)  # fmt: skip
# Complements that name no body at all, only a grouping of people: «лидер оппозиции»,
# «руководитель группы», «командир корабля». (A title at a kind of body, «глава
# партии», is still held at one, which the article names or an editor adds.)
GROUPINGS = frozenset({"оппозиция", "группа", "корабль", "экипаж", "семья", "бригада"})
# Forms of address and relations: never a role, not even as written.
HONORIFICS = frozenset(
    {
        "господин", "госпожа", "г-н", "г-жа", "мистер", "миссис", "мисс", "сэр", "леди",
        "товарищ", "друг", "подруга", "приятель", "коллега", "месье", "мадам", "сеньор",
        "сеньора", "фрау", "герр", "пан", "пани",
    }
)  # fmt: skip
# Family relations: no role, and no sign of the name's case either (``_is_family``).
RELATIVES_BY_FAMILY = frozenset(
    {
        "жена", "супруга", "муж", "супруг", "вдова", "вдовец", "сын", "дочь", "отец", "мать",
        "мама", "папа", "брат", "сестра", "дед", "дедушка", "бабушка", "внук", "внучка",
        "племянник", "племянница", "зять", "невестка", "тесть", "тёща", "свёкор", "свекровь",
    }
)  # fmt: skip
# Adverbs of degree an adjective of a title may have: «лидер крайне правой партии».
DEGREE_ADVERBS = frozenset({"крайне", "наиболее", "ультра", "особо", "весьма"})
# A title qualified by these is not held at the article's date.
NOT_HELD_NOW = frozenset(
    {"бывший", "будущий", "покойный", "отставной", "избранный", "несостоявшийся"}
)
# Qualifiers of a title held now that name no part of the office: «новый министр обороны»
# holds the office «министр обороны».
HELD_NOW = frozenset({"новый", "нынешний", "действующий", "теперешний"})
# «посол России в США», «посол Евросоюза на Южном Кавказе»: a preposition of place
# inside a title, before a capitalized name.
PLACE_PREPOSITIONS = frozenset({"в", "во", "на"})
# Heads that take their complement in the instrumental: «командующий войсками округа».
GOVERNS_INSTRUMENTAL = frozenset({"командующий", "заведующий", "управляющий"})
RELATIVES = frozenset({"который", "кто", "что", "чей", "где", "когда", "куда", "откуда"})

# «управляющий», «командующий», «уполномоченный»: offices the dictionary reads only as
# participles or adjectives; as a title's head they are nouns.
HEAD_POS = frozenset({"NOUN", "ADJF", "PRTF"})


def head_cases(word):
    """Cases in which ``word`` is a singular animate noun that can be a title, else empty."""
    cases = set()
    if word.casefold() == "и":
        return cases  # the dictionary also reads it as an indeclinable noun
    for parse in parses(word):
        tag = parse.tag
        if _is_substantive_office(parse):
            if tag.number != "plur" and tag.gender in ("masc", "femn"):
                cases.add(tag.case)
            continue
        if tag.POS != "NOUN" or "anim" not in tag or tag.number == "plur":
            continue
        if any(grammeme in tag for grammeme in ("Name", "Surn", "Patr", "Geox", "Orgn")):
            continue
        cases.add(tag.case)
    return cases


def _is_substantive_office(parse):
    return parse.tag.POS in {"ADJF", "PRTF"} and dictionary_form(parse) in OFFICE_HEADS


def title_lemma(word, cases, pos):
    for parse in parses(word):
        if parse.tag.POS in pos and parse.tag.case in cases:
            return dictionary_form(parse)
    return dictionary_form(parses(word)[0])


def dictionary_form(parse):
    """The dictionary form; a participle's own («управляющий», «избранный»), not its verb's."""
    if parse.tag.POS == "PRTF":
        inflected = parse.inflect({"nomn", "sing", "masc"})
        if inflected is not None:
            return inflected.word.replace("ё", "е")
    return parse.normal_form.replace("ё", "е")


def head_gender(noun, cases):
    """The gender of the head noun ``noun`` read in one of ``cases`` (None if unsure)."""
    genders = {
        parse.tag.gender
        for parse in parses(noun)
        if parse.tag.POS == "NOUN" and parse.tag.case in cases and "anim" in parse.tag
    }
    return genders.pop() if len(genders) == 1 else None


def agreeing_adjective(word, cases):
    for parse in parses(word):
        tag = parse.tag
        if tag.POS in {"ADJF", "PRTF"} and tag.case in cases and tag.number != "plur":
            return parse
    return None


def nominative_word(word, cases, pos=None, gender=None):
    """``word`` (a head noun or an adjective agreeing with it) put into the nominative;
    an adjective in its head's ``gender`` («идейного оппонента» → «идейный»)."""
    for parse in parses(word):
        tag = parse.tag
        if tag.case not in cases or tag.number == "plur" or (pos and tag.POS not in pos):
            continue
        if tag.POS == "NOUN" and "anim" not in tag:
            continue
        if gender and tag.POS != "NOUN" and tag.gender not in (None, gender):
            continue
        inflected = parse.inflect({"nomn", "sing"}) or parse
        form = inflected.word
        if word[:1].isupper() and not is_acronym(word):
            # A capital at the start of a sentence is not part of the title.
            form = form[:1].lower() + form[1:]
        elif is_acronym(word):
            form = word
        return form
    return word[:1].lower() + word[1:] if not is_acronym(word) else word


def is_relative(word):
    return parses(word)[0].normal_form in RELATIVES


def is_place(word):
    return any("Geox" in parse.tag for parse in parses(word)[:3])
