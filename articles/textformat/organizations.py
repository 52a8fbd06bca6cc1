"""Organizations an article names: acronyms, known full names, capitalized bodies.

``organizations_in`` reads a text's tokens; ``analysis.analyse`` runs it on the headline,
the lede, the paragraphs, the captions and the persons' titles. The named-entity model's
reading (``entities.organization_names``) confirms capitalized bodies, so that states and
fragments of sentences are never organizations.
"""

import re
from dataclasses import dataclass, field

from media.base import normalize_name
from people.matching import known_full_names, lemma_key

from .name_words import is_place_name
from .organization_spans import is_known_organization
from .words import SENTENCE_END, is_acronym, is_dependent, is_stop, parses


@dataclass
class OrganizationRef:
    """An organization the text names: by acronym, or by a name in the nominative."""

    name: str = ""
    short_name: str = ""
    parent: "OrganizationRef | None" = None
    written_as: list = field(default_factory=list)
    by_model: bool = False  # read by the named-entity model alone (``model_organizations``)

    @property
    def key(self):
        parent = self.parent.key if self.parent else None
        if self.short_name:
            return ("short", normalize_name(self.short_name))
        return ("name", lemma_key(self.name), parent)


def organizations_in(text, tokens, skip, known_index, in_title=False, recognized=None):
    """OrganizationRefs named in ``text``: acronyms, known full names, capitalized bodies.

    ``skip`` holds token indexes already read as a title. In a title every acronym is an
    organization (a title is held somewhere); elsewhere only acronyms the dictionary tags
    as organizations or that are already known count (not СМИ, ВВП or США).
    ``recognized`` holds the names the named-entity model reads as organizations in
    ``text``: an acronym it names counts too (ВСУ, КХЛ), and a capitalized body counts
    only if it agrees, so that states («Республика Сербская») and fragments of
    sentences («Вторая мировая») are never organizations.
    """
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in skip or token.kind != "word":
            index += 1
            continue
        # A known full name, in any case ("Организации Договора о коллективной безопасности").
        lemma = parses(token.text)[0].normal_form.replace("ё", "е")
        matched = False
        for key, target in known_index.get(lemma, ()):
            words = [t for t in tokens[index : index + len(key)] if t.kind == "word"]
            if (
                len(words) == len(key)
                and tuple(parses(t.text)[0].normal_form.replace("ё", "е") for t in words) == key
            ):
                found.append((index, target, text[token.start : words[-1].end]))
                index += len(key)
                matched = True
                break
        if matched:
            continue
        if is_acronym(token.text):
            tags = parses(token.text)[0].tag
            if "Geox" not in tags and (
                in_title
                or "Orgn" in tags
                or _known_acronym(token.text, known_index)
                or token.text in (recognized or ())
            ):
                found.append((index, OrganizationRef(short_name=token.text), token.text))
            index += 1
            continue
        body = _body_at(tokens, index, text, in_title)
        if body is not None and recognized is not None and not _agrees(body[2], recognized):
            body = None
        if body is not None:
            ref, end, written = body
            found.append((index, ref, written))
            index = end
            continue
        index += 1
    return found


def _agrees(written, recognized):
    """Whether the model read ``written`` (or a name inside it, or around it) as an
    organization."""
    written = " ".join(written.split())
    return any(name in written or written in name for name in recognized)


def _known_acronym(word, known_index):
    return normalize_name(word) in known_index.get("__acronyms__", ())


def _body_at(tokens, index, text, in_title):
    """A capitalized body with its complement at ``index`` ("Совета коллективной безопасности
    ОДКБ" → Совет коллективной безопасности, part of ОДКБ), or None."""
    token = tokens[index]
    word = token.text
    if not word[:1].isupper() or is_acronym(word):
        return None
    previous = tokens[index - 1] if index > 0 else None
    if not in_title and (
        previous is None or previous.text in SENTENCE_END or previous.kind == "bold"
    ):
        return None  # a capital that may only start a sentence
    if any("Geox" in parse.tag for parse in parses(word)):
        return None  # a place («Германии» is also germanium, a noun): never a body's head
    head = None
    for parse in parses(word):
        tag = parse.tag
        if (
            tag.POS == "NOUN"
            and "inan" in tag
            and not any(g in tag for g in ("Geox", "Name", "Surn", "Patr", "Abbr"))
        ):
            head = parse
            break
    if head is None:
        return None
    end = index + 1
    parent = None
    while end < len(tokens) and tokens[end].kind == "word":
        following = tokens[end].text
        if is_acronym(following):
            if not is_place_name(following):  # «Министерство юстиции США»: a state, no body
                parent = OrganizationRef(short_name=following)
            break
        if following.casefold() == "и" or not is_dependent(following) or is_stop(following):
            break
        end += 1
    if end == index + 1:
        return None
    nominative = head.inflect({"nomn"}) or head
    head_word = nominative.word[:1].upper() + nominative.word[1:]
    name = head_word + text[token.end : tokens[end - 1].end]
    written = text[token.start : tokens[end - 1].end]
    ref = OrganizationRef(name=name, parent=parent, written_as=[written])
    return ref, end + (1 if parent else 0), written


def known_full_name_index():
    index = {}
    for key, acronym in known_full_names():
        if key:
            index.setdefault(key[0], []).append((key, OrganizationRef(short_name=acronym)))
    index["__acronyms__"] = set()
    return index


def model_organizations(text, spans, found):
    """[(written, OrganizationRef)] of the organizations the named-entity model reads in
    ``text`` (``spans``: the written names, ``entities.organization_spans``) that the rules
    above did not: «Газпрома», «Мосгордумы», «Общественной палаты», «Голоса Америки»,
    names in Latin letters. ``found`` are the (written name, OrganizationRef) read there
    already; a name inside or around one of them is that one, a name right before one is
    part of it («Совет директоров Банка России»). The name is put into the nominative."""
    organizations = []
    for written, begins_sentence in spans:
        if any(written in other or other in written for other, _ref in found):
            continue
        words = written.split()
        if is_acronym(written) or _russian_acronym(words):
            # ``organizations_in`` reads acronyms, the model's among them; «российского
            # МИД» is the МИД a Russian text names without the adjective (a Japanese one,
            # «японский МИД», stays a body of its own).
            continue
        if (
            len(words) == 1
            and any("Geox" in p.tag for p in parses(words[0])[:2])
            and not is_known_organization(written)  # «Евросоюз» is a place to the dictionary
        ):
            continue  # a state or a city the model took for a body
        if any(_not_in_names(parses(word)[0].tag) for word in words):
            continue  # «Жара продолжается», «Её»: a fragment of a sentence
        if begins_sentence and len(words) == 1 and _common_word(words[0]):
            continue  # «Отчёт», «Почта»: a capital that only starts the sentence
        name = nominative_organization(written)
        parent = next((ref for other, ref in found if f"{written} {other}" in text), None)
        ref = OrganizationRef(name=name, parent=parent, written_as=[written], by_model=True)
        organizations.append((written, ref))
    return organizations


INFLECTED_ACRONYM = re.compile(r"^([А-ЯЁ]{2,})[а-яё]{1,2}$")
INNER_CAPITAL = re.compile(r"(?<=[^\W\d_])[A-ZА-ЯЁ]")  # a capital after a letter, not a hyphen
# Parts of speech no organization's name is made of (its top reading).
NOT_IN_NAMES = frozenset({"VERB", "INFN", "GRND", "PRTS", "NPRO", "ADVB", "PRED"})


def _russian_acronym(words):
    """«российского МИД», «российской ФСБ»: the adjective «российский» before an acronym."""
    last = words[-1]
    return (
        len(words) == 2
        and (is_acronym(last) or INFLECTED_ACRONYM.match(last) is not None)
        and any(p.normal_form == "российский" for p in parses(words[0]))
    )


def _not_in_names(tag):
    return tag.POS in NOT_IN_NAMES or "Apro" in tag  # «Её», «Этот»: pronouns


def _common_word(word):
    """Is ``word`` a common noun of the dictionary (not a name it knows as one)?"""
    reading = parses(word)[0]
    tags = reading.tag
    return reading.is_known and not any(g in tags for g in ("Orgn", "Geox", "Name", "Surn", "Abbr"))


def nominative_organization(written):
    """«Общественной палаты» → «Общественная палата», «Голоса Америки» → «Голос Америки»:
    the head noun and the adjectives before it in the nominative, the rest as written.
    Quoted names, acronyms and names in Latin letters stay as written."""
    words = written.split()
    if not words or not words[0][:1].isalpha() or words[0].isascii() or is_acronym(words[0]):
        return written
    head = None
    for index, word in enumerate(words):
        if INNER_CAPITAL.search(word):
            # «японском МИДе», «российского МИД» → «японский МИД», «российский МИД»
            # (the acronym's own gender: «российской ФСБ» → «российская ФСБ»);
            # «ВымпелКом», «БелТА» stay as written.
            inflected = INFLECTED_ACRONYM.match(word)
            acronym = inflected[1] if inflected else word if is_acronym(word) else None
            if acronym is None:
                return written
            gender = _acronym_gender(acronym)
            grammemes = {"nomn", "sing", gender} if gender else None
            adjectives = [_nominative_adjective(w, None, None, grammemes) for w in words[:index]]
            return " ".join([*adjectives, acronym, *words[index + 1 :]])
        if not word.isalpha() and "-" not in word:
            return written
        reading = _noun_reading(word)
        if reading is not None:
            head = index, reading
            break
        if not any(p.tag.POS in {"ADJF", "PRTF"} for p in parses(word)):
            return written
    if head is None:
        return written
    index, noun = head
    # «в аэропорту»: the noun's second locative is the adjectives' locative.
    number, case = noun.tag.number, SECOND_CASES.get(noun.tag.case, noun.tag.case)
    grammemes = {"nomn", number} | (
        {noun.tag.gender} if number == "sing" and noun.tag.gender else set()
    )
    nominative = [_nominative_adjective(word, case, number, grammemes) for word in words[:index]]
    inflected = noun.inflect({"nomn", number})
    nominative.append(_as_written(words[index], inflected.word if inflected else words[index]))
    return " ".join(nominative + words[index + 1 :])


def _acronym_gender(acronym):
    """The gender the dictionary gives ``acronym`` (МИД masculine, ФСБ feminine), or None."""
    return next((p.tag.gender for p in parses(acronym) if "Abbr" in p.tag and p.tag.gender), None)


def _nominative_adjective(word, case, number, grammemes):
    """``word``, an adjective in ``case`` and ``number`` (any when None), in the nominative
    with ``grammemes`` (its own gender and number when None)."""
    adjective = next(
        (
            p for p in parses(word)
            if p.tag.POS in {"ADJF", "PRTF"}
            and (case is None or p.tag.case == case)
            and (number is None or p.tag.number == number)
        ),
        None,
    )  # fmt: skip
    if adjective is None:
        return word
    wanted = grammemes or {"nomn", adjective.tag.number} | (
        {adjective.tag.gender} if adjective.tag.gender else set()
    )
    inflected = adjective.inflect(wanted)
    return _as_written(word, inflected.word if inflected else word)


SECOND_CASES = {"loc2": "loct", "gen2": "gent", "acc2": "accs", "voct": "nomn"}


# Nouns that name bodies in the plural only: the newspaper «Ведомости» is no «Ведомость»,
# «Известия» no «Известие», «РИА Новости» no «Новость».
PLURAL_NAMES = frozenset({"ведомость", "известие", "новость", "весть"})


def _noun_reading(word):
    """The reading of ``word`` as an organization's head noun, singular when it can be
    («Голоса Америки»: голос, not голоса) unless the body's name is plural («Ведомости»),
    or None."""
    nouns = [
        p for p in parses(word)
        if p.tag.POS == "NOUN" and not any(g in p.tag for g in ("Name", "Surn", "Patr", "Fixd"))
    ]  # fmt: skip
    plural = [p for p in nouns if p.tag.number == "plur" and p.normal_form in PLURAL_NAMES]
    singular = [p for p in nouns if p.tag.number == "sing"]
    return (plural or singular or nouns or [None])[0]


def _as_written(written, form):
    """``form`` with the capital letters of ``written``: «Палаты» → «Палата»,
    «Аль-Джазиры» → «Аль-Джазира»."""
    written_parts, parts = written.split("-"), form.split("-")
    if len(written_parts) != len(parts):
        written_parts, parts = [written], [form]
    return "-".join(
        part[:1].upper() + part[1:] if original[:1].isupper() else part
        for original, part in zip(written_parts, parts, strict=True)
    )
