"""Transcript turns: a paragraph that opens with a speaker's name and a colon.

Wire copy prints interviews and press conferences as turns::

    В.Путин: Мы открыты к диалогу.
    Ван И (как переведено): Китай поддерживает переговоры.

The rest of such a paragraph is a quote of the named person. A name with initials
(«В.Путин», «В. В. Путин») stands for the one known person with that surname and those
initials; when nobody fits, the name as written (spaced: «В. Путин») becomes the
person's name, in the nominative as the turn gives it. The words before the colon must
read as a name: «Вопрос:», «Новая Зеландия:» or «Корреспондент ТАСС:» are not speakers.
"""

import re
from dataclasses import dataclass

from media.base import normalize_name
from people.matching import find_person_by_surname
from people.names import morph

UPPER, LOWER = "А-ЯЁA-Z", "а-яёa-z"
_WORD = rf"[{UPPER}][{LOWER}’']*(?:-[{UPPER}][{LOWER}’']*)?"
TURN = re.compile(
    rf"""^(?:\*\*)?
    (?:
        (?P<initials>(?:[{UPPER}]\.\s?){{1,2}})(?P<surname>{_WORD})  # В.Путин, В. В. Путин
      | (?P<full>{_WORD}(?:\ {_WORD}){{1,3}})                         # Ван И, Мария Захарова
    )
    (?:\*\*)?
    (?:\s*\([^()\n]{{1,80}}\))?   # (как переведено)
    (?:\*\*)?:(?:\*\*)?\s+
    (?P<text>\S[\s\S]*)$""",
    re.VERBOSE,
)
NAME_GRAMMEMES = ("Name", "Surn", "Patr")


@dataclass
class TranscriptTurn:
    """One turn: the speaker as written, and the words they said."""

    written: str  # «В.Путин»
    initials: str  # «В.» (empty for a full name)
    surname: str  # «Путин» (the last word of a full name)
    text: str

    @property
    def name(self):
        """The speaker's name as the turn gives it, spaced: «В. Путин», «Ван И»."""
        if self.initials:
            letters = [letter for letter in self.initials if letter.isalpha()]
            return " ".join([*(f"{letter}." for letter in letters), self.surname])
        return self.written


def can_be_name_word(word):
    """False for a word the dictionary knows only as something else than a name: a place,
    an organization, an adjective, a common noun in the nominative («Вопрос», «Союз»)."""
    readings = morph().parse(word)
    if any(grammeme in parse.tag for parse in readings for grammeme in NAME_GRAMMEMES):
        return True
    top = readings[0]
    if not top.is_known:
        return True
    tag = top.tag
    if tag.POS in {"ADJF", "PRTF"} or "Geox" in tag or "Orgn" in tag:
        return False
    return not (tag.POS == "NOUN" and tag.number == "sing" and tag.case == "nomn")


def transcript_turn(text):
    """The ``TranscriptTurn`` a paragraph is, or None when it is not one."""
    match = TURN.match(text.strip())
    if match is None:
        return None
    said = _unquoted(match["text"].strip())
    if match["initials"]:
        return TranscriptTurn(
            f"{match['initials']}{match['surname']}", match["initials"], match["surname"], said
        )
    written = match["full"]
    if not all(can_be_name_word(word) for word in written.split()):
        return None
    return TranscriptTurn(written, "", written.split()[-1], said)


def _compact(text):
    return normalize_name(text).replace(" ", "")


def _unquoted(said):
    """«Words» → Words: a quote is stored without its «» marks, whether or not a turn
    puts them around the whole of what was said."""
    inner = said.removesuffix(".") if said.endswith("».") else said
    if inner.startswith("«") and inner.endswith("»") and "«" not in inner[1:-1]:
        return inner[1:-1].strip()
    return said


def find_speaker(turn, persons):
    """The person among ``persons`` (the article's ``PersonRef``s) the turn names, or None.

    A turn in bold (``**Д.Песков**: …``) was also read as a bold name: that person is the
    speaker, and a known person the initials stand for becomes their best name.
    """
    for person in persons:
        if _compact(turn.written) in {_compact(form) for form in person.written_as}:
            if turn.initials:
                name = speaker_name(turn)
                if normalize_name(name) != normalize_name(person.name):
                    person.candidates.insert(0, name)
            return person
    if not turn.initials:
        key = normalize_name(turn.written)
        for person in persons:
            forms = [*person.candidates[:1], *person.written_as]
            if key in {normalize_name(form) for form in forms}:
                return person
        return None
    letters = [normalize_name(letter) for letter in turn.initials if letter.isalpha()]
    surname = normalize_name(turn.surname)
    for person in persons:
        words = normalize_name(person.name).split()
        if len(words) > 1 and words[-1] == surname and words[0].startswith(letters[0]):
            return person
    return None


def speaker_name(turn):
    """The nominative name for a turn's speaker nobody else in the article names: a known
    person's name for initials that fit one, else the name as the turn writes it."""
    if turn.initials:
        known = find_person_by_surname([turn.surname], turn.initials)
        if known is not None:
            return known.name
    return turn.name
