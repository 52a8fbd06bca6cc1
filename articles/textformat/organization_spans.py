"""Corrections of organization spans: a name without its descriptor (ЗАО «Ренова» →
Ренова), a place's adjective taken in (японского МИДа), an adjective's noun taken in
(Российской премьер-лиги), a body named after a person (Театра им. Евгения Вахтангова);
states, countries and cities are never organizations.

Steps of ``recognition.recognize``.
"""

import re
from functools import lru_cache

from articles.textformat.name_words import NOT_NAME_POS, is_place_name
from articles.textformat.spans import LOC, ORG, PER, Entity
from articles.textformat.words import is_in_dictionary, parses
from people.matching import KNOWN_ORGANIZATIONS, lemma_key

# Words that name what kind of body an organization is, not the organization: the name is
# what follows ("компания «Ренова»" → «Ренова»), as factRuEval and natasha count it.
DESCRIPTORS = {
    "ао", "оао", "зао", "пао", "ооо", "нко", "фгуп", "гуп", "муп", "ано", "тоо", "фк", "хк",
    "компания", "корпорация", "концерн", "холдинг", "группа", "банк", "агентство", "фонд",
    "партия", "движение", "клуб", "издательство", "газета", "журнал", "телеканал",
    "радиостанция", "завод", "фабрика", "комбинат", "театр", "музей", "университет",
    "институт", "организация", "объединение", "ассоциация", "союз", "общество",
    "команда", "сеть", "портал", "сайт", "студия", "лейбл", "бренд", "фирма",
}  # fmt: skip
DESCRIPTOR_ACRONYMS = {
    "АО", "ОАО", "ЗАО", "ПАО", "ООО", "НКО", "ФГУП", "ГУП", "МУП", "АНО", "ТОО", "ИА", "ФК",
    "ХК", "РКК", "НПО", "ГУ",
}  # fmt: skip
QUOTES = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))
# First words of a place's official name: «Республика Сербская» is a state, not a body.
STATE_WORDS = {
    "республика", "королевство", "федерация", "штат", "штаты", "княжество", "эмират",
    "эмираты", "султанат", "край", "область", "округ", "провинция", "государство",
}  # fmt: skip
# Acronyms that name no body: the press at large, a space station, a blog platform.
NOT_ORGANIZATIONS = {"СМИ", "МКС", "ЖЖ", "ВВП", "ИИ"}
# Unions of states the model reads as places.
ORGANIZATIONS_NAMED_LIKE_PLACES = ("Евросоюз", "Евразийский союз", "Европейский союз")
PRECEDING_WORD = re.compile(r"([а-яё]+)\s$")
PLACE_ADJECTIVE_ENDINGS = ("ский", "цкий")
NAMED_AFTER = re.compile(r"\s*(?:им\.|имени)\s*$")


def named_after_persons(entities, text):
    """ "Театра им. Евгения Вахтангова": a body named after a person is one name, the
    person in it no mention of its own."""
    joined = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if previous is not None and previous.type == ORG and entity.type == PER:
            between = text[previous.start : entity.start]
            if NAMED_AFTER.search(between):
                joined[-1] = Entity(
                    previous.start, entity.end, ORG, text[previous.start : entity.end]
                )
                continue
        joined.append(entity)
    return joined


def organization_name(entity, text):
    """An organization's name without its descriptor: «Ренова», not ЗАО «Ренова»."""
    if entity.type != ORG:
        return entity
    span = entity.text
    for opening_quote, closing_quote in QUOTES:
        opening = span.find(opening_quote)
        closing = span.rfind(closing_quote)
        if opening > 0 and closing > opening + 1:
            start = entity.start + opening + 1
            end = entity.start + closing
            return Entity(start, end, ORG, text[start:end])
    words = span.split()
    if len(words) > 1 and (
        words[0].casefold() in DESCRIPTORS and words[0].islower() or words[0] in DESCRIPTOR_ACRONYMS
    ):
        offset = span.index(words[1])
        start = entity.start + offset
        return Entity(start, entity.end, ORG, text[start : entity.end])
    return entity


FOLLOWING_NOUN = re.compile(r" ([а-яё]+(?:-[а-яё]+)?)")


def with_its_noun(entity, text):
    """ "Российской премьер-лиги": the model's name ends at the adjective, which names no
    body alone; the noun in lower case that agrees with it belongs to the name."""
    if entity.type != ORG or " " in entity.text or not entity.text[:1].isupper():
        return entity
    adjectives = [p.tag for p in parses(entity.text) if p.is_known]
    if not adjectives or any(tag.POS != "ADJF" for tag in adjectives):
        return entity
    match = FOLLOWING_NOUN.match(text, entity.end)
    if match is None:
        return entity
    agreeing = {(tag.case, tag.number, tag.gender) for tag in adjectives}
    if not any(
        p.tag.POS == "NOUN" and (p.tag.case, p.tag.number, p.tag.gender) in agreeing
        for p in parses(match.group(1))
    ):
        return entity
    return Entity(entity.start, match.end(), ORG, text[entity.start : match.end()])


def with_place_adjective(entity, text):
    """ "японского МИДа", "мюнхенской Баварии": a place's adjective belongs to the name."""
    if entity.type != ORG:
        return entity
    match = PRECEDING_WORD.search(text[max(0, entity.start - 30) : entity.start])
    if match is None:
        return entity
    word = match.group(1)
    parse = parses(word)[0]
    if parse.tag.POS != "ADJF" or not parse.normal_form.endswith(PLACE_ADJECTIVE_ENDINGS):
        return entity
    start = entity.start - len(match.group(0))
    return Entity(start, entity.end, ORG, text[start : entity.end])


def kind_of(entity):
    """Known organizations are organizations; states, countries, cities and words that
    name no body (СМИ) never are."""
    words = re.findall(r"[^\W\d_]+", entity.text)
    if not words:
        return None
    if entity.type == LOC and is_known_organization(entity.text):
        return Entity(entity.start, entity.end, ORG, entity.text)
    if entity.type != ORG:
        return entity
    if entity.text in NOT_ORGANIZATIONS or entity.text in DESCRIPTOR_ACRONYMS:
        return None  # a bare descriptor (ПАО) names no organization by itself
    if len(words) == 1 and _is_adverb_or_the_like(words[0]):
        return None  # "Вчера" at the start of a sentence names nothing
    first = parses(words[0])[0].normal_form
    if first in STATE_WORDS or all(is_place_name(word) for word in words):
        return Entity(entity.start, entity.end, LOC, entity.text)
    return entity


@lru_cache(maxsize=4096)
def _is_adverb_or_the_like(word):
    return is_in_dictionary(word) and all(p.tag.POS in NOT_NAME_POS for p in parses(word))


@lru_cache(maxsize=4096)
def is_known_organization(text):
    return lemma_key(text) in _known_organization_keys()


@lru_cache(maxsize=1)
def _known_organization_keys():
    keys = set()
    for acronym, name, _kind in KNOWN_ORGANIZATIONS:
        keys.add(lemma_key(acronym))
        keys.add(lemma_key(name))
    keys.update(lemma_key(name) for name in ORGANIZATIONS_NAMED_LIKE_PLACES)
    return keys
