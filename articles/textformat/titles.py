"""One title read from the words before or after a name: its head noun, the adjectives
agreeing with it, its complements («министр иностранных дел Турции»), conjoined titles
(«председатель … и руководитель …»), and whether it is confident.

``title_finding`` gets the title words ``roles`` chose (token index pairs, a «quoted
name» as one item) and the item that may be the head, and returns a ``RoleFinding``.
"""

import re
from dataclasses import dataclass, field

from people.names import CASES, nominative_candidates

from .title_words import (
    DEGREE_ADVERBS,
    GOVERNS_INSTRUMENTAL,
    GROUPINGS,
    HEAD_POS,
    HELD_NOW,
    HONORIFICS,
    NOT_HELD_NOW,
    OFFICE_HEADS,
    PLACE_PREPOSITIONS,
    agreeing_adjective,
    head_cases,
    head_gender,
    is_place,
    is_relative,
    nominative_word,
    title_lemma,
)
from .words import TITLE_PREPOSITIONS, is_acronym, is_dependent, is_stop, parses, top_pos


@dataclass
class RoleFinding:
    """A title the text gives a person, in the nominative, and how sure the reading is."""

    role_text: str  # as the text states it ("председатель … и руководитель …"); "" if honorific
    titles: list  # one complete title per conjoined one: "председатель Кабинета министров Киргизии"
    cases: tuple  # the cases the name is in: the title's, or a predicate's subject's
    where: str  # "before" or "after" the name, or "predicate" («Иванов стал капитаном»)
    span: tuple  # (start, end): character offsets of the title's words in the text
    office: bool = False  # every head is an office held now, agreeing with the name
    confident: bool = False  # office, and every title names where it is held
    honorific: bool = False
    head_lemmas: list = field(default_factory=list)
    # A second title in an apposition after the name, when this one stands before it:
    # «Депутат Верховной рады **…**, лидер Радикальной партии, заявил».
    apposition: "RoleFinding | None" = None


def is_title_word(tokens, j):
    """Can word token ``j`` be part of a title (not a verb, pronoun, relative, …)?"""
    word = tokens[j].text
    if word.casefold() in PLACE_PREPOSITIONS:
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        return following is not None and following.kind == "word"
    if "Apro" in parses(word)[0].tag:
        return False  # «её основатель», «своего председателя»: says whose, not what
    if _qualifies_adjective(tokens, j):
        return True
    return not is_stop(word) and not is_relative(word)


def _qualifies_adjective(tokens, j):
    """Is word ``j`` an adverb of degree before an adjective («крайне правой партии»)?"""
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    if following is None or following.kind != "word":
        return False
    if parses(tokens[j].text)[0].normal_form not in DEGREE_ADVERBS:
        return False
    return any(p.tag.POS == "ADJF" for p in parses(following.text))


# Marks that enclose one item of a title: «a quoted name» (also „so“, “so” and "so"),
# (an acronym or a country). Opening mark → closing mark, and back.
CLOSING = {"«": "»", "„": "“", "“": "”", '"': '"', "(": ")"}
OPENING = {"»": "«", "“": "„", "”": "“", '"': '"', ")": "("}
OPENS_QUOTE = frozenset(CLOSING) - {"("}
CLOSES_QUOTE = frozenset(OPENING) - {")"}


def quoted_item(tokens, j, step):
    """(first, last) of a «quoted name» or a (bracketed aside) whose mark is at ``j``, or None."""
    k = j
    target = (CLOSING if step > 0 else OPENING)[tokens[j].text]
    while 0 <= k + step < len(tokens) and abs(k - j) <= 8:
        k += step
        if tokens[k].kind == "punct" and tokens[k].text == target:
            return (k, j) if step < 0 else (j, k)
    return None


def _title_from(tokens, items, text, head, cases):
    """The title(s) from item ``head`` to the end, or None when the words do not form one.

    Returns [(head in the nominative, complement as written, item positions)], one per
    conjoined title.
    """
    conjuncts = [[head]]
    position = head + 1
    while position < len(items):
        first, last = items[position]
        word = tokens[first].text
        if first != last:  # «quoted»
            conjuncts[-1].append(position)
        elif word.casefold() == "и":
            if position + 1 >= len(items) or _names_a_person(tokens, items, conjuncts[-1]):
                # «президента России Владимира Путина и премьер-министра Индии»: a list of
                # persons with their titles, not one person's conjoined titles.
                return None
            next_first, _ = items[position + 1]
            if head_cases(tokens[next_first].text) & cases:
                conjuncts.append([position + 1])
            elif len(conjuncts[-1]) > 1 and _coordinated(tokens, items, position):
                # «по взаимоотношениям Церкви и общества»: two complements, one title.
                conjuncts[-1].extend([position, position + 1])
            else:
                return None
            position += 1
        elif word.casefold() in TITLE_PREPOSITIONS or is_dependent(word):
            conjuncts[-1].append(position)
        elif first + 1 < len(tokens) and _qualifies_adjective(tokens, first):
            conjuncts[-1].append(position)
        elif word.casefold() in PLACE_PREPOSITIONS and len(conjuncts[-1]) > 1:
            conjuncts[-1].append(position)  # _is_title_word saw a capital after it
        elif _names_the_body_before(tokens, items, position, conjuncts[-1]):
            conjuncts[-1].append(position)
        elif _instrumental_complement(tokens, items, position, conjuncts[-1], cases):
            conjuncts[-1].append(position)
        elif any(
            tokens[items[p][0]].text.casefold() in TITLE_PREPOSITIONS | PLACE_PREPOSITIONS
            for p in conjuncts[-1]
        ) and top_pos(word) in {"NOUN", "ADJF", "PRTF"}:
            conjuncts[-1].append(position)
        else:
            return None
        position += 1

    titles = []
    for conjunct in conjuncts:
        head_first = items[conjunct[0]][0]
        head_word = nominative_word(tokens[head_first].text, cases, pos=HEAD_POS)
        rest = ""
        if len(conjunct) > 1:
            rest = text[tokens[items[conjunct[1]][0]].start : tokens[items[conjunct[-1]][1]].end]
        titles.append((head_word, rest, conjunct))
    return titles


def _coordinated(tokens, items, position):
    """Are the words on both sides of «и» at item ``position`` nouns or adjectives in one
    case (two complements of one head), neither of them a person's name?"""
    before, after = items[position - 1], items[position + 1]
    if before[0] != before[1] or after[0] != after[1]:
        return False

    def complement_cases(word):
        return {
            parse.tag.case
            for parse in parses(word)
            if parse.tag.POS in {"NOUN", "ADJF"}
            and not any(grammeme in parse.tag for grammeme in ("Name", "Surn", "Patr"))
        }

    left, right = tokens[before[0]].text, tokens[after[0]].text
    return bool(complement_cases(left) & complement_cases(right) - {"nomn"})


def _names_a_person(tokens, items, conjunct):
    """Does a capitalized first name sit among the words of ``conjunct``?"""
    for position in conjunct[1:]:
        first, last = items[position]
        word = tokens[first].text
        if first == last and word[:1].isupper() and any("Name" in p.tag for p in parses(word)):
            return True
    return False


def _names_the_body_before(tokens, items, position, conjunct):
    """Is item ``position`` a proper name in apposition to the capitalized body before it?

    «Республики Казахстан», «Республики Беларусь», «клуба Тоттенхэм»: the name stays in
    the nominative after the genitive body it names.
    """
    if len(conjunct) < 2:
        return False
    word = tokens[items[position][0]].text
    previous = tokens[items[position - 1][1]].text
    if not word[:1].isupper() or is_acronym(previous):
        return False
    if not previous[:1].isupper() and not any(p.tag.case == "gent" for p in parses(previous)):
        return False  # «клуба Тоттенхэм», «партии Единая Россия»: a genitive before
    # A body (not a country or a person) before, and no person's name after: «Беларусь»
    # names the republic, «Александр» in «президент Белоруссии Александр» is a person.
    body = parses(previous)[0].tag
    person = any(
        grammeme in parse.tag for parse in parses(word) for grammeme in ("Name", "Surn", "Patr")
    )
    if person:
        return False
    if previous[:1].isupper() and body.POS == "ADJF" and body.case == "nomn":
        return True  # the name's second word: «Единая Россия»
    return body.POS == "NOUN" and "Geox" not in body and "anim" not in body


def _instrumental_complement(tokens, items, position, conjunct, cases):
    """Is item ``position`` the instrumental complement of a head like «командующий»?"""
    head = title_lemma(tokens[items[conjunct[0]][0]].text, cases, HEAD_POS)
    if head not in GOVERNS_INSTRUMENTAL:
        return False
    word = tokens[items[position][0]].text
    return any(p.tag.case == "ablt" and p.tag.POS in {"NOUN", "ADJF"} for p in parses(word))


def title_finding(tokens, items, head, text, name, where, title_case=None, name_cases=None):
    """The RoleFinding for a title whose head is item ``head``, or None if there is none.

    Items before ``head`` must all be adjectives agreeing with it ("генеральный секретарь")
    when the title follows the name; before the name, they are taken as far as they agree.
    The name is in the title's case unless ``name_cases`` says otherwise (a predicate's
    subject: «Иванов стал капитаном»); ``title_case`` is the one case the title may be in.
    """
    cases = head_cases(tokens[items[head][0]].text)
    if title_case is not None:
        cases &= {title_case}
    if not cases:
        return None
    titles = _title_from(tokens, items, text, head, cases)
    if titles is None:
        return None
    gender = head_gender(tokens[items[head][0]].text, cases)
    adjectives, lemmas, k = [], [], head - 1
    while k >= 0 and items[k][0] == items[k][1]:
        word = tokens[items[k][0]].text
        if word.casefold() == "и" and adjectives and k > 0:
            # «чрезвычайный и полномочный посол»: adjectives joined by «и».
            if agreeing_adjective(tokens[items[k - 1][0]].text, cases) is None:
                break
            adjectives.insert(0, "и")
            k -= 1
            continue
        if agreeing_adjective(word, cases) is None:
            break
        lemma = title_lemma(word, cases, {"ADJF", "PRTF"})
        if lemma not in HELD_NOW:
            adjectives.insert(0, nominative_word(word, cases, {"ADJF", "PRTF"}, gender))
        lemmas.append(lemma)
        k -= 1
    if where != "before" and k >= 0:
        return None
    span = (tokens[items[k + 1][0]].start, tokens[items[-1][1]].end)
    acting = _acting_before(text, span[0]) if where == "before" and len(titles) == 1 else None
    if acting is not None and "gent" in cases:
        # «врио губернатора Курской области»: the acting office, as written; the name is
        # in whatever case «врио» is (it does not decline).
        span, cases = (acting, span[1]), set(CASES)
        written = ACTING_PARTICIPLE.sub(_nominative_participle, text[span[0] : span[1]])
        titles = [(written[:1].lower() + written[1:], "", titles[0][2])]
    elif adjectives:
        head_word, rest, conjunct = titles[0]
        titles[0] = (" ".join([*adjectives, head_word]), rest, conjunct)
    plain = [" ".join(part for part in (head_word, rest) if part) for head_word, rest, _ in titles]
    role_text = " и ".join(plain)
    # A place at the end of conjoined titles belongs to each ("председатель Кабинета
    # министров и руководитель Администрации президента Киргизии").
    if len(titles) > 1:
        last_conjunct = titles[-1][2]
        last_word = tokens[items[last_conjunct[-1]][1]].text
        if len(last_conjunct) > 1 and is_place(last_word):
            plain = [
                title if is_place(title.split()[-1]) else f"{title} {last_word}" for title in plain
            ]
    heads = [title_lemma(tokens[items[c[0]][0]].text, cases, HEAD_POS) for _h, _r, c in titles]
    name_cases = cases if name_cases is None else name_cases
    ordered = tuple(case for case in CASES if case in name_cases)
    if heads[0] in HONORIFICS:
        return RoleFinding("", [], ordered, where, span, honorific=True, head_lemmas=heads)
    # A person in the complement («пресс-секретарь главы МИД») may be whose name follows:
    # the title is the name's only where the name reads best in the title's case
    # («… Сергея Лаврова» may be a woman's name in the nominative, but reads best in the
    # genitive: ``roles`` then gives it «глава МИД»).
    if person_cases(tokens, items, head):
        in_case = reads_best_in(name, name_cases)
    else:
        in_case = agrees(name, name_cases) or only_guessed(name)
    office = (
        in_case
        and all(head in OFFICE_HEADS for head in heads)
        and not NOT_HELD_NOW.intersection(lemmas)
    )
    complete = all(len(conjunct) > 1 for _h, _r, conjunct in titles) and all(
        map(names_where, plain)
    )
    return RoleFinding(
        role_text, plain, ordered, where, span, office=office,
        confident=office and complete, head_lemmas=heads,
    )  # fmt: skip


# «исполняющей обязанности»: the one word of an acting office that declines.
PARTICIPLE = r"[Ии]сполняющ\w*"
ACTING_PARTICIPLE = re.compile(rf"\b{PARTICIPLE}")
# Words of an acting office before its head in the genitive: «врио губернатора», «и. о.
# министра», «временно исполняющий обязанности мэра».
ACTING = re.compile(
    rf"(?<![\w.])(?:врио|и\.\s?о\.|(?:временно\s+)?{PARTICIPLE}\s+обязанности)\s+$",
    re.IGNORECASE,
)


def _nominative_participle(match):
    """«исполняющей» → «исполняющая», «исполняющим» → «исполняющий»: in the nominative,
    its gender kept."""
    word = match.group(0)
    form = nominative_word(word, set(CASES), {"PRTF"})
    return word[:1] + form[1:]


def acting_participle(tokens, items, head):
    """Is item ``head`` «исполняющий» before «обязанности»? Not a title's head: the office
    is the one whose duties are performed, acting (``ACTING``)."""
    if head + 1 >= len(items) or not ACTING_PARTICIPLE.fullmatch(tokens[items[head][0]].text):
        return False
    return tokens[items[head + 1][0]].text.casefold() == "обязанности"


def _acting_before(text, start):
    """Where an acting office's words begin right before ``start``, or None."""
    match = ACTING.search(text[max(0, start - 50) : start])
    return None if match is None else max(0, start - 50) + match.start()


def person_cases(tokens, items, head):
    """The cases of the persons («главы», «министра», «президента») named in the
    complement of the title whose head is item ``head``."""
    cases = set()
    for first, last in items[head + 1 :]:
        word = tokens[first].text
        if first == last and not is_acronym(word):  # «ФИФА» reads as an animate noun
            cases |= head_cases(word)
    return cases


def names_where(title):
    """Does ``title`` say what it is held at? Not where its one complement names only a
    grouping of people, no body: «лидер оппозиции», «руководитель группы», «командир
    корабля» (which opposition, group or ship, an editor knows)."""
    words = title.split()
    if len(words) < 2 or any(character.isupper() for character in title):
        return True
    return parses(words[-1])[0].normal_form not in GROUPINGS


def only_guessed(name):
    """Does the dictionary only guess at ``name`` («Сейдзи Маэхара»: «Маэхар» in the
    genitive is a guess), so that its ending tells no case for sure?"""
    return max((r[3] for r in nominative_candidates(name)), default=0.0) < 1.0


def reads_best_in(name, cases):
    """Is one of ``cases`` the best reading of ``name`` (as good as any other)? Stricter
    than ``agrees``: «Сергея Лаврова» agrees with the nominative (a woman «Сергея
    Лаврова»), but reads best in the genitive."""
    if not cases:
        return False
    best_here = max((r[3] for r in nominative_candidates(name, cases)), default=-1.0)
    best_anywhere = max((r[3] for r in nominative_candidates(name)), default=-1.0)
    return best_here >= best_anywhere


def agrees(name, cases):
    """Can ``name`` be read in one of ``cases``?

    A name the dictionary does not know ("Никол Пашинян") stays as written in every case
    and so agrees with any; a known one must have a reading in one of ``cases`` as good as
    elsewhere, or one the dictionary confirms.
    """
    best_here = max((r[3] for r in nominative_candidates(name, cases)), default=-1.0)
    best_anywhere = max((r[3] for r in nominative_candidates(name)), default=-1.0)
    return best_here > 0 or best_here >= best_anywhere
