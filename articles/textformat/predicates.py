"""Roles a predicate states of its subject: «Иванов является депутатом Госдумы», «стал
капитаном команды», «назначен министром обороны», «избран президентом клуба», «занимает
пост министра финансов», and inverted, «капитаном команды стал Петров».

The name must be the clause's subject: it begins its clause (after adverbs or
conjunctions at most) and can be read in the nominative; the verb follows it (or, inverted,
the title begins the clause and the name follows the verb) with nothing but adverbs and
particles between; the title is in the instrumental (in the genitive after «пост»,
«должность»: «занимает пост министра»). No role under a negation («не является») or
across a clause boundary. A title the verb does not state as held at the article's date
(«станет», «будет», «являлся», «был», «может стать») stays on the mention as written and
is never confident.
"""

from dataclasses import replace

from .title_words import PLACE_PREPOSITIONS, RELATIVES_BY_FAMILY
from .titles import OPENS_QUOTE, agrees, is_title_word, only_guessed, quoted_item, title_finding
from .words import CLAUSE_STARTS, parses

# Verbs (lemmas) that give their subject the title in the instrumental.
INSTRUMENTAL_VERBS = frozenset(
    {
        "являться", "стать", "становиться", "назначить", "назначать", "избрать",
        "избирать", "переизбрать", "утвердить", "работать", "служить", "оставаться",
        "остаться",
    }
)  # fmt: skip
# Verbs (lemmas) that give it after «пост» or «должность», in the genitive: «занимает
# пост министра», «назначен на должность директора», «вступил в должность президента».
POST_VERBS = frozenset(
    {"занимать", "занять", "назначить", "избрать", "утвердить", "вступить", "заступить"}
)
POSTS = frozenset({"пост", "должность"})
# What one becomes or is that is no occupation: «стал свидетелем», «является автором».
NOT_OCCUPATIONS = frozenset(
    {
        "свидетель", "жертва", "участник", "победитель", "призёр", "призер", "лауреат",
        "обладатель", "сторонник", "противник", "гость", "инициатор", "автор", "соавтор",
        "виновник", "фигурант", "обвиняемый", "подозреваемый", "кандидат", "герой",
        "объект", "первый", "единственный", "последний",
    }
)  # fmt: skip
# Words that may stand between the subject, the verb and the title: «также», «вновь».
GAP_POS = frozenset({"ADVB", "PRCL"})
# Words before a subject that still begins its clause: «Вчера», «Однако», «а».
LEAD_POS = frozenset({"ADVB", "CONJ", "PRCL"})
MAX_GAP = 2
MAX_LEAD = 5


def predicate_role(tokens, index, text, name, subject=None):
    """The RoleFinding a predicate gives the subject named by token ``index``, or None.

    ``tokens`` are ``role_around``'s: the name is one token, other persons' names too.
    ``subject`` is where the subject begins when a title before the name belongs to it
    («Экономист Андрей Зуев избран…»).
    """
    if _begins_clause(tokens, index if subject is None else subject):
        verb, held = _verb_after(tokens, index + 1)
        if verb is not None:
            finding = _title_after_verb(tokens, verb, text, name)
            if finding is not None:
                return _as_predicate(finding, held)
    return _inverted(tokens, index, text, name)


def _begins_clause(tokens, index):
    """Does the word at ``index`` begin its clause, after adverbs, conjunctions and
    prepositional phrases of time or place at most («Вчера», «Однако», «В среду»,
    «В 2010 году»)?"""
    j = index
    while j > 0 and tokens[j - 1].kind in {"word", "number"} and index - j < MAX_LEAD:
        j -= 1
    if j > 0 and not (tokens[j - 1].kind == "punct" and tokens[j - 1].text in CLAUSE_STARTS):
        return False
    k = j
    while k < index:
        word = tokens[k].text
        pos = parses(word)[0].tag.POS if tokens[k].kind == "word" else "NUMR"
        if _negation(word):
            return False
        if pos == "PREP":
            k += 1
            while k < index and _in_phrase(tokens[k]):
                k += 1
        elif pos in LEAD_POS:
            k += 1
        else:
            return False
    return True


def _in_phrase(token):
    """Can ``token`` be a word of a prepositional phrase before the subject (not in the
    nominative)?"""
    if token.kind == "number":
        return True
    return any(
        p.tag.POS in {"NOUN", "ADJF", "NUMR"} and p.tag.case not in {None, "nomn"}
        for p in parses(token.text)
    )


def _negation(word):
    return word.casefold() in {"не", "ни"}


def _verb_after(tokens, j):
    """(index of the title verb at or after ``j``, past adverbs and an auxiliary «был»;
    whether the verb states the title as held now), or (None, False)."""
    held, gap = True, 0
    while j < len(tokens) and tokens[j].kind == "word" and gap <= MAX_GAP:
        word = tokens[j].text
        if _negation(word):
            return None, False
        parse = _verb_parse(word)
        if parse is not None:
            following = tokens[j + 1].text if j + 1 < len(tokens) else ""
            if parse.normal_form in INSTRUMENTAL_VERBS | POST_VERBS:
                return j, held and _held_now(parse)
            if parse.normal_form == "быть" and _verb_parse(following) is None:
                return j, False  # «был капитаном», «будет вратарём»: not said of now
            if parse.tag.POS not in {"VERB", "PRTS"}:
                return None, False
            # «может стать», «согласился занять»: only wanted; «был назначен» is
            # «назначен».
            held = held and parse.normal_form == "быть" and parse.tag.tense == "past"
        elif parses(word)[0].tag.POS not in GAP_POS:
            return None, False
        j, gap = j + 1, gap + 1
    return None, False


def _verb_parse(word):
    for parse in parses(word):
        if parse.tag.POS in {"VERB", "INFN", "PRTS"}:
            return parse
    return None


def _held_now(parse):
    """Does the verb read as ``parse`` state the title as held at the article's date: present
    («является»), perfective past or passive («стал», «назначен»), not future or
    imperfective past («станет», «являлся»)?"""
    tag = parse.tag
    if tag.POS == "INFN" or tag.tense == "futr":
        return False
    return tag.tense == "pres" or tag.aspect == "perf"


def _title_after_verb(tokens, verb, text, name):
    j, gap = verb + 1, 0
    while j < len(tokens) and tokens[j].kind == "word" and gap < MAX_GAP:
        word = tokens[j].text
        if _negation(word) or parses(word)[0].tag.POS not in GAP_POS:
            break
        j, gap = j + 1, gap + 1
    if j < len(tokens) and tokens[j].kind == "word":
        after_post = _after_post(tokens, j)
        verb_lemma = _verb_parse(tokens[verb].text).normal_form
        if after_post is not None and verb_lemma in POST_VERBS:
            return _title_in(tokens, after_post, text, name, "gent")
        if verb_lemma in INSTRUMENTAL_VERBS | {"быть"}:
            return _title_in(tokens, j, text, name, "ablt")
    return None


def _after_post(tokens, j):
    """The index after «пост», «на пост», «в должность» starting at ``j``, or None."""
    if tokens[j].text.casefold() in {"на", "в"}:
        j += 1
    if j + 1 < len(tokens) and parses(tokens[j].text)[0].normal_form in POSTS:
        return j + 1
    return None


def _title_in(tokens, j, text, name, case):
    """The title in ``case`` that begins at ``j`` and runs as far as it can, or None."""
    items = _chunk_from(tokens, j)
    for end in range(len(items), 0, -1):
        for head in range(end):
            finding = title_finding(
                tokens, items[:end], head, text, name, "predicate", case, ("nomn",)
            )
            if finding is not None:
                return _of_subject(finding, name)
    return None


def _of_subject(finding, name):
    """``finding`` if it is an occupation of the subject ``name``, else None (an honorific,
    no occupation, a name not in the nominative)."""
    if finding.honorific or not _can_be_subject(name):
        return None
    if finding.head_lemmas[0] in NOT_OCCUPATIONS | RELATIVES_BY_FAMILY:
        return None  # «стал свидетелем», «является братом»
    if finding.role_text.endswith(" обязанности"):
        return None  # «назначен исполняющим обязанности»: of whom, another clause says
    return finding


def _chunk_from(tokens, j):
    """Title words from ``j`` on: a place preposition only before a capitalized word
    («послом в Армении», not «капитаном в прошлом году»)."""
    items = []
    while j < len(tokens):
        token = tokens[j]
        if token.kind == "punct" and token.text in OPENS_QUOTE | {"("}:
            item = quoted_item(tokens, j, 1)
            if item is None:
                break
            items.append(item)
            j = item[1] + 1
            continue
        if token.kind != "word" or not is_title_word(tokens, j):
            break
        if token.text.casefold() in PLACE_PREPOSITIONS and not tokens[j + 1].text[:1].isupper():
            break
        items.append((j, j))
        j += 1
    return items


def _inverted(tokens, index, text, name):
    """«Капитаном команды стал Петров»: the title begins the clause, the verb and the
    subject follow."""
    j, gap = index - 1, 0
    while j >= 0 and tokens[j].kind == "word" and gap <= MAX_GAP:
        word = tokens[j].text
        if _negation(word):
            return None
        parse = _verb_parse(word)
        if parse is not None and parse.normal_form in INSTRUMENTAL_VERBS:
            break
        if parses(word)[0].tag.POS not in GAP_POS:
            return None
        j, gap = j - 1, gap + 1
    else:
        return None
    verb = j
    if verb - 1 >= 0 and _negation(tokens[verb - 1].text):
        return None
    start = verb
    while start > 0 and tokens[start - 1].kind == "word" and is_title_word(tokens, start - 1):
        start -= 1
    if start == verb or not _begins_clause(tokens, start):
        return None
    items = [(k, k) for k in range(start, verb)]
    for head in range(len(items)):
        finding = title_finding(tokens, items, head, text, name, "predicate", "ablt", ("nomn",))
        if finding is not None:
            finding = _of_subject(finding, name)
            return finding and _as_predicate(finding, _held_now(parse))
    return None


def _can_be_subject(name):
    """Can ``name``, next to the verb with no preposition before it, be its subject?

    Yes unless the dictionary reads it in another case only («Павлом Орловым»); a
    foreign name it only guesses at («Фелипе Альвес») is as written.
    """
    return agrees(name, ("nomn",)) or only_guessed(name)


def _as_predicate(finding, held):
    return replace(finding, confident=finding.confident and held, office=finding.office and held)
