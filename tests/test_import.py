"""Importing the newsroom's plain-text article format: exact, idempotent, safe on bad input."""

import datetime
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Mention, Quote
from articles.textformat.importing import CREATED, FAILED, UNCHANGED, UPDATED, import_file
from articles.textformat.parsing import ArticleFormatError, parse_text
from media.models import Credit, Photo
from people.factories import NameVariantFactory, PersonFactory
from people.models import Organization, Person, Role
from people.names import inflected_forms, to_nominative
from tests.reference import REFERENCE_FILE

DATA = Path(__file__).resolve().parent / "data" / "import"
MOSCOW = ZoneInfo("Europe/Moscow")

REFERENCE_PERSONS = {
    "Касым-Жомарт Токаев": ["президент Казахстана"],
    "Никол Пашинян": ["премьер-министр Армении"],
    "Александр Лукашенко": ["президент Белоруссии"],
    "Владимир Путин": ["президент России"],
    "Эмомали Рахмон": ["президент Таджикистана"],
    "Акылбек Жапаров": [
        "председатель Кабинета министров Киргизии",
        "руководитель Администрации президента Киргизии",
    ],
    "Станислав Зась": ["генеральный секретарь ОДКБ"],
}

GOOD_ARTICLE = """Заголовок проверочной новости

05-03-2024, 09:30.

Вступление к проверочной новости.

Первый абзац, в котором министр финансов **Иван Петров** представил отчёт.
"""


def run_import(*paths, **options):
    """Call the command; returns (stdout, stderr, error or None)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def reference(db):
    result = import_file(REFERENCE_FILE)
    assert result.status == CREATED, result.message
    return result.article


def paragraphs_of(path):
    return [block.text for block in parse_text(path.read_text(encoding="utf-8-sig")).paragraphs]


# The reference article


@pytest.mark.django_db
def test_reference_article_has_headline_time_dek_and_body(reference):
    reference.refresh_from_db()
    assert reference.headline == (
        "Лидеры стран-участниц ОДКБ провели внеочередную сессию по просьбе Токаева"
    )
    assert reference.published_at == datetime.datetime(2022, 2, 10, 19, 12, tzinfo=MOSCOW)
    assert reference.dek == (
        "Президент Казахстана попросил о вводе миротворцев на фоне беспорядков в стране."
    )
    body = reference.body.split("\n\n")
    assert len(body) == 5
    assert body[0].startswith("В формате видеоконференции 10 января 2022 года")
    assert "**Касым-Жомарта Токаева**" in body[0]
    assert "премьер-министр Армении **Никол Пашинян**" in body[1]
    assert body[3].startswith("«Фактически,")
    assert body[4].endswith("принятых в связи с ситуацией.")
    assert "источник фото" not in reference.body
    assert "Заседание Совета" not in reference.body


@pytest.mark.django_db
def test_reference_article_is_a_draft_unless_published(reference):
    assert reference.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_reference_photos_share_one_credit_and_await_their_images(reference):
    credit = Credit.objects.get()
    assert credit.name == "пресс-служба президента Казахстана"
    assert Photo.objects.awaiting_image().count() == 2
    assert reference.lead_photo.caption == "Касым-Жомарт Токаев"
    assert reference.lead_photo.credit == credit
    (placement,) = reference.article_photos.all()
    assert placement.photo.caption == (
        "Заседание Совета коллективной безопасности ОДКБ в формате видеоконференции, "
        "10 января 2022 года."
    )
    assert placement.photo.credit == credit
    # Between the paragraph naming the participants and the one on the stabilization.
    assert placement.position == 2


@pytest.mark.django_db
def test_reference_names_seven_persons_once_each_in_the_nominative(reference):
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(REFERENCE_PERSONS)
    assert sorted(reference.persons.values_list("name", flat=True)) == sorted(REFERENCE_PERSONS)


@pytest.mark.django_db
def test_reference_names_its_four_organizations_once_each(reference):
    # The model reads «Кабинета министров» and «ОДКБ» too: they are the ones read already.
    assert Organization.objects.count() == 4
    assert sorted(
        reference.mentions.filter(organization__isnull=False).values_list(
            "organization__short_name", "organization__name"
        )
    ) == [
        ("", "Администрация президента Киргизии"),
        ("", "Кабинет министров Киргизии"),
        ("", "Совет коллективной безопасности"),
        ("ОДКБ", "Организация Договора о коллективной безопасности"),
    ]


@pytest.mark.django_db
def test_reference_roles_are_taken_from_the_words_before_the_name(reference):
    for name, titles in REFERENCE_PERSONS.items():
        person = Person.objects.get(name=name)
        assert sorted(person.roles.values_list("title", flat=True)) == sorted(titles), name
        # Confident roles are dated by the article that states them (issue 11): "as of", not
        # a start date the article does not give.
        for role in person.roles.all():
            assert (role.stated_on, role.start_date) == (datetime.date(2022, 2, 10), None)


@pytest.mark.django_db
def test_reference_role_naming_odkb_is_linked_to_it(reference):
    odkb = Organization.objects.get(short_name="ОДКБ")
    role = Role.objects.get(person__name="Станислав Зась")
    assert role.organization == odkb


@pytest.mark.django_db
def test_reference_creates_odkb_and_its_collective_security_council(reference):
    odkb = Organization.objects.get(short_name="ОДКБ")
    council = Organization.objects.get(name="Совет коллективной безопасности")
    assert council.parent == odkb
    assert set(reference.organizations.all()) >= {odkb, council}


@pytest.mark.django_db
def test_reference_mentions_keep_roles_and_forms_as_written(reference):
    tokayev = Mention.objects.get(article=reference, person__name="Касым-Жомарт Токаев")
    assert tokayev.role_text == "президент Казахстана"
    assert tokayev.written_forms == ["Касым-Жомарта Токаева", "Касым-Жомарт Токаев"]
    japarov = Mention.objects.get(article=reference, person__name="Акылбек Жапаров")
    assert japarov.role_text == (
        "председатель Кабинета министров и руководитель Администрации президента Киргизии"
    )


@pytest.mark.django_db
def test_reference_quote_is_attributed_to_tokayev(reference):
    quote = Quote.objects.get(article=reference)
    assert quote.speaker.name == "Касым-Жомарт Токаев"
    assert quote.text.startswith("Фактически, это первый случай")
    assert quote.text.endswith("решительно поддержали обращение Казахстана")
    assert "«" not in quote.text and "»" not in quote.text


@pytest.mark.django_db
def test_photo_captioned_with_a_persons_name_records_them_as_shown(reference):
    tokayev = Person.objects.get(name="Касым-Жомарт Токаев")
    assert list(tokayev.photos.all()) == [reference.lead_photo]
    assert not Person.objects.get(name="Владимир Путин").photos.exists()


@pytest.mark.django_db
def test_reference_article_page_links_the_inflected_name(reference, client):
    reference.publish(at=reference.published_at)
    page = client.get(reference.get_absolute_url()).content.decode()
    tokayev = Person.objects.get(name="Касым-Жомарт Токаев")
    assert (
        f'<a href="{tokayev.get_absolute_url()}"><strong>Касым-Жомарта Токаева</strong></a>' in page
    )


# Idempotency and updates


@pytest.mark.django_db
def test_reimporting_same_file_reports_unchanged_and_creates_nothing(reference):
    counts = (Article.objects.count(), Person.objects.count(), Photo.objects.count())
    result = import_file(REFERENCE_FILE)
    assert result.status == UNCHANGED
    assert result.article == reference
    assert counts == (Article.objects.count(), Person.objects.count(), Photo.objects.count())
    assert Role.objects.count() == 8


@pytest.mark.django_db
def test_corrected_file_updates_the_same_article(reference, tmp_path):
    text = REFERENCE_FILE.read_text(encoding="utf-8")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(
        text.replace("внутривнутриполитическая", "внутриполитическая").replace(
            "источник фото: пресс-служба президента Казахстана.\n\nПрезидент",
            "источник фото: Акорда.\n\nПрезидент",
        ),
        encoding="utf-8",
    )
    lead_photo_pk = reference.lead_photo_id
    result = import_file(corrected)
    assert result.status == UPDATED
    assert result.article.pk == reference.pk
    assert Article.objects.count() == 1
    article = Article.objects.get()
    assert "внутриполитическая ситуация" in article.body
    assert article.lead_photo_id == lead_photo_pk
    assert article.article_photos.get().photo.credit.name == "Акорда"
    assert Photo.objects.count() == 2
    assert Person.objects.count() == 7
    assert article.mentions.filter(person__isnull=False).count() == 7
    assert article.quotes.count() == 1


@pytest.mark.django_db
def test_updating_keeps_an_image_uploaded_meanwhile(reference, tmp_path):
    from django.core.files.base import ContentFile

    from media.factories import generated_jpeg

    lead = reference.lead_photo
    lead.image.save("tokayev.jpg", ContentFile(generated_jpeg(120, 80, seed=1)))
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(
        REFERENCE_FILE.read_text(encoding="utf-8").replace("внеочередная сессия", "сессия"),
        encoding="utf-8",
    )
    assert import_file(corrected).status == UPDATED
    reference.refresh_from_db()
    assert reference.lead_photo == lead
    assert reference.lead_photo.has_image


@pytest.mark.django_db
def test_publish_option_publishes_at_the_files_date():
    stdout, _stderr, error = run_import(REFERENCE_FILE, publish=True)
    assert error is None
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime.datetime(2022, 2, 10, 19, 12, tzinfo=MOSCOW)
    assert list(Article.objects.published()) == [article]


@pytest.mark.django_db
def test_publishing_a_draft_imported_earlier_reports_updated(reference):
    stdout, _stderr, error = run_import(REFERENCE_FILE, publish=True)
    assert error is None
    assert "0 created, 1 updated, 0 unchanged, 0 failed" in stdout
    reference.refresh_from_db()
    assert reference.status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing():
    stdout, _stderr, error = run_import(REFERENCE_FILE, DATA, dry_run=True)
    assert error is None
    assert "Dry run" in stdout
    assert "5 created" in stdout
    assert not Article.objects.exists()
    assert not Person.objects.exists()
    assert not Organization.objects.exists()
    assert not Photo.objects.exists()
    assert not Credit.objects.exists()


@pytest.mark.django_db
def test_command_imports_directories_and_prints_a_summary():
    stdout, _stderr, error = run_import(REFERENCE_FILE, DATA)
    assert error is None
    assert "5 created, 0 updated, 0 unchanged, 0 failed (5 files)" in stdout
    stdout, _stderr, error = run_import(REFERENCE_FILE, DATA)
    assert "0 created, 0 updated, 5 unchanged, 0 failed (5 files)" in stdout


@pytest.mark.django_db
def test_directory_given_through_a_parent_path_is_imported(monkeypatch):
    # A directory given as "../name/" once found no files: ".." was taken for a hidden folder.
    monkeypatch.chdir(DATA)
    stdout, _stderr, error = run_import(Path("..") / DATA.name)
    assert error is None
    assert "4 created" in stdout


# Our own articles: other officials, agencies, quotes, several photos


@pytest.fixture
def own_articles(db):
    results = [import_file(path) for path in sorted(DATA.glob("*.txt"))]
    assert [result.status for result in results] == [CREATED] * len(results)
    return {Path(result.source).stem: result.article for result in results}


def roles_of(name):
    return sorted(Person.objects.get(name=name).roles.values_list("title", flat=True))


@pytest.mark.django_db
def test_inflected_names_in_own_articles_become_nominative(own_articles):
    names = set(Person.objects.values_list("name", flat=True))
    assert {
        "Мария Захарова",
        "Антониу Гутерриш",
        "Сергей Лавров",
        "Хакан Фидан",
        "Василий Небензя",
        "Эльвира Набиуллина",
        "Алексей Заботкин",
        "Антон Силуанов",
        "Сергей Собянин",
        "Александр Куренков",
        "Андрей Воробьёв",
        "Дмитрий Песков",
        "Владимир Путин",
    } == names


@pytest.mark.django_db
def test_roles_agree_with_names_in_any_case(own_articles):
    assert roles_of("Хакан Фидан") == ["министр иностранных дел Турции"]  # ablt
    assert roles_of("Андрей Воробьёв") == ["губернатор Московской области"]  # ablt
    assert roles_of("Мария Захарова") == ["официальный представитель МИД России"]
    assert roles_of("Василий Небензя") == ["постоянный представитель России при ООН"]
    assert roles_of("Эльвира Набиуллина") == ["председатель Банка России"]
    assert roles_of("Дмитрий Песков") == ["пресс-секретарь президента России"]


@pytest.mark.django_db
def test_person_named_without_a_role_has_none(own_articles):
    article = own_articles["central_bank"]
    mention = article.mentions.get(person__name="Алексей Заботкин")
    assert mention.role_text == ""
    assert not Person.objects.get(name="Алексей Заботкин").roles.exists()


@pytest.mark.django_db
def test_surname_alone_is_the_same_person_as_the_full_name(own_articles):
    mention = own_articles["central_bank"].mentions.get(person__name="Эльвира Набиуллина")
    assert mention.written_forms == ["Эльвира Набиуллина", "Набиуллиной"]
    assert Person.objects.filter(name__contains="Набиуллин").count() == 1


@pytest.mark.django_db
def test_quotes_are_attributed_before_and_after_the_quoted_words(own_articles):
    speakers = {quote.speaker.name: quote.text for quote in Quote.objects.all()}
    assert speakers["Мария Захарова"].startswith("Мы ждём не писем")
    assert speakers["Эльвира Набиуллина"].startswith("Мы допускаем повышение")
    assert speakers["Александр Куренков"].startswith("Все службы готовы")
    assert speakers["Дмитрий Песков"].startswith("График очень плотный")


@pytest.mark.django_db
def test_several_photos_keep_their_places_and_credits(own_articles):
    article = own_articles["moscow_floods"]
    assert article.lead_photo.caption == "Сергей Собянин"
    assert article.lead_photo.credit.name == "mos.ru"
    placed = list(article.article_photos.values_list("photo__caption", "position"))
    assert placed == [
        ("Насосная станция на Москве-реке", 2),
        ("Оперативный штаб на Тверской улице", 4),
    ]
    assert Credit.objects.filter(name="mos.ru").count() == 1
    assert Person.objects.get(name="Эльвира Набиуллина").photos.get().caption == (
        "Эльвира Набиуллина"
    )


@pytest.mark.django_db
def test_acronyms_in_roles_link_known_organizations(own_articles):
    mid = Organization.objects.get(short_name="МИД")
    assert Role.objects.get(person__name="Мария Захарова").organization == mid
    assert Role.objects.get(person__name="Александр Куренков").organization.short_name == "МЧС"
    un = Organization.objects.get(short_name="ООН")
    assert Role.objects.get(person__name="Антониу Гутерриш").organization == un
    assert un in own_articles["mid_briefing"].organizations.all()
    # Acronyms that are not organizations (a country, a unit) are not made into ones.
    assert not Organization.objects.filter(short_name__in=["США", "ВВП", "СМИ"]).exists()


@pytest.mark.django_db
def test_later_article_with_inflected_name_links_to_the_same_person(reference):
    assert import_file(DATA / "peskov_putin.txt").status == CREATED
    putin = Person.objects.get(name="Владимир Путин")
    assert Person.objects.filter(name_key="владимир путин").count() == 1
    assert putin.mentions.count() == 2


@pytest.mark.django_db
def test_existing_person_is_found_ignoring_case_and_yo(tmp_path):
    petr = PersonFactory(name="Пётр Иванов")
    path = tmp_path / "petr.txt"
    path.write_text(GOOD_ARTICLE.replace("**Иван Петров**", "**ПЕТР Иванов**"), encoding="utf-8")
    assert import_file(path).status == CREATED
    assert list(Person.objects.all()) == [petr]


@pytest.mark.django_db
def test_existing_person_is_found_by_a_name_variant(tmp_path):
    variant = NameVariantFactory(name="Ivan Petrov", person__name="Иван Петров")
    path = tmp_path / "variant.txt"
    path.write_text(GOOD_ARTICLE.replace("**Иван Петров**", "**Ivan Petrov**"), encoding="utf-8")
    assert import_file(path).status == CREATED
    assert list(Person.objects.all()) == [variant.person]


@pytest.mark.django_db
def test_organization_is_found_by_its_full_name_in_another_case(reference, tmp_path):
    path = tmp_path / "odkb.txt"
    path.write_text(
        GOOD_ARTICLE.replace(
            "Первый абзац",
            "Представители Организации Договора о коллективной безопасности встретились. Первый абзац",
        ),
        encoding="utf-8",
    )
    article = import_file(path).article
    odkb = Organization.objects.get(short_name="ОДКБ")
    assert odkb in article.organizations.all()
    assert Organization.objects.filter(short_name="ОДКБ").count() == 1


def test_to_nominative_uses_the_case_the_context_gives():
    assert to_nominative("Касым-Жомарта Токаева", cases=["gent"]) == "Касым-Жомарт Токаев"
    assert to_nominative("Марии Захаровой") == "Мария Захарова"
    assert to_nominative("Сергеем Собяниным", cases=["ablt"]) == "Сергей Собянин"
    assert to_nominative("Александра Лукашенко", cases=["gent"]) == "Александр Лукашенко"
    assert "владимира путина" in inflected_forms("Владимир Путин")


# Bad input: one clear line naming the file, the other files still import


BAD_FILES = {
    "empty.txt": ("", "empty file"),
    "whitespace.txt": ("   \n\t\n  \n", "empty file"),
    "no_date.txt": ("Заголовок\n\nВступление без даты.\n", ":3: missing date line"),
    "impossible_date.txt": (
        "Заголовок\n\n31-02-2022, 10:00.\n\nВступление.\n",
        ":3: impossible date '31-02-2022, 10:00.'",
    ),
    "other_format.txt": (
        "Заголовок\n\n2022-02-10 19:12\n\nВступление.\n",
        ":3: date '2022-02-10 19:12' is not in the format DD-MM-YYYY, HH:MM.",
    ),
    "unbalanced.txt": (
        "Заголовок\n\n10-02-2022, 19:12.\n\nВступление.\n\nАбзац про **Ивана Петрова.\n",
        ":7: unbalanced **",
    ),
    "credit_only.txt": (
        "Заголовок\n\n10-02-2022, 19:12.\n\nВступление.\n\nисточник фото: ТАСС.\n\nАбзац.\n",
        ":7: photo credit with no caption",
    ),
    "long_headline.txt": (
        "Я" * 301 + "\n\n10-02-2022, 19:12.\n\nВступление.\n",
        ":1: headline is 301",
    ),
}


@pytest.fixture
def bad_directory(tmp_path):
    directory = tmp_path / "incoming"
    directory.mkdir()
    for name, (text, _message) in BAD_FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    (directory / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (directory / "zeros.txt").write_bytes(b"\x00" * 100)
    (directory / "huge.txt").write_text(GOOD_ARTICLE + "Абзац.\n\n" * 200_000, encoding="utf-8")
    shutil.copy(REFERENCE_FILE, directory / "reference.txt")
    return directory


@pytest.mark.django_db
def test_each_bad_file_gets_one_clear_line_and_good_files_still_import(bad_directory):
    stdout, stderr, error = run_import(bad_directory)
    assert error is not None  # non-zero exit
    assert "11 of 12 files failed" in str(error)
    assert "1 created, 0 updated, 0 unchanged, 11 failed (12 files)" in stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 11
    for name, (_text, message) in BAD_FILES.items():
        (line,) = [line for line in lines if f"/{name}:" in line]
        assert message in line, line
    assert any("binary.txt" in line and "binary data" in line for line in lines)
    assert any("zeros.txt" in line and "binary data" in line for line in lines)
    assert any("huge.txt" in line and "over the limit of 1,048,576 bytes" in line for line in lines)
    assert Article.objects.get().headline.startswith("Лидеры стран-участниц ОДКБ")


@pytest.mark.django_db
def test_max_bytes_option_sets_the_size_limit(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    _stdout, stderr, error = run_import(path, max_bytes=100)
    assert error is not None
    assert "over the limit of 100 bytes" in stderr
    _stdout, _stderr, error = run_import(path, max_bytes=10_000)
    assert error is None


@pytest.mark.django_db
def test_missing_path_fails_clearly_and_others_import(tmp_path):
    stdout, stderr, error = run_import(tmp_path / "nope.txt", REFERENCE_FILE)
    assert error is not None
    assert "nope.txt: no such file or directory" in stderr
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_cp1251_text_is_converted_with_a_warning(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(GOOD_ARTICLE.encode("cp1251"))
    stdout, stderr, error = run_import(path)
    assert error is None
    assert "windows.txt: warning: not UTF-8: read as Windows-1251" in stderr
    article = Article.objects.get()
    assert article.headline == "Заголовок проверочной новости"
    assert Person.objects.get().name == "Иван Петров"


@pytest.mark.django_db
def test_bom_and_crlf_line_endings_are_accepted(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    result = import_file(path)
    assert result.status == CREATED
    assert result.article.headline == "Заголовок проверочной новости"
    assert (
        result.article.body
        == "Первый абзац, в котором министр финансов **Иван Петров** представил отчёт."
    )


def test_text_in_another_encoding_is_refused_clearly(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Titre élevé\n\n10-02-2022, 19:12.\n\nÇa va.\n".encode("latin-1"))
    result = import_file(path)
    assert result.status == FAILED
    assert "latin.txt:1: not UTF-8 text" in result.message


def test_format_errors_name_file_and_line():
    with pytest.raises(ArticleFormatError) as caught:
        parse_text("\n\nЗаголовок\n\n10-13-2022, 10:00.\n", source="x.txt")
    assert str(caught.value).startswith("x.txt:5: impossible date")


@pytest.mark.django_db
def test_failed_file_leaves_nothing_behind(tmp_path, monkeypatch):
    from articles.textformat import importing

    def broken(*args, **kwargs):
        raise RuntimeError("analysis broke")

    monkeypatch.setattr(importing, "analyse", broken)
    path = tmp_path / "good.txt"
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    result = import_file(path)
    assert result.status == FAILED
    assert "RuntimeError: analysis broke" in result.message
    assert not Article.objects.exists()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_html_and_script_are_stored_as_text_and_never_run(tmp_path, client):
    script = "<script>alert('x')</script>"
    path = tmp_path / "xss.txt"
    path.write_text(
        f"Заголовок {script}\n\n10-02-2022, 19:12.\n\nВступление {script}\n\n"
        f"Подпись <img src=x onerror=alert(1)>\n\nисточник фото: агентство {script}.\n\n"
        f"Абзац {script} и <b onclick=alert(1)>жирный</b> текст.\n",
        encoding="utf-8",
    )
    result = import_file(path, publish=True)
    assert result.status == CREATED, result.message
    article = result.article
    assert article.headline == f"Заголовок {script}"
    assert script in article.dek and script in article.body
    assert article.lead_photo.credit.name == f"агентство {script}"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "onclick" not in page
    assert "&lt;script&gt;" in page
