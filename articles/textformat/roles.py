"""The role a text gives a person, read from the words around the person's name.

``role_around(text, start, end)`` gets a paragraph (or headline, or lede) and the character
offsets of a person's name in it, however the name was found (a bold span or a named-entity
span), and returns a ``RoleFinding`` or None. It reads, in this order:

* the title just before the name, in the same case as the name: «президент России
  **Владимир Путин**», «с министром иностранных дел Турции **Хаканом Фиданом**»,
  conjoined titles «председатель Кабинета министров и руководитель Администрации
  президента Киргизии **…**»;
* a title that opens the sentence, set off by a comma from the name of its subject:
  «Министр культуры Бурятии, **Дарима Цыренова** открыла…»;
* an apposition right after the name, between commas or in brackets, in the name's case:
  «**Никол Пашинян**, премьер-министр Армении, заявил…»;
* a title a predicate states of the name's subject (``predicates``): «**Ольга Зимина**
  является депутатом…», «назначен министром…», «Капитаном стал **Глеб Ванин**», which
  also outweighs a description before the name that is no office.

A title is never taken across a clause boundary: a sentence end, «,» «;» «:» or a dash
before the name (but for the sentence-opening title above), a verb, pronoun or most
conjunctions between title and name, «, который» after it. Honorifics («господин», «ваш давний друг») are read only for the name's case: they
are no role.

**Confident** (``RoleFinding.confident``) means the title may become a ``Role`` of the
person without an editor: every conjoined title's head noun is an office (``OFFICE_HEADS``:
президент, министр, председатель, глава, мэр, генеральный секретарь…), none is qualified as
not held now («бывший», «будущий»; «экс-президент» is not in the list), the name can be read
in the title's case, and each title names what it is held at («президент России», not a bare
«президент», which ``complete_bare_titles`` may complete from the rest of the article; not
«лидер оппозиции» or «командир корабля», which name a grouping of people, no body). Where the title
governs another person's title («пресс-секретарь главы МИД»), the name must read best in
the outer title's case and not in the inner one's: «… Сергея Лаврова» gets «глава МИД»,
«… Мария Захарова» the whole title, «пресс-секретаря президента Дмитрия Пескова» none
for sure. Of an office before the name and one a predicate states as held now
(«депутат Госдумы Иван Петров стал министром финансов») the predicate's is the role.
Anything else («украинский военнослужащий», «житель Москвы», «эксперт») stays on the
mention as written, for an editor to confirm.

The module reads where a title stands; ``titles`` reads the title itself, ``title_words``
holds the vocabularies (offices, honorifics, family relations), ``predicates`` reads
titles stated by a verb, ``bare_titles`` completes a bare title from the rest of the
article.
"""

from dataclasses import replace

from .predicates import predicate_role
from .title_words import RELATIVES_BY_FAMILY
from .titles import (
    CLOSES_QUOTE,
    OPENS_QUOTE,
    RoleFinding,
    acting_participle,
    agrees,
    is_title_word,
    only_guessed,
    person_cases,
    quoted_item,
    reads_best_in,
    title_finding,
)
from .words import CLAUSE_STARTS, DASHES, SENTENCE_END, Token, parses, tokenize

__all__ = ["RoleFinding", "role_around"]

MAX_TITLE_WORDS = 14
APPOSITION_ENDS = SENTENCE_END | {",", ";", ":"}


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
        finding = _apposition_opening_the_sentence(sequence, index, text, name)
    if finding is None:
        finding = _role_after(sequence, index, text, name)
    if finding is None or finding.where == "before" or not finding.office:
        # «Экономист Андрей Зуев избран президентом банка»: the office the predicate
        # states is the role, not the description before the name; and of two offices
        # («депутат Госдумы Иван Петров стал министром финансов») the predicate's, held
        # now by what the verb states, is the newer fact: the mention's one role.
        subject = index
        if finding is not None and finding.where == "before":
            subject = next(j for j, t in enumerate(sequence) if t.start >= finding.span[0])
        stated = predicate_role(sequence, index, text, name, subject)
        if stated is not None and (finding is None or stated.office):
            finding = stated
    if finding is not None and finding.where == "before" and not finding.honorific:
        apposition = _role_after(sequence, index, text, name)
        if apposition is not None:
            finding = replace(finding, apposition=apposition)
    return finding


def _name_token(text, start, end):
    return Token("name", " ".join(text[start:end].replace("**", " ").split()), start, end)


def _chunk_before(tokens, index):
    """Token indexes before ``index`` that can belong to a title, left to right.

    Stops at punctuation, a previous name, verbs, pronouns and most conjunctions and
    prepositions. A «quoted name» counts as one item (a party or company name).
    """
    items, j = [], index - 1
    while j >= 0 and len(items) < MAX_TITLE_WORDS:
        token = tokens[j]
        if token.kind == "word" and is_title_word(tokens, j):
            items.append((j, j))
            j -= 1
        elif token.kind == "punct" and token.text in CLOSES_QUOTE | {")"}:
            item = quoted_item(tokens, j, -1)
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
    Российского института культурологии»; or when what follows it ends the sentence:
    «В переговорах участвовал Сергей Лавров — глава МИД России.»
    """
    j = _after_latin_spelling(tokens, index + 1)
    if j >= len(tokens) or tokens[j].kind != "punct":
        return None
    opener = tokens[j].text
    ends = APPOSITION_ENDS
    if opener in DASHES:
        if index > 0 and tokens[index - 1].text not in CLAUSE_STARTS:
            ends = SENTENCE_END
    elif opener not in {",", "("}:
        return None
    bracketed = opener == "("
    items, j = [], j + 1
    while j < len(tokens) and len(items) <= MAX_TITLE_WORDS:
        token = tokens[j]
        if token.kind == "word" and is_title_word(tokens, j):
            items.append((j, j))
            j += 1
        elif token.kind == "punct" and token.text in OPENS_QUOTE | ({"("} - {opener}):
            item = quoted_item(tokens, j, 1)
            if item is None:
                return None
            items.append(item)
            j = item[1] + 1
        elif token.kind == "punct" and token.text in ({")"} if bracketed else ends):
            return items or None
        else:
            return None
    return items if j == len(tokens) and items and not bracketed else None


def _after_latin_spelling(tokens, j):
    """Past «(Scott Horowitz)» at ``j``, the name in Latin letters after a name, if any."""
    if j >= len(tokens) or tokens[j].text != "(":
        return j
    item = quoted_item(tokens, j, 1)
    if item is None or item[1] == j + 1:
        return j
    inside = tokens[j + 1 : item[1]]
    if all(t.kind == "word" and t.text.isascii() or t.text == "." for t in inside):
        return item[1] + 1
    return j


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


def _apposition_opening_the_sentence(tokens, index, text, name):
    """«Министр финансов Чувашии, Игорь Белов заявил…»: a title that opens the sentence,
    set off by a comma from the name of its subject, which a verb follows.

    Only at the start of a sentence: after a comma elsewhere the title may be the
    previous person's apposition («Иван Петров, министр финансов, Павел Орлов…»).
    """
    if index < 2 or tokens[index - 1].text != ",":
        return None
    items = _chunk_before(tokens, index - 1)
    if not items:
        return None
    if not _opens_sentence(tokens, items[0][0]):
        return None
    if not _verb_follows(tokens, index + 1):
        return None
    finding = _first_title(tokens, items, text, name)
    if finding is None or finding.honorific or "nomn" not in finding.cases:
        return None
    if tokens[items[0][0]].start < finding.span[0] or not agrees(name, ("nomn",)):
        return None  # the title must open the sentence, the name be its subject
    return replace(finding, cases=("nomn",))


def _opens_sentence(tokens, j):
    """Does token ``j`` begin its sentence, or follow an opening phrase of a few words
    without a name or a verb in it («Таким образом, …»)?"""
    if j == 0 or tokens[j - 1].text in SENTENCE_END | {"«", "("}:
        return True
    if tokens[j - 1].text != ",":
        return False
    k = j - 2
    while k >= 0 and tokens[k].kind == "word" and j - 2 - k < 3:
        if parses(tokens[k].text)[0].tag.POS in {"VERB", "PRTS", "INFN", "GRND"}:
            return False
        k -= 1
    return k < 0 or tokens[k].text in SENTENCE_END


def _verb_follows(tokens, j):
    """Is there a finite verb at ``j``, after an adverb or a particle at most?"""
    for token in tokens[j : j + 2]:
        if token.kind != "word":
            return False
        pos = parses(token.text)[0].tag.POS
        if pos in {"VERB", "PRTS"}:
            return True
        if pos not in {"ADVB", "PRCL"}:
            return False
    return False


def _first_title(tokens, items, text, name, complete=False):
    """The finding of the leftmost head whose title runs to the end of ``items``; with
    ``complete``, only a title that names where it is held. A head in a case the name
    cannot be in gives way to a later one that agrees («на заседании Совета при
    Президенте РФ глава РФ Иван Петров»: глава, not Президенте), and one the name only
    may be in to a later one in the case it reads best in («пресс-секретарь главы МИД
    Сергея Лаврова»: глава МИД is Лавров's title, the press secretary someone else)."""
    disagreeing = weakly_agreeing = None
    for head in range(len(items)):
        if _is_family(tokens, items[head]):
            if only_guessed(name) or not reads_best_in(name, ("gent",)):
                # «муж актрисы Сергей Сенин»: what follows is the relation's
                return weakly_agreeing or disagreeing
            # «сын бывшего президента США Дональда Трампа»: the name is the relation's
            # complement, and what follows the relation its own title.
            disagreeing = weakly_agreeing = None
            continue
        if acting_participle(tokens, items, head):
            continue  # «исполняющий обязанности министра»: the minister's office, acting
        finding = title_finding(tokens, items, head, text, name, "before")
        if (
            finding is None
            or complete
            and (finding.honorific or not all(" " in title for title in finding.titles))
        ):
            continue
        if only_guessed(name) or reads_best_in(name, finding.cases):
            # A name the dictionary only guesses at tells no case to prefer a later head
            # by: «заместитель министра Кэнтаро Сонохара» is the deputy.
            if (weakly_agreeing or disagreeing) and reads_best_in(
                name, person_cases(tokens, items, head)
            ):
                # Not the outer title's: «заместитель руководителя администрации
                # президента Владимира Путина» is the head's or the president's.
                return replace(finding, office=False, confident=False)
            return finding
        if agrees(name, finding.cases):
            weakly_agreeing = weakly_agreeing or finding
        disagreeing = disagreeing or finding
    return weakly_agreeing or disagreeing


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
        finding = title_finding(tokens, items, head, text, name, "after")
        if finding is not None:
            # An apposition agrees with the name; a title in another case is not one.
            if finding.honorific or not agrees(name, finding.cases):
                return None
            return finding
    return None


def _is_family(tokens, item):
    """Is ``item`` a family relation («вдова», «муж»): never a role, and the name after it
    is as often its complement («вдова Ельцина») as in its case."""
    first, last = item
    return first == last and parses(tokens[first].text)[0].normal_form in RELATIVES_BY_FAMILY
