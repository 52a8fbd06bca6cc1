"""Person spans in real-style wire copy: where a name stands, which words belong to it.

Each test is one correction of the named-entity model's spans (``recognition`` and
``person_spans``), stated with the kind of sentence that needed it.
"""

import pytest

from articles.textformat.entities import entities
from articles.textformat.importing import CREATED, import_file
from articles.textformat.recognition import PER, recognize
from people.models import Person


def persons_in(text):
    return [e.text for e in recognize(text) if e.type == PER]


def normals_in(text):
    return {found.text: found.normal for found in entities(text) if found.type == PER}


def test_a_person_opening_the_text_is_found():
    # The model alone tags none of these: a headline or a paragraph that opens with a name.
    assert persons_in("Обама заявил, что США не будут вмешиваться.") == ["Обама"]
    assert persons_in("Греф подчеркнул, что банк не будет повышать ставки.") == ["Греф"]
    assert persons_in("Борис Никитин: «Тренер ошибся с заменами»") == ["Борис Никитин"]


def test_a_common_noun_opening_the_text_is_not_part_of_the_name_after_it():
    assert persons_in("Сын Муаммара Каддафи задержан в пустыне.") == ["Муаммара Каддафи"]
    assert persons_in("Труппа Театра им. Ильи Сергеева гастролирует в Казани.") == []


@pytest.mark.django_db
def test_a_paragraph_opening_with_a_surname_names_the_person(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "Глава Сбербанка выступил на форуме\n\n11-06-2024, 10:00.\n\n"
        "Глава Сбербанка Герман Греф выступил на форуме в Петербурге.\n\n"
        "Греф подчеркнул, что банк не будет повышать ставки.\n",
        "utf-8",
    )
    result = import_file(path)
    assert result.status == CREATED, result.message
    assert list(result.article.persons.values_list("name", flat=True)) == ["Герман Греф"]
    assert not Person.objects.filter(name="Греф").exists()
    mention = result.article.mentions.get(person__name="Герман Греф")
    assert mention.written_forms == ["Герман Греф", "Греф"]


def test_a_capitalized_noun_inside_a_sentence_is_a_name():
    # Лебедь, Мадонна, Адвокат are words of the dictionary too; inside a sentence, with a
    # capital, they name someone. Opening a sentence they may be the word itself.
    assert persons_in("Журналисты спросили Лебедя о планах на выборы.") == ["Лебедя"]
    text = "Болельщики не поняли, почему Адвокат выпустил запасных так поздно."
    assert persons_in(text) == ["Адвокат"]
    assert persons_in("Маэстро не видит звёзд.") == []


def test_two_first_names_sharing_a_surname_are_one_span_named_after_the_first():
    # factRuEval counts a person from its first part to its last: «Аркадия … Ротенбергов».
    assert normals_in("Компания принадлежит структурам Аркадия и Бориса Ротенбергов.") == {
        "Аркадия и Бориса Ротенбергов": "Аркадий Ротенберг"
    }
    assert persons_in("На ринг вышли Владимир и Виталий Кличко.") == ["Владимир и Виталий Кличко"]


@pytest.mark.django_db
def test_two_first_names_sharing_a_surname_are_two_persons_in_the_importer(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "Сделка на рынке\n\n11-06-2024, 10:00.\n\n"
        "Компания принадлежит структурам Аркадия и Бориса Ротенбергов.\n",
        "utf-8",
    )
    result = import_file(path)
    assert result.status == CREATED, result.message
    assert sorted(result.article.persons.values_list("name", flat=True)) == [
        "Аркадий Ротенберг",
        "Борис Ротенберг",
    ]


def test_a_full_name_is_not_joined_to_the_name_after_it():
    assert persons_in("В пустыне задержан сын Муаммара Каддафи Сейф аль-Ислам.") == [
        "Муаммара Каддафи",
        "Сейф аль-Ислам",
    ]


def test_a_title_opening_the_text_is_not_part_of_the_name_after_it():
    assert persons_in("Тренер Гус Хиддинк прилетел в Москву.") == ["Гус Хиддинк"]


def test_a_short_family_name_opening_the_text_is_part_of_the_name():
    # «Си» is also a musical note and «Ван» a particle: neither is a title before a name.
    assert persons_in("Си Цзиньпин прибыл в Москву с государственным визитом.") == ["Си Цзиньпин"]
    assert persons_in("Ван И провёл переговоры с Сергеем Лавровым.")[0] == "Ван И"
    assert persons_in("Мисс Смит прибыла в Москву.") == ["Смит"]  # a form of address


def test_names_in_a_bulleted_list_are_found():
    text = "Лучшие бомбардиры: • Кержаков (Зенит) — 10 • Погребняк (Томь) — 8 • Быстров — 7"
    assert persons_in(text) == ["Кержаков", "Погребняк", "Быстров"]


def test_a_former_surname_in_brackets_is_part_of_the_mention():
    text = "Бронзу взяла шахматистка из Украины Наталья Жукова (Кравченко) — 7 очков из 11."
    assert normals_in(text) == {"Наталья Жукова (Кравченко": "Наталья Жукова"}
    # A place in brackets is no surname.
    assert persons_in("Выступил Иван Петров (Москва), затем его коллеги.") == ["Иван Петров"]


def test_a_city_named_as_a_person_is_a_place_where_the_model_reads_a_place():
    text = "Певица Уитни Хьюстон скончалась. Тело перевезут в Хьюстон."
    assert [(e.text, e.type) for e in recognize(text) if e.text == "Хьюстон"] == [
        ("Хьюстон", "LOC")
    ]


def test_a_family_in_the_plural_is_not_a_repeat_of_the_surname():
    text = "Олег Петров является младшим из братьев Петровых, на которых подан иск."
    assert persons_in(text) == ["Олег Петров"]


def test_a_full_name_read_as_a_person_once_is_a_person_where_it_is_written_again():
    text = (
        "Участники: Майкл Адамс (Англия) • Гата Камский (США). Впервые за пять лет играет "
        "в супертурнире Гата Камский."
    )
    assert persons_in(text).count("Гата Камский") == 2


def test_a_form_of_address_is_not_part_of_the_name():
    assert persons_in("Г-н Саркози прибыл в Москву на переговоры.") == ["Саркози"]
    assert persons_in("Миссис Клинтон провела переговоры в Пекине.") == ["Клинтон"]


def test_initials_after_a_capitalized_common_word_go_with_the_surname_after_them():
    assert persons_in("Концерт А. Пугачевой перенесли на осень.") == ["А. Пугачевой"]
    assert persons_in("Концерт А.Пугачевой перенесли на осень.") == ["А.Пугачевой"]
    assert persons_in("Как заявил Лавров С. В., переговоры продолжатся.") == ["Лавров С. В."]


def test_another_name_in_brackets_is_part_of_the_mention_a_latin_spelling_is_not():
    text = "Глава ПНА Махмуд Аббас (Абу Мазен) прибыл в Каир."
    assert normals_in(text) == {"Махмуд Аббас (Абу Мазен": "Махмуд Аббас"}
    assert persons_in("Основатель Microsoft Билл Гейтс (Bill Gates) прибыл в Москву.") == [
        "Билл Гейтс",
        "Bill Gates",
    ]


def test_a_family_name_written_again_opens_the_next_east_asian_name():
    text = "Портрет сына Ким Ир Сена Ким Чен Ира висит в каждом доме."
    assert persons_in(text) == ["Ким Ир Сена", "Ким Чен Ира"]
    assert persons_in("Вчера Ким Чен Ир прибыл в Пекин.") == ["Ким Чен Ир"]
