"""Reading the newsroom's plain-text article format.

The format, as staff write it::

    Headline

    DD-MM-YYYY, HH:MM.

    Dek (the lede).

    Caption of a photo
    источник фото: who supplied it.

    Body paragraph with **Bold Names**…

Leading blank lines are ignored; blocks are separated by one or more blank lines; a
photo is a caption block followed by a block that begins ``источник фото:``. Staff open a
photo with three blank lines, so a credit line that comes right after three blank lines
has no caption (the paragraph before it is text, not a caption) and the file is refused. A photo
before the first body paragraph is the lead photo. Files are UTF-8 (a BOM is allowed),
with LF or CRLF line endings. Text that is not UTF-8 but reads as Windows-1251 is
converted, and the conversion is reported as a warning.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from articles.models import Article
from articles.paragraphs import count_before_line, split_paragraphs

CREDIT_PREFIX = "источник фото:"
DEFAULT_MAX_BYTES = 1024 * 1024
HEADLINE_MAX_LENGTH = Article._meta.get_field("headline").max_length
CREDIT_MAX_LENGTH = 200  # media.Credit.name

DATE_LINE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}),\s*(\d{1,2}):(\d{2})\.?$")
# Something meant as a date, in a format the newsroom does not use (2022-02-10, 10.02.2022,
# 10 февраля 2022): reported as "wrong date format" rather than "missing date line".
DATE_LIKE = re.compile(
    r"^\s*(\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{1,2}\s+[а-яё]+\s+\d{4}|\d{1,2}:\d{2})", re.I
)
# Blank lines that open a photo block: a credit after them has no caption before it.
PHOTO_OPENING_BLANK_LINES = 3
# Control characters other than tab, line feed, carriage return and form feed mean binary data.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ArticleFormatError(Exception):
    """A file that cannot be imported, with where and why: ``file:line: message``."""

    def __init__(self, message, source="", line=None):
        super().__init__(message)
        self.message = message
        self.source = str(source)
        self.line = line

    def __str__(self):
        where = self.source or "<text>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class PhotoBlock:
    """A photo as the file gives it: caption and credit, no image file."""

    caption: str
    credit: str
    line: int = 0


@dataclass
class Paragraph:
    """A body paragraph in Markdown, exactly as written."""

    text: str
    line: int = 0


@dataclass
class ParsedArticle:
    """Everything a file says, before anything is looked up or written."""

    source: str
    headline: str
    published_at: datetime.datetime
    dek: str = ""
    blocks: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def paragraphs(self):
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    @property
    def body(self):
        """The body as stored: the paragraphs, separated by blank lines."""
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)

    @property
    def lead_photo(self):
        """The photo that comes before the first body paragraph, if any."""
        if self.blocks and isinstance(self.blocks[0], PhotoBlock):
            return self.blocks[0]
        return None

    def placed_photos(self):
        """The other photos with how many body paragraphs come before each: [(position, photo)].

        Paragraphs as readers see them (``articles.paragraphs``), not the file's blank-line
        blocks: the two items of a loose list are two blocks here but one paragraph there.
        """
        paragraphs = split_paragraphs(self.body)
        placed, line = [], 0  # the line of ``self.body`` the next block starts on
        for index, block in enumerate(self.blocks):
            if isinstance(block, Paragraph):
                line += block.text.count("\n") + 2  # its lines and the blank line after it
            elif index > 0:
                placed.append((count_before_line(paragraphs, line), block))
        return placed


def read_text(path, max_bytes=DEFAULT_MAX_BYTES):
    """The text of the file at ``path`` and any warnings, or an ``ArticleFormatError``.

    Refuses files over ``max_bytes`` before reading them, and binary data. Text that is
    not UTF-8 but reads as Windows-1251 (Cyrillic text saved by older Windows editors) is
    converted with a warning; anything else that is not UTF-8 is refused.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ArticleFormatError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes", path
            )
        data = path.read_bytes()
    except OSError as error:
        raise ArticleFormatError(f"cannot read file: {error.strerror or error}", path) from error
    return decode(data, path)


def decode(data, source=""):
    """Bytes → (text, warnings); see ``read_text`` for what is accepted."""
    warnings = []
    if b"\x00" in data:
        raise ArticleFormatError("binary data (NUL bytes), not a text file", source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _decode_cp1251(data)
        if text is None:
            line = data[: error.start].count(b"\n") + 1
            raise ArticleFormatError(
                f"not UTF-8 text (invalid byte 0x{data[error.start]:02x})", source, line
            ) from None
        warnings.append("not UTF-8: read as Windows-1251 (cp1251) and converted")
    match = BINARY_CHARACTERS.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise ArticleFormatError(
            f"binary data (control character U+{ord(match.group()):04X}), not a text file",
            source,
            line,
        )
    return text, warnings


def _decode_cp1251(data):
    """The text if ``data`` reads as Russian in Windows-1251, else None.

    Almost any bytes decode as cp1251, so the result must look like Russian prose:
    mostly Cyrillic letters among the letters, and no control characters.
    """
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum(1 for char in letters if "а" <= char.casefold() <= "я" or char in "ёЁ")
    if not letters or cyrillic / len(letters) < 0.5 or BINARY_CHARACTERS.search(text):
        return None
    return text


def _blocks(lines):
    """Groups of (line number, line) separated by blank lines."""
    block = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line.rstrip()))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _blank_lines_before(lines, number):
    """How many blank lines come right before line ``number`` (1-based) of ``lines``."""
    count, index = 0, number - 2
    while index >= 0 and not lines[index].strip():
        count += 1
        index -= 1
    return count


def parse_date_line(text, source="", line=None):
    """An aware datetime from ``DD-MM-YYYY, HH:MM.`` in the newsroom's time zone."""
    match = DATE_LINE.match(text.strip())
    if not match:
        if DATE_LIKE.match(text):
            raise ArticleFormatError(
                f"date {text.strip()!r} is not in the format DD-MM-YYYY, HH:MM.", source, line
            )
        raise ArticleFormatError(
            f"missing date line: expected DD-MM-YYYY, HH:MM. after the headline, "
            f"found {text.strip()[:60]!r}",
            source,
            line,
        )
    day, month, year, hour, minute = (int(part) for part in match.groups())
    try:
        naive = datetime.datetime(year, month, day, hour, minute)
    except ValueError as error:
        raise ArticleFormatError(
            f"impossible date {text.strip()!r}: {error}", source, line
        ) from None
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _check_bold(text, source, line):
    if text.count("**") % 2:
        raise ArticleFormatError("unbalanced ** (bold is opened but not closed)", source, line)


def parse_text(text, source=""):
    """Parse an article's text into a ``ParsedArticle``, or raise ``ArticleFormatError``."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks = list(_blocks(text.split("\n")))
    if not blocks:
        raise ArticleFormatError("empty file (no text)", source)

    # Headline and date line are single lines, whether or not a blank line separates them.
    lines = [item for item in blocks[0]]
    headline_line, headline = lines[0]
    headline = headline.strip()
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise ArticleFormatError(
            f"headline is {len(headline)} characters, over the limit of {HEADLINE_MAX_LENGTH}",
            source,
            headline_line,
        )
    _check_bold(headline, source, headline_line)
    rest_of_first = lines[1:]
    remaining = blocks[1:]
    if rest_of_first:
        date_line, date_text = rest_of_first[0]
        if len(rest_of_first) > 1:
            remaining = [rest_of_first[1:], *remaining]
    elif remaining:
        date_block = remaining.pop(0)
        date_line, date_text = date_block[0]
        if len(date_block) > 1:
            remaining = [date_block[1:], *remaining]
    else:
        raise ArticleFormatError(
            "missing date line: the file ends after the headline", source, headline_line
        )
    published_at = parse_date_line(date_text, source, date_line)

    article = ParsedArticle(source=str(source), headline=headline, published_at=published_at)
    if not remaining:
        return article
    dek_block = remaining.pop(0)
    if dek_block[0][1].strip().casefold().startswith(CREDIT_PREFIX):
        raise ArticleFormatError(
            "photo credit with no caption (it follows the date line)", source, dek_block[0][0]
        )
    article.dek = "\n".join(line.strip() for _, line in dek_block)
    _check_bold(article.dek, source, dek_block[0][0])

    all_lines = text.split("\n")
    previous_is_caption_candidate = False
    for block in remaining:
        first_number, first_line = block[0]
        stripped = first_line.strip()
        if stripped.casefold().startswith(CREDIT_PREFIX):
            if _blank_lines_before(all_lines, first_number) >= PHOTO_OPENING_BLANK_LINES:
                raise ArticleFormatError(
                    "photo credit with no caption before it (it opens a photo block after "
                    "blank lines: write the caption above the credit line)",
                    source,
                    first_number,
                )
            if not previous_is_caption_candidate:
                raise ArticleFormatError(
                    "photo credit with no caption before it", source, first_number
                )
            caption_block = article.blocks.pop()
            credit = " ".join(
                [stripped[len(CREDIT_PREFIX) :].strip()] + [line.strip() for _, line in block[1:]]
            ).strip()
            if credit.endswith("."):
                credit = credit[:-1].rstrip()
            if not credit:
                raise ArticleFormatError("photo credit is empty", source, first_number)
            if len(credit) > CREDIT_MAX_LENGTH:
                raise ArticleFormatError(
                    f"photo credit is {len(credit)} characters, over the limit of "
                    f"{CREDIT_MAX_LENGTH}",
                    source,
                    first_number,
                )
            article.blocks.append(
                PhotoBlock(
                    caption=" ".join(caption_block.text.split("\n")),
                    credit=credit,
                    line=caption_block.line,
                )
            )
            previous_is_caption_candidate = False
            continue
        paragraph = Paragraph(text="\n".join(line for _, line in block).strip(), line=first_number)
        _check_bold(paragraph.text, source, first_number)
        article.blocks.append(paragraph)
        previous_is_caption_candidate = True
    return article


def parse_file(path, max_bytes=DEFAULT_MAX_BYTES):
    """Read and parse one file; warnings (such as a cp1251 conversion) are on the result."""
    text, warnings = read_text(path, max_bytes=max_bytes)
    article = parse_text(text, source=path)
    article.warnings.extend(warnings)
    return article
