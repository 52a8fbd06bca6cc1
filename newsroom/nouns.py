"""A model's name in the Russian forms sentences need: cases, numbers, gender, animacy.

Django's admin puts a model's ``verbose_name``, in the nominative, into sentences that
need another case («Добавить статья» for «Добавить статью») or a word agreeing with its
gender («Статья … был добавлен»). ``noun(model)`` gives every form, computed with the
pymorphy3 dictionary from the Russian ``verbose_name``: the head noun (the first noun of
the name) and the adjectives before it are inflected, the words after it are kept
(«источник фото» → «источники фото», «прежний адрес» → «прежних адресов»).

Where the dictionary is wrong about a name, say so in ``OVERRIDES`` (keyed by the
model's label); a name that is not Russian (another language is active) is used as it
is in every form.
"""

from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# The msgctxt of gendered messages in the catalogue (pgettext(noun.gender_context, …)).
GENDER_CONTEXTS = {"masc": "masculine", "femn": "feminine", "neut": "neuter"}

# What pymorphy3's dictionary gets wrong about our models' names.
OVERRIDES = {
    # The dictionary takes «тег» for an animate noun: «добавить тега».
    "taggit.tag": {"animate": False},
}


@lru_cache(maxsize=1)
def morph():
    # Loading the dictionaries takes a fraction of a second and ~15 MB: do it once, lazily.
    return pymorphy3.MorphAnalyzer()


@dataclass(frozen=True)
class Noun:
    """One model's name: ``forms[(case, number)]`` ("accs", "sing") → «статью»."""

    forms: dict
    gender: str = "masc"
    animate: bool = False

    def form(self, case, number="sing"):
        return self.forms[(case, number)]

    @property
    def nominative(self):
        return self.form("nomn")

    @property
    def accusative(self):
        return self.form("accs")

    @property
    def accusative_plural(self):
        return self.form("accs", "plur")

    @property
    def gender_context(self):
        """The msgctxt choosing a message's gendered translation: "feminine" for «статья».

        "masculine animate" for «пользователь»: «ещё одного пользователя».
        """
        context = GENDER_CONTEXTS[self.gender]
        return f"{context} animate" if self.animate and self.gender == "masc" else context

    @property
    def animacy_context(self):
        """The msgctxt of a translation that depends on animacy: «выбранных персон»."""
        return "animate" if self.animate else "inanimate"

    def counted(self, count):
        """The form that follows the number: «1 статья», «3 статьи», «5 прежних адресов»."""
        return self.form(*count_form(count))


def inner_quotes(text):
    """``text`` ready to be put in «…»: its own «…» become „…“ («„Цитата“ — автор»)."""
    return str(text).replace("«", "„").replace("»", "“")


def count_form(count):
    """(case, number) of a name after the number ``count``, by the Russian rule.

    After 2, 3, 4 the noun is in the genitive singular and its adjectives in the genitive
    plural («3 прежних адреса»): the "number" ``paucal`` stands for that.
    """
    count = abs(int(count))
    if count % 10 == 1 and count % 100 != 11:
        return ("nomn", "sing")
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return ("gent", "paucal")
    return ("gent", "plur")


def _is_cyrillic(text):
    return any("а" <= char.casefold() <= "я" or char in "ёЁ" for char in text)


def _head_parse(word):
    """The dictionary's parse of ``word`` as a noun in the nominative singular, if any."""
    for parse in morph().parse(word):
        if {"NOUN", "nomn", "sing"} <= parse.tag.grammemes:
            return parse
    return None


def _modifier_parse(word, gender):
    """The parse of an adjective (or participle) agreeing with the head, if ``word`` is one."""
    for parse in morph().parse(word):
        grammemes = parse.tag.grammemes
        if {"ADJF", "PRTF"} & grammemes and {"nomn", "sing", gender} <= grammemes:
            return parse
    return None


def _inflect(parse, case, number, gender, animate):
    """``parse`` in ``case`` and ``number``, agreeing with the head's gender and animacy."""
    if case == "accs" and (number == "plur" or gender == "masc"):
        # There the accusative is the genitive (animate) or the nominative (inanimate),
        # also where the dictionary is unsure of the animacy.
        case = "gent" if animate else "nomn"
    wanted = {case, number}
    if "NOUN" not in parse.tag and number == "sing":
        wanted.add(gender)
    inflected = parse.inflect(wanted)
    return inflected.word if inflected is not None else parse.word


def _spell_like(original, word):
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


@lru_cache(maxsize=256)
def inflect_name(name, label="", plural_name=""):
    """The ``Noun`` of a nominative name such as «фото в тексте» (see the module's doc)."""
    words = name.split()
    override = OVERRIDES.get(label, {})
    head_index = head = None
    if _is_cyrillic(name):
        for index, word in enumerate(words):
            head = _head_parse(word.casefold())
            if head is not None:
                head_index = index
                break
    if head is None:
        forms = {(case, "sing"): name for case in CASES}
        forms.update({(case, "plur"): plural_name or name for case in CASES})
        forms[("gent", "paucal")] = plural_name or name
        return Noun(forms=forms, **override)
    gender = head.tag.gender or "masc"
    animate = override.get("animate", head.tag.animacy == "anim")
    modifiers = [_modifier_parse(word.casefold(), gender) for word in words[:head_index]]
    forms = {}
    for number in ("sing", "plur"):
        for case in CASES:
            inflected = [
                _inflect(parse, case, number, gender, animate) if parse is not None else word
                for word, parse in zip(words[:head_index], modifiers, strict=True)
            ]
            inflected.append(_inflect(head, case, number, gender, animate))
            inflected = [
                _spell_like(original, word)
                for original, word in zip(words, inflected, strict=False)
            ]
            forms[(case, number)] = " ".join(inflected + words[head_index + 1 :])
    paucal = forms[("gent", "plur")].split()[:head_index]
    paucal.append(forms[("gent", "sing")].split()[head_index])
    forms[("gent", "paucal")] = " ".join(paucal + words[head_index + 1 :])
    return Noun(forms=forms, gender=override.get("gender", gender), animate=animate)


def noun(model):
    """The ``Noun`` of a model (or its ``_meta``, or an inline admin) in the active language."""
    opts = getattr(model, "_meta", None) or getattr(model, "opts", model)
    verbose_name = getattr(model, "verbose_name", None) or opts.verbose_name
    verbose_name_plural = getattr(model, "verbose_name_plural", None) or opts.verbose_name_plural
    return inflect_name(str(verbose_name), opts.label_lower, str(verbose_name_plural))
