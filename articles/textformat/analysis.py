"""Who and what an article names: persons with their roles, organizations, quotes.

Everything here is read from the text with the help of the pymorphy3 dictionary: a bold
span that looks like a name is a person; the words just before it, when they form a title
in the same grammatical case ("президента", "генеральный секретарь ОДКБ"), are the
person's role; the case of the role (or of the words around the name) tells which case
the name is in, so it can be put into the nominative. Several mentions of one person in
an article are merged, and the nominative they agree on wins. Nothing here writes to the
database: ``analyse`` returns plain data that ``importing`` applies.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from articles.models import Mention
from articles.textformat.captions import shown_in_photos
from articles.textformat.quotes import find_speaker, speaker_name, transcript_turn
from media.base import normalize_name
from people.matching import known_full_names, lemma_key
from people.names import CASES, morph, nominative_candidates

TOKEN = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|(?P<word>[^\W\d_](?:[\w’'-]*[^\W_])?)|(?P<number>\d+)|(?P<punct>\S)"
)
NAME_WORD = re.compile(r"^[A-ZА-ЯЁ][\w’'.-]*$")
SENTENCE_END = {".", "!", "?", "…"}
DASHES = {"–", "—", "-", "―"}
# Prepositions that may sit inside a title ("министр по чрезвычайным ситуациям").
TITLE_PREPOSITIONS = {"по", "при"}
# The cases a preposition governs: grammar the dictionary does not record.
PREPOSITION_CASES = {
    "у": {"gent"}, "от": {"gent"}, "для": {"gent"}, "без": {"gent"}, "после": {"gent"},
    "до": {"gent"}, "из": {"gent"}, "около": {"gent"}, "против": {"gent"},
    "к": {"datv"}, "по": {"datv"}, "благодаря": {"datv"},
    "с": {"ablt", "gent"}, "со": {"ablt", "gent"}, "между": {"ablt"}, "перед": {"ablt"},
    "над": {"ablt"}, "под": {"ablt", "accs"}, "за": {"ablt", "accs"},
    "о": {"loct", "accs"}, "об": {"loct", "accs"}, "при": {"loct"}, "в": {"loct", "accs"},
    "во": {"loct", "accs"}, "на": {"loct", "accs"}, "про": {"accs"}, "через": {"accs"},
}  # fmt: skip
STOP_POS = {"VERB", "INFN", "GRND", "PRTS", "ADVB", "NPRO", "PRED", "PRCL", "INTJ", "COMP"}
MAX_TITLE_WORDS = 14


@dataclass
class Token:
    kind: str  # "bold", "word", "number" or "punct"
    text: str
    start: int
    end: int


@dataclass
class Role:
    """A title as the article gives it, in the nominative: "генеральный секретарь ОДКБ"."""

    title: str
    organizations: list = field(default_factory=list)  # OrganizationRef, most specific first


@dataclass
class OrganizationRef:
    """An organization the text names: by acronym, or by a name in the nominative."""

    name: str = ""
    short_name: str = ""
    parent: "OrganizationRef | None" = None
    written_as: list = field(default_factory=list)

    @property
    def key(self):
        parent = self.parent.key if self.parent else None
        if self.short_name:
            return ("short", normalize_name(self.short_name))
        return ("name", lemma_key(self.name), parent)


@dataclass
class PersonRef:
    """One person the article names, with every form and role it uses for them."""

    candidates: list  # nominatives, best first
    written_as: list = field(default_factory=list)
    roles: list = field(default_factory=list)  # Role
    role_texts: list = field(default_factory=list)
    shown_in_photos: list = field(default_factory=list)  # indexes into the article's photos
    source: str = Mention.Source.BOLD  # where the name was found (Mention.Source)

    @property
    def name(self):
        return self.candidates[0]


@dataclass
class QuoteRef:
    text: str
    speaker: PersonRef


@dataclass
class Analysis:
    persons: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    quotes: list = field(default_factory=list)


@dataclass
class _Mention:
    """One bold name in one paragraph, before mentions of the same person are merged."""

    text: str
    cases: tuple
    role: tuple = ()  # (role text, [title, …]) of the words before it
    role_span: tuple = ()  # (paragraph index, first token, last token) of the title words
    paragraph: int = 0
    token: int = 0
    candidates: list = field(default_factory=list)  # [(nominative, score)]


def tokenize(text):
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group(kind)
        start, end = match.span(kind) if kind != "bold" else match.span()
        tokens.append(Token(kind, value, start, end))
    return tokens


@lru_cache(maxsize=65536)
def parses(word):
    """The dictionary's readings of ``word``, cached: an import asks about the same words often."""
    return tuple(morph().parse(word))


def is_acronym(word):
    letters = word.replace("-", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def looks_like_person_name(text):
    """A bold span that can be a person's name: 1–5 capitalized words, no acronyms."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(char in text for char in '<>&"«»()[]{}'):
        return False
    if not all(NAME_WORD.match(word) for word in words):
        return False
    return not all(is_acronym(word) for word in words)


def _top_pos(word):
    return parses(word)[0].tag.POS


def _is_stop(word):
    lowered = word.casefold()
    if lowered == "и" or lowered in TITLE_PREPOSITIONS:
        return False
    pos = _top_pos(word)
    if pos in STOP_POS or pos in {"CONJ", "PREP"}:
        return True
    return pos == "NUMR" and word.islower()


def _head_cases(word):
    """Cases in which ``word`` is a singular animate noun that can be a title, else empty."""
    cases = set()
    for parse in parses(word):
        tag = parse.tag
        if tag.POS != "NOUN" or "anim" not in tag or tag.number == "plur":
            continue
        if any(grammeme in tag for grammeme in ("Name", "Surn", "Patr", "Geox", "Orgn")):
            continue
        cases.add(tag.case)
    return cases


def _is_dependent(word):
    """Can ``word`` follow a title's head noun (a genitive complement, an acronym, a name)?"""
    if is_acronym(word) or not word.isalpha() and "-" not in word:
        return True
    for parse in parses(word):
        tag = parse.tag
        if "Fixd" in tag or "Abbr" in tag:
            return True
        if tag.POS in {"NOUN", "ADJF", "PRTF", "NUMR"} and tag.case == "gent":
            return True
    return False


def _agreeing_adjective(word, cases):
    for parse in parses(word):
        tag = parse.tag
        if tag.POS in {"ADJF", "PRTF"} and tag.case in cases and tag.number != "plur":
            return parse
    return None


def _nominative_word(word, cases, pos=None):
    """``word`` (a head noun or an adjective agreeing with it) put into the nominative."""
    for parse in parses(word):
        tag = parse.tag
        if tag.case not in cases or tag.number == "plur" or (pos and tag.POS not in pos):
            continue
        if tag.POS == "NOUN" and "anim" not in tag:
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


def _chunk_before(tokens, index):
    """Token indexes before ``index`` that can belong to a title, left to right.

    Stops at punctuation, a previous bold name, verbs, pronouns and most conjunctions and
    prepositions. A «quoted name» counts as one item (a party or company name).
    """
    items, j = [], index - 1
    while j >= 0 and len(items) < MAX_TITLE_WORDS:
        token = tokens[j]
        if token.kind == "word" and not _is_stop(token.text):
            items.append((j, j))
            j -= 1
        elif token.kind == "punct" and token.text == "»":
            k = j - 1
            while k >= 0 and not (tokens[k].kind == "punct" and tokens[k].text == "«"):
                k -= 1
            if k < 0 or j - k > 8:
                break
            items.append((k, j))
            j = k - 1
        else:
            break
    items.reverse()
    return items


def _title_from(tokens, items, text, head, cases):
    """The title(s) from item ``head`` to the end, or None when the words do not form one.

    Returns (title as written in the nominative, [title, …] one per conjoined title).
    """
    conjuncts = [[head]]
    position = head + 1
    while position < len(items):
        first, last = items[position]
        word = tokens[first].text
        if first != last:  # «quoted»
            conjuncts[-1].append(position)
        elif word.casefold() == "и":
            if position + 1 >= len(items):
                return None
            next_first, _ = items[position + 1]
            if not (_head_cases(tokens[next_first].text) & cases):
                return None
            conjuncts.append([position + 1])
            position += 1
        elif word.casefold() in TITLE_PREPOSITIONS or _is_dependent(word):
            conjuncts[-1].append(position)
        elif any(
            tokens[items[p][0]].text.casefold() in TITLE_PREPOSITIONS for p in conjuncts[-1]
        ) and _top_pos(word) in {"NOUN", "ADJF", "PRTF"}:
            conjuncts[-1].append(position)
        else:
            return None
        position += 1

    titles = []
    for conjunct in conjuncts:
        head_first = items[conjunct[0]][0]
        head_word = _nominative_word(tokens[head_first].text, cases, pos={"NOUN"})
        rest = ""
        if len(conjunct) > 1:
            rest = text[tokens[items[conjunct[1]][0]].start : tokens[items[conjunct[-1]][1]].end]
        titles.append((head_word, rest, conjunct))
    return titles


def _role_before(tokens, index, text):
    """(cases, role text, [titles], (first, last) token span) of the title before a name."""
    items = _chunk_before(tokens, index)
    for head, (first, _last) in enumerate(items):
        cases = _head_cases(tokens[first].text)
        if not cases:
            continue
        titles = _title_from(tokens, items, text, head, cases)
        if titles is None:
            continue
        # Adjectives agreeing with the head belong to the title ("генеральный секретарь").
        adjectives, k = [], head - 1
        while k >= 0 and items[k][0] == items[k][1]:
            word = tokens[items[k][0]].text
            if _agreeing_adjective(word, cases) is None:
                break
            adjectives.insert(0, _nominative_word(word, cases, pos={"ADJF", "PRTF"}))
            k -= 1
        if adjectives:
            head_word, rest, conjunct = titles[0]
            titles[0] = (" ".join([*adjectives, head_word]), rest, conjunct)
        plain = [
            " ".join(part for part in (head_word, rest) if part) for head_word, rest, _ in titles
        ]
        role_text = " и ".join(plain)
        # A place at the end of conjoined titles belongs to each ("председатель Кабинета
        # министров и руководитель Администрации президента Киргизии").
        if len(titles) > 1:
            last_conjunct = titles[-1][2]
            last_word = tokens[items[last_conjunct[-1]][1]].text
            if len(last_conjunct) > 1 and _is_place(last_word):
                plain = [
                    title if _is_place(title.split()[-1]) else f"{title} {last_word}"
                    for title in plain
                ]
        span = (items[k + 1][0], items[-1][1])
        return cases, role_text, plain, span
    return None


def _is_place(word):
    return any("Geox" in parse.tag for parse in parses(word)[:3])


def _context_cases(tokens, index):
    """Cases the name at ``index`` is likely in, from its neighbours (no title before it)."""
    previous = tokens[index - 1] if index > 0 else None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if previous is not None and previous.kind == "word":
        tag = parses(previous.text)[0].tag
        before = tokens[index - 2] if index > 1 else None
        if tag.POS == "VERB" and before is not None and before.text in DASHES:
            return ("nomn",)  # «…», – подчеркнул **Имя**
        if tag.POS == "PREP":
            return tuple(PREPOSITION_CASES.get(previous.text.casefold(), ()))
        if tag.POS == "NOUN":
            return ("gent",)  # по словам **Имени**
    if following is not None and following.kind == "word":
        tag = parses(following.text)[0].tag
        if tag.POS == "VERB" and "indc" in tag:
            return ("nomn",)  # **Имя** заявил
    return ()


def _mentions_in(paragraph_index, text):
    tokens = tokenize(text)
    mentions = []
    for index, token in enumerate(tokens):
        if token.kind != "bold" or not looks_like_person_name(token.text.strip()):
            continue
        name = " ".join(token.text.split())
        role = _role_before(tokens, index, text)
        if role is not None:
            cases, role_text, titles, span = role
            mention = _Mention(
                name, tuple(c for c in CASES if c in cases), (role_text, titles),
                (paragraph_index, *span), paragraph_index, index,
            )  # fmt: skip
        else:
            mention = _Mention(name, _context_cases(tokens, index), (), (), paragraph_index, index)
        mentions.append(mention)
    return tokens, mentions


def _candidates(mention):
    """[(nominative, score)] for one mention, using its cases when the context gave them."""
    scored = {}
    for name, _case, _gender, score in nominative_candidates(mention.text, mention.cases or None):
        key = normalize_name(name)
        if key not in scored or scored[key][1] < score:
            scored[key] = (name, score)
    if mention.cases:
        # Readings outside the context's cases stay possible, just much less likely.
        for name, _case, _gender, score in nominative_candidates(mention.text):
            key = normalize_name(name)
            if key not in scored:
                scored[key] = (name, score - 2.0)
    return sorted(scored.values(), key=lambda item: -item[1])


def _group(mentions):
    """Mentions merged into persons: those that can share a nominative are one person."""
    groups = []
    for mention in mentions:
        keys = {normalize_name(name) for name, score in mention.candidates if score > -1.0}
        keys.add(normalize_name(mention.candidates[0][0]))
        single = len(mention.text.split()) == 1
        target = None
        for group in groups:
            if keys & group["keys"]:
                target = group
                break
            if single and keys & group["last_words"]:
                target = group
                break
        if target is None:
            target = {"mentions": [], "keys": set(), "last_words": set()}
            groups.append(target)
        target["mentions"].append(mention)
        if not single or len(target["mentions"]) == 1:
            target["keys"] |= keys
            target["last_words"] |= {key.split()[-1] for key in keys}
    return groups


def _best_names(group):
    """The group's nominatives, best first: agreed on by most mentions, then by score."""
    totals = {}
    full = [m for m in group["mentions"] if len(m.text.split()) > 1] or group["mentions"]
    for mention in full:
        weight = 2.0 if mention.cases else 1.0
        for name, score in mention.candidates:
            key = normalize_name(name)
            count, total, spelled = totals.get(key, (0, 0.0, name))
            totals[key] = (count + 1, total + weight * score, spelled)
    ranked = sorted(totals.values(), key=lambda item: (-item[0], -item[1]))
    return [spelled for _count, _total, spelled in ranked]


def _quotes_in(tokens, text, persons_by_token):
    """[(quoted words, PersonRef)] of «…» followed or preceded by a bold speaker."""
    quotes = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not (token.kind == "punct" and token.text == "«"):
            index += 1
            continue
        depth, close = 0, None
        for k in range(index, len(tokens)):
            if tokens[k].kind == "punct" and tokens[k].text == "«":
                depth += 1
            elif tokens[k].kind == "punct" and tokens[k].text == "»":
                depth -= 1
                if depth == 0:
                    close = k
                    break
        if close is None:
            break
        inner = text[token.end : tokens[close].start]
        speaker = None
        # After: «…», – подчеркнул **Имя**
        k = close + 1
        while k < len(tokens) and tokens[k].kind == "punct" and tokens[k].text in {",", "."}:
            k += 1
        if k < len(tokens) and tokens[k].text in DASHES:
            words = 0
            for m in range(k + 1, min(len(tokens), k + 8)):
                if tokens[m].kind == "bold":
                    speaker = persons_by_token.get(m)
                    break
                if tokens[m].kind != "word":
                    break
                words += 1
        # Before: **Имя** заявил: «…»
        if speaker is None and index > 0 and tokens[index - 1].text == ":":
            for m in range(index - 2, -1, -1):
                if tokens[m].kind == "punct" and tokens[m].text in SENTENCE_END:
                    break
                if tokens[m].kind == "bold" and m in persons_by_token:
                    speaker = persons_by_token[m]
                    break
        if speaker is not None and inner.strip():
            quotes.append((inner, speaker))
        index = close + 1
    return quotes


def _complete_bare_titles(persons, texts, role_spans):
    """Give a one-word title its complement when the article uses exactly one elsewhere.

    "просьба президента **Касым-Жомарта Токаева**" names no country, but an article that
    otherwise speaks of "Президент Казахстана" (in words no other title claims) means him.
    """
    claimed = {title.split()[0] for person in persons for title in _titles(person) if " " in title}
    for person in persons:
        for role in person.roles:
            if " " in role.title:
                continue
            head_lemma = parses(role.title)[0].normal_form
            completions = set()
            for text_index, text in enumerate(texts):
                tokens = tokenize(text)
                for index, token in enumerate(tokens):
                    if token.kind != "word" or any(
                        p == text_index and first <= index <= last for p, first, last in role_spans
                    ):
                        continue
                    if parses(token.text)[0].normal_form != head_lemma:
                        continue
                    complement = []
                    for following in tokens[index + 1 : index + 4]:
                        if following.kind != "word" or not following.text[:1].isupper():
                            break
                        if not _is_dependent(following.text):
                            break
                        complement.append(following.text)
                    if complement:
                        completions.add(" ".join(complement))
            completions = {c for c in completions if f"{role.title} {c}" not in claimed}
            keys = {lemma_key(c) for c in completions}
            if len(keys) == 1:
                completion = sorted(completions)[0]
                role.title = f"{role.title} {completion}"
                person.role_texts = [
                    f"{text} {completion}" if text == head_lemma or " " not in text else text
                    for text in person.role_texts
                ]


def _titles(person):
    return [role.title for role in person.roles]


def _organizations_in(text, tokens, skip, known_index, in_title=False):
    """OrganizationRefs named in ``text``: acronyms, known full names, capitalized bodies.

    ``skip`` holds token indexes already read as a title. In a title every acronym is an
    organization (a title is held somewhere); elsewhere only acronyms the dictionary tags
    as organizations or that are already known count (not СМИ, ВВП or США).
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
                in_title or "Orgn" in tags or _known_acronym(token.text, known_index)
            ):
                found.append((index, OrganizationRef(short_name=token.text), token.text))
            index += 1
            continue
        body = _body_at(tokens, index, text, in_title)
        if body is not None:
            ref, end, written = body
            found.append((index, ref, written))
            index = end
            continue
        index += 1
    return found


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
            parent = OrganizationRef(short_name=following)
            break
        if following.casefold() == "и" or not _is_dependent(following) or _is_stop(following):
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


def analyse(parsed, known_index=None, find_person=None):
    """Persons, organizations and quotes of a ``ParsedArticle``.

    ``known_index`` maps the first word of known organizations' full names to their lemma
    keys; ``find_person`` (candidates, written forms) → existing person's name or None
    lets names already in the database settle a nominative the dictionary cannot.
    """
    known_index = known_index if known_index is not None else _known_full_name_index()
    paragraphs = [parsed.dek, *(p.text for p in parsed.paragraphs)]
    all_mentions, tokenized = [], []
    for paragraph_index, text in enumerate(paragraphs):
        tokens, mentions = _mentions_in(paragraph_index, text)
        tokenized.append(tokens)
        all_mentions.extend(mentions)
    for mention in all_mentions:
        mention.candidates = _candidates(mention)

    persons, person_of_mention = [], {}
    for group in _group(all_mentions):
        names = _best_names(group)
        written = list(dict.fromkeys(m.text for m in group["mentions"]))
        if find_person is not None:
            known = find_person(names[:3], written)
            if known is not None:
                names = [known, *[n for n in names if normalize_name(n) != normalize_name(known)]]
        person = PersonRef(candidates=names, written_as=written)
        for mention in group["mentions"]:
            person_of_mention[(mention.paragraph, mention.token)] = person
            if mention.role:
                role_text, titles = mention.role
                if role_text not in person.role_texts:
                    person.role_texts.append(role_text)
                for title in titles:
                    if title not in [r.title for r in person.roles]:
                        person.roles.append(Role(title=title))
        persons.append(person)

    role_spans = [m.role_span for m in all_mentions if m.role_span]
    _complete_bare_titles(persons, paragraphs, role_spans)

    quotes = []
    for paragraph_index, text in enumerate(paragraphs):
        by_token = {
            token: person
            for (p, token), person in person_of_mention.items()
            if p == paragraph_index
        }
        for inner, speaker in _quotes_in(tokenized[paragraph_index], text, by_token):
            quotes.append(QuoteRef(text=inner, speaker=speaker))
        turn = transcript_turn(text)
        if turn is not None:
            speaker = find_speaker(turn, persons)
            if speaker is None:
                speaker = PersonRef(
                    [speaker_name(turn)], [turn.written], source=Mention.Source.TRANSCRIPT
                )
                persons.append(speaker)
            if not any(q.text == turn.text and q.speaker is speaker for q in quotes):
                quotes.append(QuoteRef(text=turn.text, speaker=speaker))

    organizations = {}

    def record(ref, written=""):
        key = ref.key
        if key not in organizations:
            organizations[key] = ref
        if written and written not in organizations[key].written_as:
            organizations[key].written_as.append(written)
        if ref.parent is not None:
            record(ref.parent)
        return organizations[key]

    for person in persons:
        for role in person.roles:
            tokens = tokenize(role.title)
            found = _organizations_in(role.title, tokens, set(), known_index, in_title=True)
            # The most specific organization first: a body before the acronym it belongs to.
            found.sort(key=lambda item: 0 if item[1].name else 1)
            role.organizations = [record(ref) for _index, ref, _written in found]

    texts = [parsed.headline, *paragraphs]
    texts += [photo.caption for photo in _photos(parsed)]
    spans_by_text = {}
    for p, first, last in role_spans:
        spans_by_text.setdefault(p + 1, set()).update(range(first, last + 1))
    for text_index, text in enumerate(texts):
        if text_index == 0 or text_index > len(paragraphs):
            tokens = tokenize(text)
        else:
            tokens = tokenized[text_index - 1]
        skip = spans_by_text.get(text_index, set())
        for _index, ref, written in _organizations_in(text, tokens, skip, known_index):
            record(ref, written)

    shown_in_photos(
        _photos(parsed),
        persons,
        lambda names, written: PersonRef(names, [written], source=Mention.Source.CAPTION),
    )

    return Analysis(persons=persons, organizations=list(organizations.values()), quotes=quotes)


def _photos(parsed):
    return [block for block in parsed.blocks if not hasattr(block, "text")]


def _known_full_name_index():
    index = {}
    for key, acronym in known_full_names():
        if key:
            index.setdefault(key[0], []).append((key, OrganizationRef(short_name=acronym)))
    index["__acronyms__"] = set()
    return index
