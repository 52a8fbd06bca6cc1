"""A caption that names a person records that person as shown in the photo."""

from django.core.files.base import ContentFile

from articles.models import Mention
from articles.textformat.captions import names_in_caption
from articles.textformat.importing import CREATED, import_file
from media.factories import PhotoFactory, generated_jpeg
from people.factories import PersonFactory
from people.models import Person

HEAD = "{headline}\n\n03-06-2024, 12:15.\n\n{dek}\n\n"


def _article_with_photo(caption, paragraph):
    return (
        HEAD.format(
            headline="Собянин проверил подготовку Москвы к ливням",
            dek="Городские службы переведены в режим повышенной готовности.",
        )
        + f"{paragraph}\n\n{caption}\n\nисточник фото: mos.ru.\n"
    )


def _import(tmp_path, text):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


def _photo(article):
    return article.article_photos.get().photo


def test_caption_naming_a_person_of_the_text_in_another_case_shows_them(tmp_path, db):
    article = _import(
        tmp_path,
        _article_with_photo(
            "Осмотр насосной станции с участием Сергея Собянина",
            "Мэр Москвы **Сергей Собянин** осмотрел насосные станции.",
        ),
    )
    sobyanin = Person.objects.get(name="Сергей Собянин")
    assert list(_photo(article).persons_shown.all()) == [sobyanin]


def test_caption_naming_someone_the_text_does_not_gives_a_new_person(tmp_path, db):
    article = _import(
        tmp_path,
        _article_with_photo(
            "Эльвира Набиуллина на пресс-конференции",
            "Ключевая ставка сохранена на уровне 16% годовых.",
        ),
    )
    nabiullina = Person.objects.get(name="Эльвира Набиуллина")
    assert list(nabiullina.photos.all()) == [_photo(article)]
    mention = article.mentions.get(person=nabiullina)
    assert mention.source == Mention.Source.CAPTION


def test_caption_that_is_only_a_name_shows_a_known_person(tmp_path, db):
    zakharova = PersonFactory(name="Мария Захарова")
    article = _import(
        tmp_path,
        _article_with_photo("Мария Захарова", "Брифинг прошёл в здании МИД на Смоленской площади."),
    )
    assert list(zakharova.photos.all()) == [_photo(article)]
    assert Person.objects.count() == 1


def test_caption_naming_no_one_shows_no_one(tmp_path, db):
    article = _import(
        tmp_path,
        _article_with_photo("Здание Банка России", "Ставка сохранена на уровне 16% годовых."),
    )
    assert not _photo(article).persons_shown.exists()
    assert not Person.objects.exists()


def test_names_in_caption_puts_a_name_into_the_nominative():
    assert names_in_caption("Встреча Сергея Лаврова и Ван И в Пекине")[0][1][0] == "Сергей Лавров"
    assert names_in_caption("Президент России Владимир Путин")[0][0] == "Владимир Путин"
    assert names_in_caption("Насосная станция на Москве-реке") == []


def test_person_page_shows_the_photos_they_appear_in(client, db):
    person = PersonFactory(name="Сергей Собянин")
    photo = PhotoFactory(caption="Сергей Собянин на совещании в мэрии", with_image=True)
    person.photos.add(photo, PhotoFactory(caption="Сергей Собянин в штабе"))
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Сергей Собянин на совещании в мэрии" in page
    assert "Сергей Собянин в штабе" not in page  # still awaiting its image file


def test_person_page_hides_the_photo_of_a_draft(tmp_path, client, db):
    article = _import(
        tmp_path,
        _article_with_photo(
            "Эльвира Набиуллина на пресс-конференции",
            "Ключевая ставка сохранена на уровне 16% годовых.",
        ),
    )
    nabiullina = Person.objects.get(name="Эльвира Набиуллина")
    photo = _photo(article)
    photo.image = ContentFile(generated_jpeg(seed=1), name="nabiullina.jpg")
    photo.save()
    assert "на пресс-конференции" not in client.get(nabiullina.get_absolute_url()).content.decode()
    article.publish()
    assert "на пресс-конференции" in client.get(nabiullina.get_absolute_url()).content.decode()
