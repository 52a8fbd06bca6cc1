"""A photo credit line with no caption before it is refused, never glued to the text above."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.textformat.importing import CREATED, FAILED, import_file, import_paths
from articles.textformat.parsing import ArticleFormatError, parse_text

HEAD = "Глава МЧС осмотрел дамбы в Подмосковье\n\n14-04-2024, 11:05.\n\nВступление о паводке.\n"
PARAGRAPH = "Глава МЧС **Александр Куренков** осмотрел дамбы на Оке."
CAPTION = "Дамба на Оке"

GOOD = f"{HEAD}\n{PARAGRAPH}\n\n\n\n{CAPTION}\n\nисточник фото: пресс-служба МЧС России.\n"
# The photo block is opened (three blank lines) but its caption was left out.
NO_CAPTION = f"{HEAD}\n{PARAGRAPH}\n\n\n\nисточник фото: пресс-служба МЧС России.\n"


def test_credit_after_the_blank_lines_that_open_a_photo_is_refused_with_file_and_line():
    with pytest.raises(ArticleFormatError) as raised:
        parse_text(NO_CAPTION, source="incoming/kurenkov.txt")
    error = raised.value
    assert error.line == 11
    assert str(error).startswith("incoming/kurenkov.txt:11: photo credit with no caption")


def test_caption_and_credit_after_the_blank_lines_are_a_photo():
    parsed = parse_text(GOOD, source="kurenkov.txt")
    assert [paragraph.text for paragraph in parsed.paragraphs] == [PARAGRAPH]
    [(_position, photo)] = parsed.placed_photos()
    assert (photo.caption, photo.credit) == (CAPTION, "пресс-служба МЧС России")


def test_caption_right_after_a_paragraph_still_works():
    text = f"{HEAD}\n{PARAGRAPH}\n\n{CAPTION}\n\nисточник фото: ТАСС.\n"
    [(_position, photo)] = parse_text(text).placed_photos()
    assert photo.caption == CAPTION


@pytest.fixture
def existing(tmp_path, db):
    good = tmp_path / "good" / "kurenkov.txt"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    assert import_file(good).status == CREATED
    article = Article.objects.get()
    return article


def _damaged(tmp_path):
    directory = tmp_path / "batch"
    directory.mkdir()
    (directory / "kurenkov.txt").write_text(NO_CAPTION, encoding="utf-8")
    return directory


def _snapshot(article):
    article.refresh_from_db()
    photos = [(p.photo.caption, p.photo.credit.name) for p in article.article_photos.all()]
    return article.body, photos


def test_batch_import_does_not_update_an_article_from_a_refused_file(existing, tmp_path):
    before = _snapshot(existing)
    [(_done, _total, result)] = list(import_paths([_damaged(tmp_path)]))
    assert result.status == FAILED
    assert ":11: photo credit with no caption" in result.message
    assert _snapshot(existing) == before
    assert Article.objects.count() == 1


def test_import_command_fails_and_leaves_the_existing_article_unchanged(existing, tmp_path):
    before = _snapshot(existing)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_articles", str(_damaged(tmp_path)), stdout=out, stderr=err)
    assert "kurenkov.txt:11: photo credit with no caption" in err.getvalue()
    assert _snapshot(existing) == before
