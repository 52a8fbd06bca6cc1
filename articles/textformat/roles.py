"""The role a text gives a person, read from the words around the person's name.

``role_around(text, start, end)`` gets a paragraph (or headline, or lede) and the character
offsets of a person's name in it, however the name was found (a bold span or a named-entity
span), and returns a ``RoleFinding`` or None. It reads, in this order:

* the title just before the name, in the same case as the name: «президент России
  **Владимир Путин**», «с министром иностранных дел Турции **Хаканом Фиданом**»,
  conjoined titles «председатель Кабинета министров и руководитель Администрации
  президента Киргизии **…**»;
* an apposition right after the name, between commas or in brackets, in the name's case:
  «**Никол Пашинян**, премьер-министр Армении, заявил…».

A title is never taken across a clause boundary: a sentence end, «,» «;» «:» or a dash
before the name, a verb, pronoun or most conjunctions between title and name, «, который»
after it. Honorifics («господин», «ваш давний друг») are read only for the name's case: they
are no role.

**Confident** (``RoleFinding.confident``) means the title may become a ``Role`` of the
person without an editor: every conjoined title's head noun is an office (``OFFICE_HEADS``:
президент, министр, председатель, глава, мэр, генеральный секретарь…), none is qualified as
not held now («бывший», «будущий»; «экс-президент» is not in the list), the name can be read
in the title's case, and each title names what it is held at («президент России», not a bare
«президент», which ``complete_bare_titles`` may complete from the rest of the article).
Anything else («украинский военнослужащий», «житель Москвы», «эксперт») stays on the
mention as written, for an editor to confirm.
"""

from dataclasses import dataclass, field

from people.matching import lemma_key
from people.names import CASES, nominative_candidates

from .words import (
    DASHES,
    SENTENCE_END,
    TITLE_PREPOSITIONS,
    Token,
    is_acronym,
    is_dependent,
    is_stop,
    parses,
    tokenize,
    top_pos,
)

MAX_TITLE_WORDS = 14
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
# A title qualified by these is not held at the article's date.
NOT_HELD_NOW = frozenset(
    {"бывший", "будущий", "покойный", "отставной", "избранный", "несостоявшийся"}
)
# «посол России в США», «посол Евросоюза на Южном Кавказе»: a preposition of place
# inside a title, before a capitalized name.
PLACE_PREPOSITIONS = frozenset({"в", "во", "на"})
# Heads that take their complement in the instrumental: «командующий войсками округа».
GOVERNS_INSTRUMENTAL = frozenset({"командующий", "заведующий", "управляющий"})
RELATIVES = frozenset({"который", "кто", "что", "чей", "где", "когда", "куда", "откуда"})
APPOSITION_ENDS = SENTENCE_END | {",", ";", ":"}
# What a clause may begin after: a name right after one begins it.
CLAUSE_STARTS = SENTENCE_END | DASHES | {",", ";", ":", "(", "«", '"', "“", "„"}


@dataclass
class RoleFinding:
    """A title the text gives a person, in the nominative, and how sure the reading is."""

    role_text: str  # as the text states it ("председатель … и руководитель …"); "" if honorific
    titles: list  # one complete title per conjoined one: "председатель Кабинета министров Киргизии"
    cases: tuple  # the cases the title is in: the name is in one of them
    where: str  # "before" or "after" the name
    span: tuple  # (start, end): character offsets of the title's words in the text
    office: bool = False  # every head is an office held now, agreeing with the name
    confident: bool = False  # office, and every title names where it is held
    honorific: bool = False
    head_lemmas: list = field(default_factory=list)


def role_around(text, start, end, tokens=None, other_names=()):
    """The role ``text`` gives the person named at ``text[start:end]``, or None.

    ``tokens`` (``words.tokenize(text)``) may be passed to save tokenizing again. Bold
    markers around the name are ignored. ``other_names`` are (start, end) offsets of the
    other persons named in ``text``: a title never runs through another person's name
    (a bold name stops it anyway).
    """
    tokens = tokens if tokens is not None else tokenize(text)
    spans = sorted({(start, end), *other_names})
    sequence, index = [], None
    for token in tokens:
        span = next((span for span in spans if span[0] <= token.start < span[1]), None)
        if span is None:
            sequence.append(token)
        elif not sequence or (sequence[-1].start, sequence[-1].end) != span:
            sequence.append(_name_token(text, *span))
            if span == (start, end):
                index = len(sequence) - 1
    if index is None:
        return None
    name = sequence[index].text
    finding = _role_before(sequence, index, text, name)
    if finding is None:
        finding = _role_after(sequence, index, text, name)
    return finding


def _name_token(text, start, end):
    return Token("name", " ".join(text[start:end].replace("**", " ").split()), start, end)


def _head_cases(word):
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


# «управляющий», «командующий», «уполномоченный»: offices the dictionary reads only as
# participles or adjectives; as a title's head they are nouns.
HEAD_POS = frozenset({"NOUN", "ADJF", "PRTF"})


def _is_substantive_office(parse):
    return parse.tag.POS in {"ADJF", "PRTF"} and _dictionary_form(parse) in OFFICE_HEADS


def _lemma(word, cases, pos):
    for parse in parses(word):
        if parse.tag.POS in pos and parse.tag.case in cases:
            return _dictionary_form(parse)
    return _dictionary_form(parses(word)[0])


def _dictionary_form(parse):
    """The dictionary form; a participle's own («управляющий», «избранный»), not its verb's."""
    if parse.tag.POS == "PRTF":
        inflected = parse.inflect({"nomn", "sing", "masc"})
        if inflected is not None:
            return inflected.word.replace("ё", "е")
    return parse.normal_form.replace("ё", "е")


def _gender(noun, cases):
    """The gender of the head noun ``noun`` read in one of ``cases`` (None if unsure)."""
    genders = {
        parse.tag.gender
        for parse in parses(noun)
        if parse.tag.POS == "NOUN" and parse.tag.case in cases and "anim" in parse.tag
    }
    return genders.pop() if len(genders) == 1 else None


def _agreeing_adjective(word, cases):
    for parse in parses(word):
        tag = parse.tag
        if tag.POS in {"ADJF", "PRTF"} and tag.case in cases and tag.number != "plur":
            return parse
    return None


def _nominative_word(word, cases, pos=None, gender=None):
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


def _is_relative(word):
    return parses(word)[0].normal_form in RELATIVES


def _is_title_word(tokens, j):
    """Can word token ``j`` be part of a title (not a verb, pronoun, relative, …)?"""
    word = tokens[j].text
    if word.casefold() in PLACE_PREPOSITIONS:
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        return following is not None and following.kind == "word"
    if "Apro" in parses(word)[0].tag:
        return False  # «её основатель», «своего председателя»: says whose, not what
    return not is_stop(word) and not _is_relative(word)


# Marks that enclose one item of a title: «a quoted name», (an acronym or a country).
PAIRED = {"»": "«", "«": "»", ")": "(", "(": ")"}


def _quoted_item(tokens, j, step):
    """(first, last) of a «quoted name» or a (bracketed aside) whose mark is at ``j``, or None."""
    k = j
    target = PAIRED[tokens[j].text]
    while 0 <= k + step < len(tokens) and abs(k - j) <= 8:
        k += step
        if tokens[k].kind == "punct" and tokens[k].text == target:
            return (k, j) if step < 0 else (j, k)
    return None


def _chunk_before(tokens, index):
    """Token indexes before ``index`` that can belong to a title, left to right.

    Stops at punctuation, a previous name, verbs, pronouns and most conjunctions and
    prepositions. A «quoted name» counts as one item (a party or company name).
    """
    items, j = [], index - 1
    while j >= 0 and len(items) < MAX_TITLE_WORDS:
        token = tokens[j]
        if token.kind == "word" and _is_title_word(tokens, j):
            items.append((j, j))
            j -= 1
        elif token.kind == "punct" and token.text in {"»", ")"}:
            item = _quoted_item(tokens, j, -1)
            if item is None:
                break
            items.append(item)
            j = item[0] - 1
        else:
            break
    items.reverse()
    # «… Путин и премьер-министр Индии **…**»: a title does not begin with «и».
    while items and tokens[items[0][0]].text.casefold() == "и":
        items.pop(0)
    return items


def _chunk_after(tokens, index):
    """Token indexes of an apposition right after the name at ``index``, or None.

    The apposition opens with «,» or «(» and must end at a clause boundary (a comma, a
    sentence end, the closing bracket, the end of the text) with only title words between.
    A dash opens one too when the name begins its clause: «Кирилл Разлогов — директор
    Российского института культурологии».
    """
    j = _after_latin_spelling(tokens, index + 1)
    if j >= len(tokens) or tokens[j].kind != "punct":
        return None
    opener = tokens[j].text
    if opener in DASHES:
        if index > 0 and tokens[index - 1].text not in CLAUSE_STARTS:
            return None
    elif opener not in {",", "("}:
        return None
    bracketed = opener == "("
    items, j = [], j + 1
    while j < len(tokens) and len(items) <= MAX_TITLE_WORDS:
        token = tokens[j]
        if token.kind == "word" and _is_title_word(tokens, j):
            items.append((j, j))
            j += 1
        elif token.kind == "punct" and token.text in ({"«"} if bracketed else {"«", "("}):
            item = _quoted_item(tokens, j, 1)
            if item is None:
                return None
            items.append(item)
            j = item[1] + 1
        elif token.kind == "punct" and token.text in ({")"} if bracketed else APPOSITION_ENDS):
            return items or None
        else:
            return None
    return items if j == len(tokens) and items and not bracketed else None


def _after_latin_spelling(tokens, j):
    """Past «(Scott Horowitz)» at ``j``, the name in Latin letters after a name, if any."""
    if j >= len(tokens) or tokens[j].text != "(":
        return j
    item = _quoted_item(tokens, j, 1)
    if item is None or item[1] == j + 1:
        return j
    inside = tokens[j + 1 : item[1]]
    if all(t.kind == "word" and t.text.isascii() or t.text == "." for t in inside):
        return item[1] + 1
    return j


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
            if _head_cases(tokens[next_first].text) & cases:
                conjuncts.append([position + 1])
            elif len(conjuncts[-1]) > 1 and _coordinated(tokens, items, position):
                # «по взаимоотношениям Церкви и общества»: two complements, one title.
                conjuncts[-1].extend([position, position + 1])
            else:
                return None
            position += 1
        elif word.casefold() in TITLE_PREPOSITIONS or is_dependent(word):
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
        head_word = _nominative_word(tokens[head_first].text, cases, pos=HEAD_POS)
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
    head = _lemma(tokens[items[conjunct[0]][0]].text, cases, HEAD_POS)
    if head not in GOVERNS_INSTRUMENTAL:
        return False
    word = tokens[items[position][0]].text
    return any(p.tag.case == "ablt" and p.tag.POS in {"NOUN", "ADJF"} for p in parses(word))


def _finding(tokens, items, head, text, name, where):
    """The RoleFinding for a title whose head is item ``head``, or None if there is none.

    Items before ``head`` must all be adjectives agreeing with it ("генеральный секретарь")
    when the title follows the name; before the name, they are taken as far as they agree.
    """
    cases = _head_cases(tokens[items[head][0]].text)
    if not cases:
        return None
    titles = _title_from(tokens, items, text, head, cases)
    if titles is None:
        return None
    gender = _gender(tokens[items[head][0]].text, cases)
    adjectives, lemmas, k = [], [], head - 1
    while k >= 0 and items[k][0] == items[k][1]:
        word = tokens[items[k][0]].text
        if word.casefold() == "и" and adjectives and k > 0:
            # «чрезвычайный и полномочный посол»: adjectives joined by «и».
            if _agreeing_adjective(tokens[items[k - 1][0]].text, cases) is None:
                break
            adjectives.insert(0, "и")
            k -= 1
            continue
        if _agreeing_adjective(word, cases) is None:
            break
        adjectives.insert(0, _nominative_word(word, cases, {"ADJF", "PRTF"}, gender))
        lemmas.append(_lemma(word, cases, {"ADJF", "PRTF"}))
        k -= 1
    if where == "after" and k >= 0:
        return None
    if adjectives:
        head_word, rest, conjunct = titles[0]
        titles[0] = (" ".join([*adjectives, head_word]), rest, conjunct)
    plain = [" ".join(part for part in (head_word, rest) if part) for head_word, rest, _ in titles]
    role_text = " и ".join(plain)
    # A place at the end of conjoined titles belongs to each ("председатель Кабинета
    # министров и руководитель Администрации президента Киргизии").
    if len(titles) > 1:
        last_conjunct = titles[-1][2]
        last_word = tokens[items[last_conjunct[-1]][1]].text
        if len(last_conjunct) > 1 and _is_place(last_word):
            plain = [
                title if _is_place(title.split()[-1]) else f"{title} {last_word}" for title in plain
            ]
    heads = [_lemma(tokens[items[c[0]][0]].text, cases, HEAD_POS) for _h, _r, c in titles]
    span = (tokens[items[k + 1][0]].start, tokens[items[-1][1]].end)
    ordered = tuple(case for case in CASES if case in cases)
    if heads[0] in HONORIFICS:
        return RoleFinding("", [], ordered, where, span, honorific=True, head_lemmas=heads)
    office = (
        _agrees(name, cases)
        and all(head in OFFICE_HEADS for head in heads)
        and not NOT_HELD_NOW.intersection(lemmas)
    )
    complete = all(len(conjunct) > 1 for _h, _r, conjunct in titles)
    return RoleFinding(
        role_text, plain, ordered, where, span, office=office,
        confident=office and complete, head_lemmas=heads,
    )  # fmt: skip


def _agrees(name, cases):
    """Can ``name`` be read in one of ``cases``?

    A name the dictionary does not know ("Никол Пашинян") stays as written in every case
    and so agrees with any; a known one must have a reading in one of ``cases`` as good as
    elsewhere, or one the dictionary confirms.
    """
    best_here = max((r[3] for r in nominative_candidates(name, cases)), default=-1.0)
    best_anywhere = max((r[3] for r in nominative_candidates(name)), default=-1.0)
    return best_here > 0 or best_here >= best_anywhere


def _role_before(tokens, index, text, name):
    items = _chunk_before(tokens, index)
    finding = _first_title(tokens, items, text, name)
    if finding is None:
        return None
    if len(finding.titles) == 1 and " " not in finding.titles[0] and len(items) > 1:
        # «председатель Совета муфтиев России шейх Равиль Гайнутдин»: a rank or form of
        # address between a complete title and the name; the title is the office.
        first = next(i for i, item in enumerate(items) if tokens[item[0]].start >= finding.span[0])
        office = _first_title(tokens, items[:first], text, name, complete=True)
        if office is not None and set(office.cases) & set(finding.cases):
            finding = _joined(office, finding, " ", rank=True)
    # «лидер Меджлиса крымско-татарского народа, народный депутат Украины Мустафа
    # Джемилев»: offices listed with commas, each complete and in the name's case.
    while True:
        comma = next(j for j, token in enumerate(tokens) if token.start >= finding.span[0]) - 1
        if comma < 1 or tokens[comma].text != ",":
            return finding
        earlier = _first_title(tokens, _chunk_before(tokens, comma), text, name, complete=True)
        if earlier is None or not earlier.office or not set(earlier.cases) & set(finding.cases):
            return finding
        finding = _joined(earlier, finding, ", ")


def _first_title(tokens, items, text, name, complete=False):
    """The finding of the leftmost head whose title runs to the end of ``items``; with
    ``complete``, only a title that names where it is held."""
    for head in range(len(items)):
        if _is_family(tokens, items[head]):
            return None  # «муж актрисы Сергей Сенин»: what follows is the relation's
        finding = _finding(tokens, items, head, text, name, "before")
        if finding is not None and not finding.honorific:
            if not complete or all(" " in title for title in finding.titles):
                return finding
        elif finding is not None and not complete:
            return finding
    return None


def _joined(first, second, separator, rank=False):
    """One finding of two titles read one after the other before a name. A ``rank``
    second («протоиерей», «господин») stays in the text as written but is no title."""
    titles = first.titles + ([] if rank else second.titles)
    role_text = separator.join(part for part in (first.role_text, second.role_text) if part)
    return RoleFinding(
        role_text, titles, tuple(c for c in first.cases if c in second.cases), "before",
        (first.span[0], second.span[1]), office=first.office and (rank or second.office),
        confident=first.confident and (rank or second.confident),
        head_lemmas=first.head_lemmas + ([] if rank else second.head_lemmas),
    )  # fmt: skip


def _role_after(tokens, index, text, name):
    items = _chunk_after(tokens, index)
    if not items:
        return None
    for head in range(len(items)):
        if _is_family(tokens, items[head]):
            return None
        finding = _finding(tokens, items, head, text, name, "after")
        if finding is not None:
            # An apposition agrees with the name; a title in another case is not one.
            if finding.honorific or not _agrees(name, finding.cases):
                return None
            return finding
    return None


def _is_family(tokens, item):
    """Is ``item`` a family relation («вдова», «муж»): never a role, and the name after it
    is as often its complement («вдова Ельцина») as in its case."""
    first, last = item
    return first == last and parses(tokens[first].text)[0].normal_form in RELATIVES_BY_FAMILY


def _is_place(word):
    return any("Geox" in parse.tag for parse in parses(word)[:3])


def is_office(title):
    """Is the head of ``title`` (its first noun) an office in ``OFFICE_HEADS``?"""
    for word in title.split():
        for parse in parses(word):
            if parse.tag.POS == "NOUN":
                return parse.normal_form.replace("ё", "е") in OFFICE_HEADS
    return False


def complete_bare_titles(persons, texts, role_spans):
    """Give a one-word title its complement when the article uses exactly one elsewhere.

    "просьба президента **Касым-Жомарта Токаева**" names no country, but an article that
    otherwise speaks of "Президент Казахстана" (in words no other title claims) means him.
    ``persons`` are ``analysis.PersonRef``; ``role_spans`` are (text index, start, end) of
    the titles already read, which cannot complete another. A completed title whose head
    is an office becomes confident.
    """
    claimed = {
        role.title.split()[0] for person in persons for role in person.roles if " " in role.title
    }
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
                        p == text_index and start <= token.start < end
                        for p, start, end in role_spans
                    ):
                        continue
                    if parses(token.text)[0].normal_form != head_lemma:
                        continue
                    complement = []
                    for following in tokens[index + 1 : index + 4]:
                        if following.kind != "word" or not following.text[:1].isupper():
                            break
                        if not is_dependent(following.text):
                            break
                        complement.append(following.text)
                    if complement:
                        completions.add(" ".join(complement))
            completions = {c for c in completions if f"{role.title} {c}" not in claimed}
            keys = {lemma_key(c) for c in completions}
            if len(keys) == 1:
                completion = sorted(completions)[0]
                role.title = f"{role.title} {completion}"
                role.confident = role.office
                person.role_texts = [
                    f"{text} {completion}" if text == head_lemma or " " not in text else text
                    for text in person.role_texts
                ]
