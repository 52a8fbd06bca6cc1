"""Exporting articles as plain-text files and JSON Lines; import → export → import round trips."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.demo import load_demo_content
from articles.factories import ArticleFactory, ArticlePhotoFactory
from articles.models import Article
from articles.textformat.exporting import articles_for_export, parsed_from_article, to_text
from articles.textformat.importing import CREATED, UNCHANGED, import_file
from articles.textformat.parsing import parse_text
from media.factories import PhotoFactory
from tests.reference import REFERENCE_FILE

DATA = Path(__file__).resolve().parent / "data" / "import"


def export(*args):
    out, err = StringIO(), StringIO()
    call_command("export_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def content(article):
    """What a round trip must keep: text, time, photos in place."""
    article = articles_for_export(Article.objects.filter(pk=article.pk)).get()
    photos = (
        [(None, article.lead_photo.caption, article.lead_photo.credit.name)]
        if article.lead_photo
        else []
    )
    photos += [
        (p.position, p.photo.caption, p.photo.credit.name)
        for p in sorted(article.article_photos.all(), key=lambda p: (p.position, p.order))
    ]
    # The date line keeps minutes, so seconds are not part of what round-trips; a draft
    # with no publish time is exported with its creation time.
    when = article.published_at or article.created_at
    minute = when.replace(second=0, microsecond=0)
    return (article.headline, minute, article.dek, article.body, photos)


def reimport_into_empty_database(path):
    Article.objects.all().delete()
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


@pytest.mark.django_db
def test_reference_round_trips_through_the_text_format(tmp_path):
    original = import_file(REFERENCE_FILE).article
    before = content(original)
    export("--output", str(tmp_path))
    (exported,) = tmp_path.glob("*.txt")
    assert exported.name == f"{original.slug}.txt"
    # The same content: importing the export over the original changes nothing…
    assert import_file(exported).status == UNCHANGED
    # …and importing it afresh gives the same article.
    again = reimport_into_empty_database(exported)
    assert content(again) == before
    assert sorted(again.persons.values_list("name", flat=True)) == sorted(
        original_persons := [
            "Александр Лукашенко",
            "Акылбек Жапаров",
            "Владимир Путин",
            "Касым-Жомарт Токаев",
            "Никол Пашинян",
            "Станислав Зась",
            "Эмомали Рахмон",
        ]  # fmt: skip
    )
    assert len(original_persons) == 7


@pytest.mark.django_db
def test_exported_text_parses_to_the_same_article_as_the_source():
    source = parse_text(REFERENCE_FILE.read_text(encoding="utf-8"))
    article = import_file(REFERENCE_FILE).article
    exported = parse_text(to_text(parsed_from_article(article)))
    assert exported.headline == source.headline
    assert exported.published_at == source.published_at
    assert exported.dek == source.dek
    assert exported.body == source.body

    def without_lines(blocks):
        return [(type(block), vars(block) | {"line": 0}) for block in blocks]

    assert without_lines(exported.blocks) == without_lines(source.blocks)


@pytest.mark.django_db
def test_own_articles_round_trip(tmp_path):
    originals = {path.name: content(import_file(path).article) for path in DATA.glob("*.txt")}
    export("--output", str(tmp_path))
    exported = sorted(tmp_path.glob("*.txt"))
    assert len(exported) == len(originals)
    assert all(import_file(path).status == UNCHANGED for path in exported)
    before = sorted(originals.values(), key=lambda c: c[0])
    Article.objects.all().delete()
    after = sorted((content(import_file(path).article) for path in exported), key=lambda c: c[0])
    assert after == before


@pytest.mark.django_db
def test_article_built_in_the_database_round_trips(tmp_path):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        # The format keeps minutes: a time with seconds would not come back the same.
        published_at=datetime.datetime(2024, 5, 6, 7, 8, tzinfo=datetime.UTC),
        headline="Тест «кавычек» & <угловых> скобок",
        dek="Вступление.",
        body="Первый абзац с **Иваном Петровым**.\n\nВторой абзац.\n\nТретий абзац.",
        lead_photo=PhotoFactory(caption="Ведущий снимок", credit__name="Фотограф"),
    )
    ArticlePhotoFactory(article=article, position=1, order=0, photo__caption="Снимок 1")
    ArticlePhotoFactory(article=article, position=3, order=1, photo__caption="Снимок в конце")
    before = content(article)
    export("--output", str(tmp_path))
    (path,) = tmp_path.glob("*.txt")
    text = path.read_text(encoding="utf-8")
    assert "источник фото: Фотограф." in text
    again = reimport_into_empty_database(path)
    assert content(again) == before


@pytest.mark.django_db
def test_demo_content_round_trips(tmp_path):
    load_demo_content(article_count=8, with_images=False)
    before = sorted(content(article) for article in Article.objects.all())
    export("--output", str(tmp_path))
    Article.objects.all().delete()
    for path in tmp_path.glob("*.txt"):
        assert import_file(path).status == CREATED
    assert sorted(content(article) for article in Article.objects.all()) == before


@pytest.mark.django_db
def test_jsonl_export_has_one_record_per_article_with_persons_and_quotes(tmp_path):
    import_file(REFERENCE_FILE)
    import_file(DATA / "central_bank.txt")
    target = tmp_path / "out" / "articles.jsonl"
    stdout, _ = export("--jsonl", str(target))
    assert "2 JSON lines" in stdout
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["headline"][:6] for r in records] == ["Лидеры", "Банк Р"]
    reference = records[0]
    assert reference["published_at"] == "2022-02-10T16:12:00+00:00"
    assert reference["status"] == "draft"
    assert {"name": "Станислав Зась", "role": "генеральный секретарь ОДКБ",
            "written_as": ["Станислав Зась"]} in reference["persons"]  # fmt: skip
    assert reference["quotes"][0]["speaker"] == "Касым-Жомарт Токаев"
    assert reference["photos"][0] == {
        "caption": "Касым-Жомарт Токаев",
        "credit": "пресс-служба президента Казахстана",
        "position": 0,
        "lead": True,
    }
    assert parse_text(reference["text"]).body == Article.objects.get(slug=reference["slug"]).body


@pytest.mark.django_db
def test_jsonl_to_standard_output_keeps_it_clean(capsys):
    import_file(REFERENCE_FILE)
    out, err = StringIO(), StringIO()
    call_command("export_articles", "--jsonl", "-", stdout=out, stderr=err)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["slug"]
    assert "Exported" in err.getvalue()


@pytest.mark.django_db
def test_export_filters_by_status(tmp_path):
    ArticleFactory(published=True, headline="Опубликовано")
    ArticleFactory(headline="Черновик")
    export("--output", str(tmp_path), "--status", "published")
    (path,) = tmp_path.glob("*.txt")
    assert path.read_text(encoding="utf-8").startswith("Опубликовано\n")


def test_export_needs_a_destination():
    with pytest.raises(CommandError, match="--output DIR, --jsonl FILE"):
        call_command("export_articles")
