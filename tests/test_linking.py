"""One rule for which mentions are the same person and what their name is: the importer
links persons exactly as ``entities`` (what the factRuEval bench measures) does."""

import pytest

from articles.textformat.entities import entities
from articles.textformat.importing import CREATED, UNCHANGED, import_file
from articles.textformat.linking import KnownNames, PersonMention, link, with_candidates
from articles.textformat.recognition import PER
from people.factories import NameVariantFactory, PersonFactory
from people.models import Person


def mention(start, text, cases=None):
    return with_candidates(PersonMention(start, start + len(text), text, cases))


def names_of(persons):
    return [(person.name, [m.text for m in person.mentions]) for person in persons]


def import_body(tmp_path, body, headline="Проверочная новость о переговорах"):
    path = tmp_path / "article.txt"
    path.write_text(f"{headline}\n\n11-06-2024, 10:00.\n\nВступление.\n\n{body}\n", "utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article, path


# The rule itself


def test_surname_before_the_full_name_joins_the_full_name():
    persons = link([mention(0, "Лавров", ("nomn",)), mention(40, "Сергея Лаврова", ("gent",))])
    assert names_of(persons) == [("Сергей Лавров", ["Лавров", "Сергея Лаврова"])]


def test_repeats_of_a_surname_nobody_explains_are_one_person():
    persons = link([mention(0, "Лавров", ("nomn",)), mention(30, "Лаврову", ("datv",))])
    assert names_of(persons) == [("Лавров", ["Лавров", "Лаврову"])]


def test_surname_fitting_two_persons_of_the_article_joins_neither():
    persons = link(
        [
            mention(0, "Рамзан Кадыров", ("nomn",)),
            mention(30, "Ахмат Кадыров", ("nomn",)),
            mention(60, "Кадыров", ("nomn",)),
        ]
    )
    assert [len(person.mentions) for person in persons] == [1, 1, 1]


@pytest.mark.parametrize(
    ("longer", "shorter"),
    [
        (("Реджеп Тайип Эрдоган", ("nomn",)), ("Реджепом Эрдоганом", ("ablt",))),
        (("Дмитрия Анатольевича Медведева", ("gent",)), ("Дмитрий Медведев", ("nomn",))),
    ],
)
def test_a_full_name_without_its_middle_name_is_the_same_person(longer, shorter):
    persons = link([mention(0, *longer), mention(60, *shorter)])
    assert len(persons) == 1
    assert len(persons[0].mentions) == 2


def test_a_first_name_and_patronymic_are_the_person_with_that_full_name():
    persons = link(
        [
            mention(0, "Борис Николаевич", ("nomn",)),
            mention(40, "Бориса Николаевича Ельцина", ("gent",)),
            mention(90, "Ельцину", ("datv",)),
        ]
    )
    assert names_of(persons) == [
        ("Борис Николаевич Ельцин", ["Борис Николаевич", "Бориса Николаевича Ельцина", "Ельцину"])
    ]


def test_two_first_names_with_one_surname_stay_two_persons():
    persons = link(
        [mention(0, "Жан-Мари Ле Пен", ("nomn",)), mention(40, "Марин Ле Пен", ("nomn",))]
    )
    assert [person.name for person in persons] == ["Жан-Мари Ле Пен", "Марин Ле Пен"]


@pytest.mark.django_db
def test_importer_makes_one_person_of_a_name_with_and_without_its_middle_name(tmp_path):
    article, path = import_body(
        tmp_path,
        "Премьер-министр Турции Реджеп Тайип Эрдоган прибыл в Киев.\n\n"
        "Переговоры с Реджепом Эрдоганом продлились три часа.",
    )
    assert article.persons.count() == 1
    assert Person.objects.count() == 1
    assert import_file(path).status == UNCHANGED


def test_initials_link_to_the_one_known_person_they_fit():
    known = KnownNames(["Владимир Путин", "Вера Путина"])
    (person,) = link([mention(0, "В.Путин", ("nomn",))], known)
    assert (person.name, person.known) == ("Владимир Путин", True)


def test_a_known_name_settles_the_nominative():
    (person,) = link([mention(0, "Умару Сиссоку Эмбало")], ["Умар Сиссок Эмбало"])
    assert person.name == "Умар Сиссок Эмбало"


def test_a_mention_whose_context_gives_the_case_outweighs_one_without():
    persons = link(
        [mention(0, "Умару Сиссоку Эмбало"), mention(60, "Умару Сиссоку Эмбало", ("ablt",))]
    )
    assert [person.name for person in persons] == ["Умару Сиссоку Эмбало"]


def test_the_surname_alone_in_the_nominative_says_how_the_full_name_reads():
    # «Гретцки» in the genitive may be Гретцка's; «Гретцки присутствовал» says it is not.
    persons = link([mention(0, "Уэйна Гретцки", ("gent",)), mention(40, "Гретцки", ("nomn",))])
    assert names_of(persons) == [("Уэйн Гретцки", ["Уэйна Гретцки", "Гретцки"])]


def test_a_first_name_and_patronymic_in_address_are_the_person_with_that_first_name():
    text = (
        "Владимир Путин провёл разговор с Касым-Жомартом Токаевым.\n\n"
        "В.Путин: Добрый день, Касым-Жомарт Кемелевич!\n\n"
        "К.Токаев: Здравствуйте, Владимир Владимирович!"
    )
    assert {e.text: e.normal for e in entities(text) if e.type == PER} == {
        "Владимир Путин": "Владимир Путин",
        "Касым-Жомартом Токаевым": "Касым-Жомарт Токаев",
        "В.Путин": "Владимир Путин",
        "Касым-Жомарт Кемелевич": "Касым-Жомарт Токаев",
        "К.Токаев": "Касым-Жомарт Токаев",
        "Владимир Владимирович": "Владимир Путин",
    }


def test_an_address_two_persons_may_answer_to_stays_apart():
    text = "Владимир Владимирович пришёл. Владимир Путин и Владимир Зеленский говорили."
    names = {e.text: e.normal for e in entities(text) if e.type == PER}
    assert names["Владимир Владимирович"] == "Владимир Владимирович"


# The importer follows it


@pytest.mark.django_db
def test_bold_surname_before_the_full_name_is_the_full_name_person(tmp_path):
    article, _path = import_body(
        tmp_path,
        "**Лавров** заявил журналистам, что переговоры продолжатся.\n\n"
        "Позже министр иностранных дел России **Сергей Лавров** встретился с коллегой.",
    )
    assert list(article.persons.values_list("name", flat=True)) == ["Сергей Лавров"]
    assert article.mentions.get().written_forms == ["Лавров", "Сергей Лавров"]
    assert not Person.objects.filter(name="Лавров").exists()


@pytest.mark.django_db
def test_bold_initials_link_to_the_known_person(tmp_path):
    putin = PersonFactory(name="Владимир Путин")
    article, _path = import_body(tmp_path, "Как отметил **В.Путин**, переговоры были полезными.")
    assert list(article.persons.all()) == [putin]
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_recorded_name_variant_links_the_known_person(tmp_path):
    person = PersonFactory(name="Реджеп Тайип Эрдоган")
    NameVariantFactory(person=person, name="Реджеп Эрдоган")
    article, path = import_body(tmp_path, "С речью выступил **Реджеп Эрдоган**.")
    assert list(article.persons.all()) == [person]
    assert import_file(path).status == UNCHANGED
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_importer_names_persons_as_the_bench_does(tmp_path):
    text = (
        "Президент Турции Реджеп Тайип Эрдоган провёл переговоры с главой Гвинеи-Бисау "
        "Умару Сиссоку Эмбало. Позже Эрдоган сказал, что лидеры обсудили поставки зерна, "
        "а Эмбало поблагодарил Реджепа Тайипа Эрдогана."
    )
    article, _path = import_body(tmp_path, text)
    bench = {found.normal for found in entities(text) if found.type == PER}
    assert (
        set(article.persons.values_list("name", flat=True))
        == bench
        == {
            "Реджеп Тайип Эрдоган",
            "Умару Сиссоку Эмбало",
        }
    )


def test_a_surname_nobody_explains_keeps_the_initials_it_is_given_with():
    persons = link([mention(0, "Песков", ("nomn",)), mention(40, "Д.Песков", ("nomn",))])
    assert names_of(persons) == [("Д. Песков", ["Песков", "Д.Песков"])]


def test_different_initials_with_one_surname_are_different_persons():
    persons = link([mention(0, "В.Путин", ("nomn",)), mention(40, "А.Путин", ("nomn",))])
    assert [person.name for person in persons] == ["В. Путин", "А. Путин"]


@pytest.mark.django_db
def test_a_turn_speaker_is_linked_like_any_name(tmp_path):
    article, _path = import_body(
        tmp_path,
        "Как сообщил журналистам Песков, встреча не планируется.\n\n"
        "Д.Песков: Без комментариев. Мы не будем это обсуждать.",
        headline="В Кремле не комментируют сообщения о переговорах",
    )
    assert list(article.quotes.values_list("speaker__name", flat=True)) == ["Д. Песков"]
    assert article.mentions.get().written_forms == ["Песков", "Д.Песков"]
