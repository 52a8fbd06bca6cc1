"""A small checker of Russian interface text: case after verbs, gender and number agreement.

It reads the text of an admin page (or a message) and names each phrase that breaks one of
the rules below. Expected forms come from the pymorphy3 dictionary, never from a list of
phrases: «Добавить статья» fails because no form of «статья» in the accusative is spelled
so, «Статья «…» был изменён» because «был» is masculine and «статья» feminine.

Rules:
- a verb that takes the accusative («Добавить», «Изменить», «Удалить», «Выберите», …) is
  followed by a noun phrase in the accusative whose words agree («ещё одну цитату»);
- «по» is followed by the dative;
- a sentence whose subject is a noun agrees with its past-tense verbs and short
  participles («Статья … была успешно изменена»), also when the participle comes first
  («Добавлена цитата»), and a counted subject agrees with the number («5 статей удалено»);
- a number is followed by the noun form that number takes («5 статей», not «5 статьи»);
- quotes are «…», never “…” or straight double quotes around Russian words, and quotes
  inside them are „…“;
- no English words, except those the caller allows (names of things, user data).
"""

import json
import re
from functools import lru_cache
from html.parser import HTMLParser

import pymorphy3

# Words after which the noun phrase must be in a given case.
GOVERNING = {
    "добавить": {"accs"},
    "изменить": {"accs"},
    "удалить": {"accs"},
    "выберите": {"accs"},
    "выбрать": {"accs"},
    "просмотреть": {"accs"},
    "восстановить": {"accs"},
    "вернуть": {"accs"},
    "по": {"datv", "loct"},
}
MONTHS = {
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
}
INLINE_TAGS = {"a", "abbr", "b", "code", "em", "i", "kbd", "small", "span", "strong", "time"}
SKIPPED_TAGS = {"script", "style", "textarea", "template"}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|\d+|[A-Za-z]+|[«»“”\"„:;,.!?—–()№…]")
SENTENCE_END = {".", "!", "?"}
CLAUSE_END = {",", ":", ";", "—", "–", "(", ")", "…"}


@lru_cache(maxsize=1)
def morph():
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=20000)
def parses(word):
    return tuple(morph().parse(word.casefold()))


class _TextExtractor(HTMLParser):
    """Pieces of text a reader sees: text split at block elements, tooltips, button labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self._current, self._skipping = [], [], 0
        self._hidden = []  # open tags of elements hidden from everyone (class "hidden")

    def _flush(self):
        # Breadcrumbs and titles join separate phrases with › and |.
        for text in re.split(r"[›|]", "".join(self._current)):
            text = " ".join(text.split())
            if text:
                self.pieces.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._hidden and tag == self._hidden[-1][0]:
            self._hidden[-1][1] += 1
        elif "hidden" in (attrs.get("class") or "").split() or "hidden" in attrs:
            if tag not in VOID_TAGS:
                self._hidden.append([tag, 1])
            return
        if self._hidden:
            return
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        if tag not in INLINE_TAGS:
            self._flush()
        for name in SHOWN_ATTRIBUTES & set(attrs):
            self.pieces.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.pieces.append(attrs.get("value") or "")
        if "data-inline-formset" in attrs:
            options = json.loads(attrs["data-inline-formset"])["options"]
            self.pieces += [options["addText"], options["deleteText"]]

    def handle_endtag(self, tag):
        if self._hidden:
            if tag == self._hidden[-1][0]:
                self._hidden[-1][1] -= 1
                if not self._hidden[-1][1]:
                    self._hidden.pop()
            return
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        if tag not in INLINE_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._skipping and not self._hidden:
            self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def visible_texts(html):
    """The pieces of text of an HTML page a reader sees (see _TextExtractor)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return [piece for piece in extractor.pieces if piece.strip()]


def _tokens(text):
    """Words and punctuation, each «…» quotation (nested ones too) folded into one token."""
    tokens, depth = [], 0
    for token in WORD.findall(text):
        if token == "«":
            if depth == 0:
                tokens.append("«…»")
            depth += 1
        elif token == "»" and depth:
            depth -= 1
        elif depth == 0:
            tokens.append(token)
    return tokens


def _is_word(token):
    return token[:1].isalpha() and not token.isascii()


def _with(word, *grammemes):
    return [p for p in parses(word) if set(grammemes) <= p.tag.grammemes]


def _noun_parses(word):
    # Not abbreviations («в» is a preposition here, not «вольт»), nor pronouns («по их
    # адресам»: «их» is a possessive there).
    return [p for p in parses(word) if "NOUN" in p.tag and not {"Abbr", "Init"} & p.tag.grammemes]


def _modifier_parses(word):
    return [p for p in parses(word) if {"ADJF", "PRTF"} & p.tag.grammemes]


def _agree(modifier, noun, case):
    """Whether an adjective parse can stand with a noun parse in ``case``."""
    m, n = modifier.tag, noun.tag
    if case not in m.grammemes or case not in n.grammemes and "Fixd" not in n.grammemes:
        return False
    if m.number != n.number and "Fixd" not in n.grammemes:
        return False
    if n.number == "sing" or "Fixd" in n.grammemes and m.number == "sing":
        if m.gender and n.gender and m.gender != n.gender:
            return False
    if m.animacy and n.animacy and m.animacy != n.animacy:
        return False
    return True


def _noun_phrase(tokens, start):
    """(modifiers, noun, index after) of the noun phrase starting at ``start``, or None."""
    modifiers, index = [], start
    while index < len(tokens) and _is_word(tokens[index]):
        word = tokens[index]
        if _noun_parses(word):
            return modifiers, word, index + 1
        if not _modifier_parses(word):
            return None
        modifiers.append(word)
        index += 1
    return None


def government_errors(text, known_forms=frozenset()):
    """A governing word followed by a noun phrase in another case: «Добавить статья».

    ``known_forms`` are (phrase, case) pairs known to be right where the dictionary is
    wrong (a model's name from the project's table).
    """
    errors = []
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        cases = GOVERNING.get(token.casefold())
        if not cases:
            continue
        start = index + 1
        if start < len(tokens) and tokens[start].casefold() == "ещё":
            start += 1
        phrase = _noun_phrase(tokens, start)
        if phrase is None:
            continue
        modifiers, noun, end = phrase
        words = " ".join(tokens[start:end])
        good = any(
            (noun.casefold(), case) in known_forms
            and all(any(case in p.tag for p in _modifier_parses(word)) for word in modifiers)
            for case in cases
        )
        for case in cases:
            for noun_parse in _noun_parses(noun):
                if case not in noun_parse.tag.grammemes and "Fixd" not in noun_parse.tag:
                    continue
                if all(
                    any(_agree(m, noun_parse, case) for m in _modifier_parses(word))
                    for word in modifiers
                ):
                    good = True
        if not good:
            errors.append(f"{token} {words}: not in the {'/'.join(sorted(cases))}")
    return errors


def _verb_like(word):
    """Parses of ``word`` if every one is a past-tense verb or a short participle (adjective)."""
    found = parses(word)
    verbs = [
        p
        for p in found
        if {"PRTS", "ADJS"} & p.tag.grammemes or {"VERB", "past"} <= p.tag.grammemes
    ]
    return verbs if verbs and len(verbs) == len(found) else []


def _verb_agrees(verbs, number, gender):
    for verb in verbs:
        tag = verb.tag
        if number == "plur" and tag.number == "plur":
            return True
        if number == "sing" and tag.number == "sing" and tag.gender == gender:
            return True
    return False


def _count_subject_agrees(verbs, count, noun):
    if count % 10 == 1 and count % 100 != 11:
        return any(_verb_agrees(verbs, "sing", p.tag.gender) for p in _with(noun, "nomn", "sing"))
    return _verb_agrees(verbs, "plur", None) or _verb_agrees(verbs, "sing", "neut")


def _sentences(tokens):
    sentence = []
    for token in tokens:
        sentence.append(token)
        if token in SENTENCE_END:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def agreement_errors(text):
    """Subject and verb disagreeing: «Статья «…» был добавлен», «Добавлен цитата»."""
    errors = []
    for sentence in _sentences(_tokens(text)):
        words = [t for t in sentence if t not in SENTENCE_END]
        if not words:
            continue
        first = words[0]
        # A counted subject: «5 статей успешно удалено».
        if first.isdigit() and len(words) > 1 and _noun_parses(words[1]):
            subject = ("count", int(first), words[1])
            rest = words[2:]
        else:
            nominative = [p for p in _noun_parses(first) if "nomn" in p.tag and "NOUN" in p.tag]
            if not nominative or _verb_like(first):
                verbs = _verb_like(first)
                if verbs and len(words) > 1 and _is_word(words[1]):
                    nouns = [p for p in _noun_parses(words[1]) if "nomn" in p.tag]
                    if nouns and not any(
                        _verb_agrees(verbs, p.tag.number, p.tag.gender) for p in nouns
                    ):
                        errors.append(f"{first} {words[1]}: the verb does not agree")
                continue
            subject = ("noun", nominative)
            rest = words[1:]
        for word in rest:
            if word in CLAUSE_END:
                break
            verbs = _verb_like(word) if _is_word(word) else []
            if not verbs:
                continue
            if subject[0] == "count":
                ok = _count_subject_agrees(verbs, subject[1], subject[2])
            else:
                ok = any(_verb_agrees(verbs, p.tag.number, p.tag.gender) for p in subject[1])
            if not ok:
                errors.append(f"{' '.join(sentence)}: «{word}» does not agree with its subject")
    return errors


def number_errors(text):
    """A number followed by the wrong form of its noun: «5 статьи»."""
    errors = []
    tokens = _tokens(text)
    for index, token in enumerate(tokens[:-1]):
        if not token.isdigit() or index and tokens[index - 1] == "№":
            continue  # «Снимок №10 пресс-служба …»: a number that counts nothing
        if parses(tokens[index + 1])[0].tag.POS == "PREP":
            continue  # «2 из 3»: a preposition, not a counted noun
        phrase = _noun_phrase(tokens, index + 1)
        if phrase is None:
            continue
        modifiers, noun, _ = phrase
        count = int(token)
        noun_parses = _noun_parses(noun)
        if any(p.normal_form in MONTHS for p in noun_parses):
            continue
        good = False
        for p in noun_parses:
            base = p.inflect({"nomn", "sing"}) or p
            agreed = base.make_agree_with_number(count)
            if "Fixd" in p.tag or (agreed is not None and agreed.word == noun.casefold()):
                good = True
        number = "sing" if count % 10 == 1 and count % 100 != 11 else "plur"
        for word in modifiers:
            if not any(p.tag.number == number for p in _modifier_parses(word)):
                good = False
        if not good:
            errors.append(f"{token} {' '.join(modifiers + [noun])}: wrong form after the number")
    return errors


def quote_errors(text):
    """Quotes other than «…» (and „…“ inside them): “…”, or straight quotes around Russian."""
    if "“" in re.sub("„[^“”]*“", "", text) or "”" in text:
        return [f"“” quotes: {text}"]
    if "««" in text or "»»" in text:
        return [f"«» inside «»: the inner quotes are „…“: {text}"]
    if re.search(r'(?<![=\w])"[А-Яа-яЁё]|[А-Яа-яЁё.!?]"(?![\w=])', text):
        return [f"straight quotes: {text}"]
    return []


def english_errors(text, allowed=frozenset()):
    """English words (three letters or more) that are not in ``allowed``."""
    words = re.findall(r"(?<![\w./@:-])[A-Za-z]{3,}(?![\w./@*-])", text)
    return [
        f"English «{word}»: {text}"
        for word in words
        if word.casefold() not in allowed and not word.isupper()  # LDAP, URL: acronyms
    ]


def errors_in(text, allowed_english=frozenset(), known_forms=frozenset()):
    """Every rule's complaints about one piece of text."""
    return [
        *government_errors(text, known_forms),
        *agreement_errors(text),
        *number_errors(text),
        *quote_errors(text),
        *english_errors(text, allowed_english),
    ]
