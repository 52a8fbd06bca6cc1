"""Transcript turns («В.Путин: …») are quotes of the person the turn names."""

import pytest

from articles.models import Mention, Quote
from articles.textformat.importing import CREATED, import_file
from articles.textformat.quotes import transcript_turn
from people.factories import PersonFactory
from people.models import Person

HEAD = "{headline}\n\n21-05-2024, 15:40.\n\n{dek}\n\n"

PRESS_CONFERENCE = HEAD.format(
    # No name here: the turns alone name the speakers (see the test with a named headline).
    headline="Президенты России и Казахстана провели переговоры в Астане",
    dek="Президенты обсудили транзит и энергетику.",
) + (
    "По итогам переговоров лидеры ответили на вопросы журналистов.\n\n"
    "В.Путин: Мы договорились о новых маршрутах транзита через Казахстан.\n\n"
    "К.Токаев: Казахстан готов увеличить поставки угля в российские порты.\n\n"
    "В.Путин: Следующая встреча пройдёт в Москве осенью.\n"
)

BRIEFING = HEAD.format(
    headline="Ван И прокомментировал переговоры по Украине",
    dek="Министр иностранных дел КНР выступил на брифинге в Пекине.",
) + (
    "На брифинге глава МИД КНР ответил на вопрос о мирном урегулировании.\n\n"
    "Ван И (как переведено): Китай поддерживает любые усилия, ведущие к миру.\n"
)


def _import(tmp_path, text, name="article.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


def _quotes(article):
    return [(quote.speaker.name, quote.text) for quote in Quote.objects.filter(article=article)]


def test_initials_in_a_turn_are_the_known_person_with_that_surname(tmp_path, db):
    putin = PersonFactory(name="Владимир Путин")
    tokayev = PersonFactory(name="Касым-Жомарт Токаев")
    article = _import(tmp_path, PRESS_CONFERENCE)
    assert _quotes(article) == [
        ("Владимир Путин", "Мы договорились о новых маршрутах транзита через Казахстан."),
        ("Касым-Жомарт Токаев", "Казахстан готов увеличить поставки угля в российские порты."),
        ("Владимир Путин", "Следующая встреча пройдёт в Москве осенью."),
    ]
    assert Person.objects.count() == 2
    mentions = {m.person: m for m in article.mentions.all()}
    assert set(mentions) == {putin, tokayev}
    assert mentions[putin].written_as == "В.Путин"
    assert mentions[putin].source == Mention.Source.TRANSCRIPT


def test_a_speaker_named_in_the_headline_and_in_turns_is_one_mention(tmp_path, db):
    putin = PersonFactory(name="Владимир Путин")
    PersonFactory(name="Касым-Жомарт Токаев")
    text = PRESS_CONFERENCE.replace(
        "Президенты России и Казахстана провели", "Путин и Токаев провели", 1
    )
    article = _import(tmp_path, text)
    assert [speaker for speaker, _text in _quotes(article)] == [
        "Владимир Путин",
        "Касым-Жомарт Токаев",
        "Владимир Путин",
    ]
    assert Person.objects.count() == 2
    # Found by the model in the headline too, but the turn names him for certain.
    assert article.mentions.get(person=putin).source == Mention.Source.TRANSCRIPT


def test_initials_that_fit_no_known_person_become_a_person_as_written(tmp_path, db):
    PersonFactory(name="Александр Путин")  # the surname fits, the initial does not
    article = _import(tmp_path, PRESS_CONFERENCE)
    speakers = [name for name, _text in _quotes(article)]
    assert speakers == ["В. Путин", "К. Токаев", "В. Путин"]
    assert Person.objects.filter(name="В. Путин").count() == 1


def test_initials_that_fit_two_known_persons_are_not_guessed(tmp_path, db):
    PersonFactory(name="Владимир Путин")
    PersonFactory(name="Виктор Путин")
    article = _import(tmp_path, PRESS_CONFERENCE)
    assert _quotes(article)[0][0] == "В. Путин"


def test_turn_with_a_parenthetical_is_a_quote_of_a_new_person_in_the_nominative(tmp_path, db):
    article = _import(tmp_path, BRIEFING)
    assert _quotes(article) == [("Ван И", "Китай поддерживает любые усилия, ведущие к миру.")]
    mention = article.mentions.get(person__name="Ван И")
    assert mention.source == Mention.Source.TRANSCRIPT


def test_turn_speaker_named_in_bold_earlier_is_the_same_person(tmp_path, db):
    text = HEAD.format(
        headline="Лавров выступил на пресс-конференции в Москве",
        dek="Глава МИД России ответил на вопросы журналистов.",
    ) + (
        "Министр иностранных дел России **Сергей Лавров** провёл пресс-конференцию.\n\n"
        "С.Лавров: Мы не уходим от переговоров.\n"
    )
    article = _import(tmp_path, text)
    assert _quotes(article) == [("Сергей Лавров", "Мы не уходим от переговоров.")]
    persons = article.mentions.filter(person__isnull=False)
    assert list(persons.values_list("person__name", "source")) == [
        ("Сергей Лавров", Mention.Source.BOLD)
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Вопрос: Когда откроется граница?",
        "Новая Зеландия: власти ввели режим чрезвычайной ситуации.",
        "Европейский Союз: санкции продлены ещё на полгода.",
        "Корреспондент: Будут ли новые переговоры?",
        "Итоги встречи подвели в Кремле: стороны подписали пять документов.",
    ],
)
def test_paragraph_that_opens_with_no_name_is_not_a_turn(paragraph):
    assert transcript_turn(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "name", "said"),
    [
        ("В.Путин: Мы готовы.", "В. Путин", "Мы готовы."),
        ("В. В. Путин: Мы готовы.", "В. В. Путин", "Мы готовы."),
        ("Ван И (как переведено): Да.", "Ван И", "Да."),
        ("Мария Захарова: Ответ будет.", "Мария Захарова", "Ответ будет."),
        ("**Д.Песков**: Без комментариев.", "Д. Песков", "Без комментариев."),
        ("С.Лавров: «Мы готовы к диалогу».", "С. Лавров", "Мы готовы к диалогу"),
        ("С.Лавров: «Да», – сказал он.", "С. Лавров", "«Да», – сказал он."),
    ],
)
def test_turn_gives_the_speaker_and_the_words(paragraph, name, said):
    turn = transcript_turn(paragraph)
    assert (turn.name, turn.text) == (name, said)


def test_reimport_keeps_one_quote_per_turn(tmp_path, db):
    PersonFactory(name="Владимир Путин")
    article = _import(tmp_path, PRESS_CONFERENCE)
    changed = tmp_path / "changed.txt"
    changed.write_text(PRESS_CONFERENCE.replace("осенью", "в октябре"), encoding="utf-8")
    import_file(changed)
    assert [text for _name, text in _quotes(article)][
        -1
    ] == "Следующая встреча пройдёт в Москве в октябре."
    assert Quote.objects.filter(article=article).count() == 3


def test_turn_in_bold_is_one_person_named_by_the_known_person(tmp_path, db):
    PersonFactory(name="Дмитрий Песков")
    text = (
        HEAD.format(
            headline="В Кремле не комментируют сообщения о переговорах",
            dek="Пресс-секретарь президента ответил на вопросы журналистов.",
        )
        + "**Д.Песков**: Без комментариев. Мы не будем это обсуждать.\n"
    )
    article = _import(tmp_path, text)
    assert _quotes(article) == [("Дмитрий Песков", "Без комментариев. Мы не будем это обсуждать.")]
    assert Person.objects.count() == 1
    assert list(article.mentions.values_list("person__name", flat=True)) == ["Дмитрий Песков"]


def test_quoted_turn_in_bold_is_one_quote(tmp_path, db):
    text = (
        HEAD.format(
            headline="Песков ответил на вопрос о встрече президентов",
            dek="В Кремле прокомментировали возможную встречу.",
        )
        + "**Дмитрий Песков**: «Пока таких планов нет».\n"
    )
    article = _import(tmp_path, text)
    assert _quotes(article) == [("Дмитрий Песков", "Пока таких планов нет")]
