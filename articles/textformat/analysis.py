"""Who and what an article names: persons with their roles, organizations, quotes.

Everything here is read from the text with the help of the pymorphy3 dictionary: a bold
span that looks like a name is a person; the title ``roles.role_around`` reads around it
("президента", "генеральный секретарь ОДКБ", "…, премьер-министр Армении,") is the
person's role; the case of the role (or of the words around the name) tells which case
the name is in, so it can be put into the nominative. Which mentions are one person, and
their name, is ``linking.link``'s rule, the one ``entities`` (the bench) uses too. Nothing
here writes to the database: ``analyse`` returns plain data that ``importing`` applies.
"""

import re
from dataclasses import dataclass, field

from articles.models import Mention
from articles.textformat.captions import shown_in_photos
from articles.textformat.entities import (
    organization_names,
    organization_spans,
    unbolded_persons,
    without_bold,
)
from articles.textformat.linking import (
    SPLIT_INITIALS,
    PersonMention,
    link,
    spelled_after,
    with_candidates,
)
from articles.textformat.name_cases import context_cases
from articles.textformat.quotes import transcript_turn
from media.base import normalize_name
from people.matching import office_key

from .bare_titles import complete_bare_titles
from .name_words import INNER_NAME_PARTICLES, JOINED_PARTICLE
from .organizations import known_full_name_index, model_organizations, organizations_in
from .roles import role_around
from .titles import CLOSES_QUOTE, OPENS_QUOTE
from .words import DASHES, SENTENCE_END, is_acronym, tokenize

HEADLINE = -1  # the paragraph index of a mention in the headline
# The words (and quote marks) after «…», – in which its speaker is looked for.
ATTRIBUTION_TOKENS = 12
QUOTE_MARKS = OPENS_QUOTE | CLOSES_QUOTE
TURN_TOKEN = -(10**6)  # the token of a turn's speaker: no token, one turn a paragraph
NAME_WORD = re.compile(r"^[A-ZА-ЯЁ][\w’'.-]*$")


@dataclass
class Role:
    """A title as the article gives it, in the nominative: "генеральный секретарь ОДКБ"."""

    title: str
    organizations: list = field(default_factory=list)  # OrganizationRef, most specific first
    # See ``roles``: only a confident title becomes a ``Role`` row without an editor.
    confident: bool = False
    office: bool = False


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
class _Mention(PersonMention):
    """One name in one paragraph, with where it is and the title around it."""

    role: object = None  # roles.RoleFinding of the words around it
    paragraph: int = 0  # HEADLINE, or the index in [dek, paragraphs…]
    token: int = 0
    bold: bool = True  # False: found by the named-entity model in plain text
    turn: bool = False  # the speaker of a transcript turn («В.Путин: …»)


def looks_like_person_name(text):
    """A span that can be a person's name: 1–5 words, no acronyms, each capitalized but
    the particles inside foreign names (Урсула фон дер Ляйен, Абу Бакр аль-Багдади)."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(char in text for char in '<>&"«»()[]{}'):
        return False
    capitalized = [word for word in words if NAME_WORD.match(word)]
    if not capitalized or words[-1] in INNER_NAME_PARTICLES:
        return False
    if not all(
        NAME_WORD.match(w) or w in INNER_NAME_PARTICLES or JOINED_PARTICLE.match(w) for w in words
    ):
        return False
    return not all(is_acronym(word) for word in capitalized)


def _mentions_in(paragraph_index, text):
    tokens = tokenize(text)
    mentions = []
    for index, token in enumerate(tokens):
        if token.kind != "bold" or not looks_like_person_name(token.text.strip()):
            continue
        name = " ".join(token.text.split())
        role = role_around(text, token.start, token.end, tokens)
        # The title's case (even an honorific's) is the name's case.
        cases = (
            role.cases if role is not None else (context_cases(text, token.start, token.end) or ())
        )
        mentions.append(
            _Mention(
                token.start,
                token.end,
                name,
                cases,
                role=role,
                paragraph=paragraph_index,
                token=index,
            )
        )
    return tokens, mentions


def _quotes_in(tokens, text, persons_by_token, unbolded=()):
    """[(quoted words, PersonRef)] of «…» followed or preceded by a speaker: a bold name
    (``persons_by_token``), or one the model found (``unbolded``: {(start, end): PersonRef},
    offsets into ``text``)."""
    starting = {start: person for (start, _end), person in unbolded.items()} if unbolded else {}
    ending = {end: person for (_start, end), person in unbolded.items()} if unbolded else {}
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
            for m in range(k + 1, min(len(tokens), k + ATTRIBUTION_TOKENS)):
                if tokens[m].kind == "bold":
                    speaker = persons_by_token.get(m)
                    break
                if tokens[m].kind != "word":
                    if tokens[m].text in QUOTE_MARKS:
                        continue  # – сказал главный тренер «Вашингтона» Спенсер Карбери
                    break
                if tokens[m].start in starting:  # «…», – сказал Калын
                    speaker = starting[tokens[m].start]
                    break
        # Before: **Имя** заявил: «…»
        if speaker is None and index > 0 and tokens[index - 1].text == ":":
            for m in range(index - 2, -1, -1):
                if tokens[m].kind == "punct" and tokens[m].text in SENTENCE_END:
                    break
                if tokens[m].kind == "bold" and m in persons_by_token:
                    speaker = persons_by_token[m]
                    break
                if tokens[m].kind == "word" and tokens[m].end in ending:
                    speaker = ending[tokens[m].end]  # Лавров заявил: «…»
                    break
        if speaker is not None and inner.strip():
            quotes.append((inner, speaker))
        index = close + 1
    return quotes


def analyse(parsed, known_index=None, known_persons=()):
    """Persons, organizations and quotes of a ``ParsedArticle``.

    ``known_index`` maps the first word of known organizations' full names to their lemma
    keys; ``known_persons`` (a ``linking.KnownNames``, or names) are the persons already
    known: their names settle a nominative the dictionary cannot, and link a surname (or
    initials) the article never gives in full.
    """
    known_index = known_index if known_index is not None else known_full_name_index()
    paragraphs = [parsed.dek, *(p.text for p in parsed.paragraphs)]
    all_mentions, tokenized = _mentions_in(HEADLINE, parsed.headline)[1], []
    for paragraph_index, text in enumerate(paragraphs):
        tokens, mentions = _mentions_in(paragraph_index, text)
        tokenized.append(tokens)
        all_mentions.extend(mentions)
    all_mentions += _unbolded_mentions(parsed)
    speakers = _turn_speakers(paragraphs, all_mentions)
    all_mentions += [mention for _turn, mention in speakers.values() if mention.turn]
    for mention in all_mentions:
        with_candidates(mention)

    persons, person_of_mention = [], {}
    for linked in link(all_mentions, known_persons):
        bold = [m.text for m in linked.mentions if m.bold]
        turn = any(m.turn for m in linked.mentions)
        if not (bold or turn or linked.known or any(m.is_full for m in linked.mentions)):
            # A surname alone that neither the article nor the known persons explain:
            # found by the model only, never a new person «Лавров»; a bold one the
            # editor marked, or a turn's speaker, stays as it always was.
            continue
        written = list(dict.fromkeys(bold or [m.text for m in linked.mentions]))
        source = Mention.Source.BOLD
        if turn and not bold:
            source = Mention.Source.TRANSCRIPT  # the turn names them for certain
        elif not bold:
            # Found by the model; named in captions only: the caption is where it came from.
            in_captions = all(m.paragraph >= len(paragraphs) for m in linked.mentions)
            source = Mention.Source.CAPTION if in_captions else Mention.Source.MODEL
        person = PersonRef(candidates=linked.names, written_as=written, source=source)
        for mention in linked.mentions:
            person_of_mention[(mention.paragraph, mention.token)] = person
            if mention.role is not None and not mention.role.honorific:
                _add_role(person, mention.role)
                if mention.role.apposition is not None:
                    _add_role(person, mention.role.apposition)
        persons.append(person)

    role_spans = [
        (m.paragraph, *finding.span)
        for m in all_mentions
        if m.role is not None
        for finding in (m.role, m.role.apposition)
        if finding is not None
    ]
    complete_bare_titles(persons, paragraphs, role_spans)

    quotes = []
    for paragraph_index, text in enumerate(paragraphs):
        by_token = {
            token: person
            for (p, token), person in person_of_mention.items()
            if p == paragraph_index
        }
        # The model's names by their place in the text, where that is the text itself.
        unbolded = {
            (m.start, m.end): person_of_mention[(m.paragraph, m.token)]
            for m in all_mentions
            if not m.bold
            and not m.turn
            and m.paragraph == paragraph_index
            and "**" not in text
            and (m.paragraph, m.token) in person_of_mention
        }
        for inner, speaker in _quotes_in(tokenized[paragraph_index], text, by_token, unbolded):
            quotes.append(QuoteRef(text=inner, speaker=speaker))
        if paragraph_index in speakers:
            turn, mention = speakers[paragraph_index]
            speaker = person_of_mention.get((mention.paragraph, mention.token))
            if speaker is not None and not any(
                q.text == turn.text and q.speaker is speaker for q in quotes
            ):
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
            found = organizations_in(role.title, tokens, set(), known_index, in_title=True)
            # The most specific organization first: a body before the acronym it belongs to.
            found.sort(key=lambda item: 0 if item[1].name else 1)
            role.organizations = [record(ref) for _index, ref, _written in found]

    texts = [parsed.headline, *paragraphs]
    texts += [photo.caption for photo in _photos(parsed)]
    spans_by_text = {}
    for p, start, end in role_spans:
        spans_by_text.setdefault(p + 1, []).append((start, end))
    for text_index, text in enumerate(texts):
        if text_index == 0 or text_index > len(paragraphs):
            tokens = tokenize(text)
        else:
            tokens = tokenized[text_index - 1]
        spans = spans_by_text.get(text_index, ())
        skip = {i for i, token in enumerate(tokens) if any(s <= token.start < e for s, e in spans)}
        recognized = organization_names(text)
        found = organizations_in(text, tokens, skip, known_index, recognized=recognized)
        for _index, ref, written in found:
            record(ref, written)
        taken = [(written, ref) for _index, ref, written in found]
        for written, ref in model_organizations(text, organization_spans(text), taken):
            if not _part_of_recorded(ref, organizations):
                record(ref, written)

    # A title naming a body only the model read («депутат Верховной рады»): that body.
    for person in persons:
        for role in person.roles:
            if not role.organizations:
                named = _named_in(role.title, organizations.values())
                role.organizations = [named] if named is not None else []

    shown_in_photos(
        _photos(parsed),
        persons,
        lambda names, written: PersonRef(names, [written], source=Mention.Source.CAPTION),
    )

    return Analysis(persons=persons, organizations=list(organizations.values()), quotes=quotes)


def _add_role(person, finding):
    """Record a ``roles.RoleFinding`` on the person: as written, and title by title."""
    if finding.role_text not in person.role_texts:
        person.role_texts.append(finding.role_text)
    for title in finding.titles:
        key = office_key(title)
        role = next((role for role in person.roles if office_key(role.title) == key), None)
        if role is None:
            role = Role(title=title)
            person.roles.append(role)
        # One confident reading in the article is enough.
        role.confident = role.confident or finding.confident
        role.office = role.office or finding.office


def _unbolded_mentions(parsed):
    """Persons the named-entity model finds outside bold text: in the headline, the dek,
    the body and the captions (bold is a strong hint, not a requirement).

    In a text without bold (a headline or a lede, as wire copy writes them) the words
    around the name give its role and case, as they do for a bold name: «с Президентом
    Казахстана Касым-Жомартом Токаевым». Paragraph numbers follow ``analyse``: the
    headline, then [dek, paragraphs…], then the captions.
    """
    texts = [parsed.headline, parsed.dek, *(p.text for p in parsed.paragraphs)]
    texts += [photo.caption for photo in _photos(parsed)]
    mentions = []
    for text_index, text in enumerate(texts):
        # A transcript turn's speaker («В.Путин: …») is read by the turn, as written there.
        speaker_end = text.find(":") if transcript_turn(text) is not None else -1
        found = [item for item in unbolded_persons(text) if item[0] >= speaker_end]
        plain = "**" not in text  # offsets into the text itself: a role can be read there
        plain_text, bold = without_bold(text)
        name_ends = {end for _s, end, _w, _c in found} | {end for _s, end in bold}
        for start, end, written, cases in found:
            name = " ".join(SPLIT_INITIALS.sub(" ", written).split())  # В.Путин → В. Путин
            if not looks_like_person_name(name):
                continue
            if spelled_after(plain_text, start, written) in name_ends:
                continue  # "Джоэл Саймон (Joel Simon)": one person, named twice
            role = None
            if plain:
                others = [(s, e) for s, e, _w, _c in found if (s, e) != (start, end)]
                role = role_around(text, start, end, other_names=others)
            # Negative token numbers: no bold token, so no quote is attributed to it.
            mention = _Mention(
                start,
                end,
                name,
                role.cases if role is not None else (cases or ()),
                role=role,
                paragraph=text_index - 1,  # HEADLINE for the headline
                token=-1 - len(mentions),
            )
            mention.bold = False
            mentions.append(mention)
    return mentions


def _turn_speakers(paragraphs, mentions):
    """{paragraph index: (TranscriptTurn, the mention of its speaker)} of the transcript
    turns («В.Путин: …»): a turn in bold was read as a bold name; another is a mention of
    its own, in the nominative, linked like any other (initials to the known person)."""
    speakers = {}
    for index, text in enumerate(paragraphs):
        turn = transcript_turn(text)
        if turn is None:
            continue
        in_bold = [m for m in mentions if m.paragraph == index and m.bold]
        mention = next((m for m in in_bold if _compact(m.text) == _compact(turn.written)), None)
        if mention is None:
            mention = _Mention(0, len(turn.written), turn.written, ("nomn",), paragraph=index)
            mention.token, mention.bold, mention.turn = TURN_TOKEN, False, True
        speakers[index] = (turn, mention)
    return speakers


def _compact(name):
    return normalize_name(name).replace(" ", "")  # «В. Путин» is «В.Путин»


def _part_of_recorded(ref, organizations):
    """Is ``ref`` the beginning of an organization recorded already: «Кабинет министров»
    of «Кабинет министров Киргизии», read from a person's title?"""
    words = ref.key[1]  # a name: the model gives no acronyms here
    return any(
        key[0] == "name" and key[1][: len(words)] == words and len(key[1]) > len(words)
        for key in organizations
    )


def _named_in(title, organizations):
    """The organization (an OrganizationRef) written in ``title`` as the text writes it,
    the longest such, or None."""
    best, longest = None, 0
    for ref in organizations:
        for written in ref.written_as:
            if len(written) > longest and re.search(
                rf"(?<![\w-]){re.escape(written)}(?![\w-])", title
            ):
                best, longest = ref, len(written)
    return best


def _photos(parsed):
    return [block for block in parsed.blocks if not hasattr(block, "text")]
