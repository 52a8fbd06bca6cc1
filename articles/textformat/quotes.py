"""Transcript turns: a paragraph that opens with a speaker's name and a colon.

Wire copy prints interviews and press conferences as turns::

    В.Путин: Мы открыты к диалогу.
    Ван И (как переведено): Китай поддерживает переговоры.

The rest of such a paragraph is a quote of the named person. Who that is, is linking's
rule as for any other name: a name with initials («В.Путин», «В. В. Путин») is the
person of the article, or else the one known person, with that surname and those
initials; when nobody fits, the name as written (spaced: «В. Путин»). The words before the colon must
read as a name: «Вопрос:», «Новая Зеландия:» or «Корреспондент ТАСС:» are not speakers.
"""

import re
from dataclasses import dataclass

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


def _unquoted(said):
    """«Words» → Words: a quote is stored without its «» marks, whether or not a turn
    puts them around the whole of what was said."""
    inner = said.removesuffix(".") if said.endswith("».") else said
    if inner.startswith("«") and inner.endswith("»") and "«" not in inner[1:-1]:
        return inner[1:-1].strip()
    return said
