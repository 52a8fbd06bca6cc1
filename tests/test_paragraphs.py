"""One definition of a body paragraph: the renderer, importer, exporter and admin agree.

A paragraph is what readers see as one block (markdown-it's top-level blocks): a loose
list with blank lines between its items is one, a heading followed by a line of text
with no blank line between is two. A photo "after paragraph N" must stand in the same
place whichever part counts.
"""

import pytest

from articles.factories import ArticleFactory, ArticlePhotoFactory
from articles.paragraphs import split_paragraphs
from articles.textformat.exporting import parsed_from_article, to_record, to_text
from articles.textformat.importing import CREATED, UNCHANGED, import_file
from articles.textformat.parsing import parse_text

pytestmark = pytest.mark.django_db

# Blank-line blocks of the body: 1 paragraph, 2-3 the items of a loose list, 4 a
# blockquote, 5 a heading with its first line of text under it. Readers see paragraph,
# list, quote, heading, paragraph: five paragraphs, in four blank-line blocks after the list.
FILE = """Проверка абзацев

05-03-2024, 09:30.

Вступление.

Первый абзац перед списком.

- первый пункт списка;

- второй пункт списка.

Снимок после списка

источник фото: фотослужба.

> Цитата в отдельном блоке.

## Подзаголовок
Абзац сразу под подзаголовком.

Снимок в конце

источник фото: фотослужба.
"""


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "paragraphs.txt"
    path.write_text(FILE, encoding="utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


def test_a_body_paragraph_is_a_block_as_readers_see_it():
    body = parse_text(FILE).body
    paragraphs = split_paragraphs(body)
    assert [paragraph.first_words() for paragraph in paragraphs] == [
        "Первый абзац перед списком.",
        "первый пункт списка;",
        "Цитата в отдельном блоке.",
        "Подзаголовок",
        "Абзац сразу под подзаголовком.",
    ]


def test_imported_photos_count_paragraphs_as_readers_see_them(imported):
    placed = [(p.photo.caption, p.position) for p in imported.article_photos.all()]
    # After the list (not after its second item as a third block); after everything.
    assert placed == [("Снимок после списка", 2), ("Снимок в конце", 5)]


def test_imported_photo_renders_where_the_file_puts_it(imported):
    blocks = imported.body_blocks()
    kinds = [
        block.photo.caption if block.kind == "photo" else block.html.split(">")[0] + ">"
        for block in blocks
    ]
    assert kinds == [
        "<p>",
        "<ul>",
        "Снимок после списка",
        "<blockquote>",
        "<h2>",
        "<p>",
        "Снимок в конце",
    ]


def test_exported_photo_stands_where_it_renders_and_round_trips(imported, tmp_path):
    text = to_text(parsed_from_article(imported))
    assert (
        "- второй пункт списка.\n\nСнимок после списка\n\nисточник фото: фотослужба.\n\n> Цитата"
        in text
    )
    assert [photo["position"] for photo in to_record(imported)["photos"]] == [2, 5]
    path = tmp_path / "exported.txt"
    path.write_text(text, encoding="utf-8")
    assert import_file(path).status == UNCHANGED


def test_photo_after_a_heading_with_no_blank_line_round_trips(tmp_path):
    article = ArticleFactory(body="## Подзаголовок\nАбзац под ним.\n\nПоследний абзац.")
    ArticlePhotoFactory(article=article, position=1, photo__caption="Снимок под подзаголовком")
    text = to_text(parsed_from_article(article))
    # The format needs a blank line around a photo: the exporter puts one there.
    assert "## Подзаголовок\n\nСнимок под подзаголовком\n\nисточник фото:" in text
    path = tmp_path / "heading.txt"
    path.write_text(text, encoding="utf-8")
    article.delete()
    again = import_file(path).article
    assert [(p.photo.caption, p.position) for p in again.article_photos.all()] == [
        ("Снимок под подзаголовком", 1)
    ]
    assert [block.kind for block in again.body_blocks()] == ["html", "photo", "html", "html"]
