"""Roles as the text states them: read around a name, in the nominative, kept only when sure.

Short wire-style sentences written for these tests. ``role_around`` gets a text and the
offsets of a name (bold today, a named-entity span later); the import tests check what
becomes a dated ``Role`` and what stays on the mention for an editor.
"""

import datetime

import pytest

from articles.models import Mention
from articles.textformat.importing import CREATED, import_file
from articles.textformat.roles import role_around
from people.models import Organization, Person, Role


def find_role(text, name=None):
    """``role_around`` for the first bold name in ``text``, or for ``name`` as written."""
    if name is None:
        start = text.index("**")
        end = text.index("**", start + 2) + 2
    else:
        start = text.index(name)
        end = start + len(name)
    return role_around(text, start, end)


def import_article(tmp_path, headline, dek, *paragraphs, date_line="05-03-2024, 09:30."):
    path = tmp_path / "article.txt"
    path.write_text("\n\n".join([headline, date_line, dek, *paragraphs]) + "\n", encoding="utf-8")
    result = import_file(path)
    assert result.status == CREATED, result.message
    return result.article


def titles_of(name):
    return sorted(Person.objects.get(name=name).roles.values_list("title", flat=True))


# Where the role is written


def test_role_before_the_name_is_put_in_the_nominative():
    finding = find_role(
        "Президентом Республики Казахстан **Касым-Жомартом Токаевым** подписан указ "
        "о режиме чрезвычайного положения."
    )
    assert finding.role_text == "президент Республики Казахстан"
    assert finding.where == "before"
    assert finding.cases == ("ablt",)
    assert finding.confident


def test_role_after_the_name_between_commas_is_read():
    finding = find_role(
        "Переговоры провёл **Никол Пашинян**, премьер-министр Армении, прибывший в Москву."
    )
    assert finding.role_text == "премьер-министр Армении"
    assert finding.where == "after"
    assert finding.confident


def test_role_after_an_inflected_name_agrees_with_it():
    finding = find_role(
        "Путин встретился с **Николом Пашиняном**, премьер-министром Армении, в Кремле."
    )
    assert finding.role_text == "премьер-министр Армении"
    assert finding.cases == ("ablt",)


@pytest.mark.django_db
def test_a_title_before_the_name_and_another_after_it_are_both_the_persons(tmp_path):
    import_article(
        tmp_path,
        "Радикалы обжалуют решение ЦИК",
        "Вступление.",
        "Депутат Верховной рады Олег Ляшко, лидер Радикальной партии, назвал решение политическим.",
    )
    assert titles_of("Олег Ляшко") == ["депутат Верховной рады", "лидер Радикальной партии"]
    mention = Mention.objects.get(person__name="Олег Ляшко")
    assert mention.role_text == "депутат Верховной рады; лидер Радикальной партии"


@pytest.mark.django_db
def test_a_state_named_by_its_official_name_is_the_same_office(tmp_path):
    import_article(
        tmp_path,
        "Телефонный разговор с Президентом Казахстана Касым-Жомартом Токаевым",
        "Владимир Путин провёл телефонный разговор с Президентом Республики Казахстан"
        " Касым-Жомартом Токаевым.",
        "Стороны обсудили сотрудничество.",
    )
    assert titles_of("Касым-Жомарт Токаев") == ["президент Казахстана"]
    # A later article's wording of the same office adds no second role either.
    import_article(
        tmp_path,
        "Встреча в Астане",
        "Президент Республики Казахстан Касым-Жомарт Токаев принял делегацию.",
        "Переговоры прошли в Акорде.",
        date_line="06-03-2024, 10:00.",
    )
    assert titles_of("Касым-Жомарт Токаев") == ["президент Казахстана"]


@pytest.mark.django_db
def test_a_states_adjective_before_an_acronym_is_the_same_office(tmp_path):
    import_article(
        tmp_path,
        "Лавров прибыл в Анкару",
        "Глава МИД России Сергей Лавров прибыл в Анкару.",
        "Глава российского МИД Сергей Лавров провёл встречу с коллегой.",
    )
    assert titles_of("Сергей Лавров") == ["глава МИД России"]
    # «российского МИД» is the МИД, not an organization of its own.
    assert list(Organization.objects.values_list("short_name", flat=True)) == ["МИД"]


@pytest.mark.django_db
def test_a_title_naming_a_body_only_the_model_reads_is_held_there(tmp_path):
    import_article(
        tmp_path,
        "Брюссель ждёт ответа",
        "Вступление.",
        "Председатель Европейского совета Шарль Мишель пригласил обе стороны.",
    )
    role = Role.objects.get(person__name="Шарль Мишель")
    assert (role.title, role.organization.name) == (
        "председатель Европейского совета",
        "Европейский совет",
    )


def test_role_in_brackets_after_the_name_is_read():
    finding = find_role("Документ подписал **Никол Пашинян** (премьер-министр Армении).")
    assert finding.role_text == "премьер-министр Армении"


def test_conjoined_titles_are_split_and_share_the_place():
    finding = find_role(
        "Председатель правительства и министр обороны Армении **Сурен Папикян** прибыл в Минск."
    )
    assert finding.role_text == "председатель правительства и министр обороны Армении"
    assert finding.titles == ["председатель правительства Армении", "министр обороны Армении"]
    assert finding.confident


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        ("Ноту вручил посол России в США **Анатолий Антонов**.", "посол России в США"),
        ("По словам командующего войсками округа **Ивана Сидорова**, учения завершены.", "командующий войсками округа"),
        # A place before the title is not part of it.
        ("Вчера в Минске президент Белоруссии **Александр Лукашенко** принял делегацию.", "президент Белоруссии"),
    ],
)  # fmt: skip
def test_title_keeps_its_place_and_instrumental_complements(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.confident


def test_role_is_read_around_a_name_that_is_not_bold():
    # Names found by other means (named-entity recognition) come as character offsets.
    finding = find_role("Глава МИД России Сергей Лавров прибыл в Анкару.", name="Сергей Лавров")
    assert finding.role_text == "глава МИД России"
    assert finding.confident


def test_title_never_runs_through_another_persons_name():
    text = "Пресс-секретарь Владимира Путина Дмитрий Песков ответил на вопросы."
    putin = text.index("Владимира Путина")
    start = text.index("Дмитрий Песков")
    finding = role_around(
        text, start, start + len("Дмитрий Песков"), other_names=[(putin, putin + 16)]
    )
    assert finding is None


@pytest.mark.parametrize(
    "text",
    [
        "Договорённость достигнута у президента России Владимира Путина и премьер-министра Индии **Нарендры Моди**.",
        "Переговоры провели президент России **Владимир Путин** и премьер-министр Индии **Нарендра Моди**.",
    ],
)  # fmt: skip
def test_persons_listed_with_titles_keep_their_own_titles(text):
    name = text.rsplit("**", 2)[1]
    finding = find_role(text, name=f"**{name}**")
    assert finding.role_text == "премьер-министр Индии"
    assert finding.titles == ["премьер-министр Индии"]


def test_apposition_does_not_take_the_next_persons_title():
    text = "Участвовали **Иван Петров**, президент Белоруссии **Александр Лукашенко** и другие."
    assert find_role(text) is None


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        # Two complements of one head joined by «и», before and after the name.
        ("С заявлением выступил министр науки и высшего образования России **Иван Петров**.",
         "министр науки и высшего образования России"),
        ("**Анна Смирнова**, заместитель начальника управления МЧС по Москве и Московской области, "
         "сообщила о пожаре.", "заместитель начальника управления МЧС по Москве и Московской области"),
        # A preposition inside the name of a body.
        ("Митинг открыл лидер Движения против коррупции **Иван Петров**.",
         "лидер Движения против коррупции"),
        ("Законопроект внёс член Палаты представителей от штата Техас **Джон Смит**.",
         "член Палаты представителей от штата Техас"),
        ("Ноту вручил посол Евросоюза на Южном Кавказе **Джон Смит**.",
         "посол Евросоюза на Южном Кавказе"),
        ("Глава делегации на переговорах **Иван Петров** отказался от комментариев.",
         "глава делегации на переговорах"),
        # A bracketed acronym and a foreign name, as written.
        ("Доклад представил председатель Всемирного фонда дикой природы (WWF) **Джон Смит**.",
         "председатель Всемирного фонда дикой природы (WWF)"),
        ("Об этом заявил глава Microsoft **Сатья Наделла**.", "глава Microsoft"),
        # Adjectives joined by «и».
        ("Верительные грамоты вручил чрезвычайный и полномочный посол Италии в России **Джон Смит**.",
         "чрезвычайный и полномочный посол Италии в России"),
        # A body's own name in the nominative after it.
        ("Съезд открыл председатель партии Единая Россия **Иван Петров**.",
         "председатель партии Единая Россия"),
        # Offices the dictionary reads as participles.
        ("Иск подал **Джон Смит**, управляющий компанией Think Computer.",
         "управляющий компанией Think Computer"),
        ("Документ подписала уполномоченная по правам человека **Анна Петрова**.",
         "уполномоченная по правам человека"),
        # The name spelt in Latin letters before the apposition.
        ("Об этом сообщил **Джон Смит** (John Smith), директор Национального музея, в интервью.",
         "директор Национального музея"),
    ],
)  # fmt: skip
def test_titles_with_coordinated_prepositional_and_foreign_parts_are_read_whole(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.confident


@pytest.mark.parametrize(
    "text, title",
    [
        ("Врио губернатора Курской области **Александр Хинштейн** посетил Суджу.",
         "врио губернатора Курской области"),
        ("Встреча с врио губернатора Курской области **Александром Хинштейном** прошла.",
         "врио губернатора Курской области"),
        ("И. о. министра обороны Белоруссии **Иван Петров** подписал приказ.",
         "и. о. министра обороны Белоруссии"),
        ("Временно исполняющий обязанности губернатора Курской области **Алексей Смирнов** "
         "посетил Суджу.", "временно исполняющий обязанности губернатора Курской области"),
        ("Исполняющий обязанности министра обороны **Иван Петров** подписал приказ.",
         "исполняющий обязанности министра обороны"),
        # In the nominative, whatever the case of the name: the participle declines.
        ("Встреча с исполняющей обязанности главы района **Анной Петровой** прошла.",
         "исполняющая обязанности главы района"),
        ("Встреча с временно исполняющим обязанности губернатора **Алексеем Смирновым** прошла.",
         "временно исполняющий обязанности губернатора"),
    ],
)  # fmt: skip
def test_an_acting_office_is_held_as_acting(text, title):
    # Not «губернатор Курской области»: the acting governor does not hold that office.
    assert find_role(text).titles == [title]


def test_new_and_current_are_no_part_of_the_office():
    finding = find_role("Новый министр обороны России **Андрей Белоусов** провёл совещание.")
    assert (finding.titles, finding.confident) == (["министр обороны России"], True)


@pytest.mark.parametrize(
    "text",
    [
        "**Иван Петров** — директор Института истории Академии наук.",
        "В обсуждении участвуют **Анна Смирнова** — ректор университета, **Иван Петров** — "
        "директор Института истории Академии наук.",
    ],
)
def test_a_dash_after_a_name_that_begins_its_clause_introduces_the_role(text):
    name = text.rsplit("**", 2)[1]
    finding = find_role(text, name=f"**{name}**")
    assert finding.role_text == "директор Института истории Академии наук"
    assert finding.where == "after"


def test_a_dash_after_a_name_inside_a_clause_is_no_apposition():
    assert find_role("Встречу с **Иваном Петровым** — главой института — перенесли.") is None


def test_a_dash_after_a_name_that_ends_the_sentence_introduces_the_role():
    finding = find_role("В переговорах участвовал **Сергей Лавров** — глава МИД России.")
    assert (finding.role_text, finding.where) == ("глава МИД России", "after")
    # Not when the clause goes on after it.
    assert find_role("Его поддержал **Иван Петров** — министр финансов, а также другие.") is None


def test_offices_listed_with_commas_before_the_name_are_all_read():
    finding = find_role(
        "Об этом заявил лидер партии «Яблоко», депутат Государственной думы **Иван Петров**."
    )
    assert finding.role_text == "лидер партии «Яблоко», депутат Государственной думы"
    assert finding.titles == ["лидер партии «Яблоко»", "депутат Государственной думы"]
    assert finding.confident


def test_a_rank_between_the_office_and_the_name_is_no_title_of_its_own():
    finding = find_role(
        "Молебен отслужил председатель Отдела внешних церковных связей протоиерей **Иван Петров**."
    )
    assert finding.role_text == "председатель Отдела внешних церковных связей протоиерей"
    assert finding.titles == ["председатель Отдела внешних церковных связей"]
    assert finding.confident


def test_adjectives_of_a_title_take_the_gender_of_its_head():
    finding = find_role("Письмо адресовано идейному оппоненту **Ивану Петрову**.")
    assert finding.role_text == "идейный оппонент"


def test_a_possessive_is_not_part_of_a_title():
    assert find_role("Компанию покинул **Джон Смит**, её основатель, в прошлом году.") is None
    finding = find_role("Решение принял своего рода куратор проекта **Иван Петров**.")
    assert finding is None or "своего" not in finding.role_text


# What is not a role


@pytest.mark.parametrize(
    "text",
    [
        "Письмо подписал господин **Петров**.",
        "Это сказал ваш давний друг **Иван Петров**.",
        "Мы благодарим мистера **Джона Смита** за помощь.",
    ],
)
def test_honorifics_are_not_roles(text):
    finding = find_role(text)
    assert finding.honorific
    assert finding.role_text == ""
    assert finding.titles == []


@pytest.mark.parametrize(
    "text",
    [
        "Музей открыла вдова писателя **Анна Петрова**.",
        "Об этом рассказал муж актрисы **Иван Петров**.",
        "На церемонии был **Иван Петров**, брат министра финансов, и его друзья.",
    ],
)
def test_family_relations_are_no_roles(text):
    assert find_role(text) is None


@pytest.mark.parametrize(
    "text, title",
    [
        ("Сын бывшего президента США **Дональда Трампа** прилетел в Гренландию.",
         "бывший президент США"),
        ("Сын министра обороны **Андрея Белоусова** окончил университет.", "министр обороны"),
    ],
)  # fmt: skip
def test_the_title_of_a_relative_named_in_the_genitive_is_the_relatives_own(text, title):
    # The name is the relation's complement: whose son; the title after «сын» is his.
    assert find_role(text).titles == [title]
    # Not so for the one named after the relation in its own case.
    assert find_role("Жена президента Франции **Брижит Макрон** подала иск.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Вчера министр финансов подал в отставку; **Иван Петров** назначен исполняющим обязанности.",
        "Заявление сделал министр финансов. **Иван Петров** его не комментировал.",
        "Министр финансов позвонил **Ивану Петрову** утром.",
        "Соболезнования выразил **Иван Петров**, который возглавляет Минфин.",
        "«Мы готовы», – заявил **Иван Петров**. – Министр финансов России подтвердит.",
        "**Иван Петров** – министр финансов России – заявил журналистам об этом.",
        "Встреча с **Иваном Петровым**, министр финансов, прошла в Кремле.",
    ],
)
def test_role_is_never_taken_across_a_clause_boundary(text):
    assert find_role(text) is None


def test_a_title_in_the_names_case_is_preferred_to_an_earlier_head_in_another():
    finding = find_role(
        "На заседании Совета при Президенте РФ по делам молодёжи глава Чувашии "
        "**Игорь Белов** выступил с докладом."
    )
    assert finding.role_text == "глава Чувашии"
    assert finding.cases == ("nomn",)
    assert finding.confident


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        # The name in the genitive after «главы МИД» is the head of the ministry's.
        ("Об этом сообщил пресс-секретарь главы МИД **Сергея Лаврова**.", "глава МИД"),
        ("Письмо передал помощник министра обороны **Сергея Шойгу**.", "министр обороны"),
    ],
)
def test_a_name_in_the_case_of_a_title_inside_a_title_gets_that_inner_title(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.confident


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        # In the nominative the name is the press secretary's, the assistant's, the deputy's.
        ("Об этом сообщил пресс-секретарь главы МИД **Мария Захарова**.", "пресс-секретарь главы МИД"),
        ("Письмо передал помощник министра обороны **Иван Петров**.", "помощник министра обороны"),
        ("Вопрос решал заместитель руководителя администрации президента **Сергей Кириенко**.",
         "заместитель руководителя администрации президента"),
        ("Об этом сообщил пресс-секретарь Кремля **Дмитрий Песков**.", "пресс-секретарь Кремля"),
    ],
)  # fmt: skip
def test_a_name_in_the_case_of_the_outer_title_keeps_the_whole_title(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.confident


def test_a_bare_title_before_a_name_in_its_case_stays_a_role():
    finding = find_role("Об этом сообщил пресс-секретарь **Дмитрий Песков**.")
    assert finding.role_text == "пресс-секретарь"
    assert finding.office and not finding.confident  # no place: an editor completes it


def test_a_name_in_the_case_of_the_outer_title_and_of_a_person_inside_it_is_the_outers():
    # As the news writes it: the president's name would be given with the title.
    finding = find_role(
        "По словам пресс-секретаря президента **Дмитрия Пескова**, встреча состоится."
    )
    assert finding.role_text == "пресс-секретарь президента"
    assert finding.confident


def test_a_name_in_the_case_of_an_inner_title_and_of_a_person_inside_it_gets_no_confident_role():
    # Not the deputy's (nominative); the head of the administration's or the president's.
    finding = find_role(
        "Приказ подписал заместитель руководителя администрации президента **Владимира Путина**."
    )
    assert finding is not None and not finding.confident


@pytest.mark.parametrize(
    "text",
    [
        "Письмо передал заместитель министра обороны Японии **Кэнтаро Сонохара**.",
        "Письмо передал пресс-секретарь главы МИД **Кэнтаро Сонохара**.",
    ],
)
def test_a_name_the_dictionary_only_guesses_at_gets_no_office_of_a_person_in_the_title(text):
    # The deputy or the press secretary, or the minister's name in the genitive: not sure.
    finding = find_role(text)
    assert not finding.confident
    assert finding.where == "before"


def test_a_name_the_dictionary_only_guesses_at_agrees_with_a_title_naming_a_place():
    # «Сонохара» is no genitive of «Сонохар»: the dictionary only guesses at the name.
    finding = find_role("Министр обороны Японии **Кэнтаро Сонохара** прибыл в Москву.")
    assert finding.role_text == "министр обороны Японии"
    assert finding.confident


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        ("Прогноз дал директор НИИ „Гидроприбор“ **Олег Ракитин**.", "директор НИИ „Гидроприбор“"),
        ('Прогноз дал директор завода "Гидроприбор" **Олег Ракитин**.', 'директор завода "Гидроприбор"'),
        ("Прогноз дал директор завода “Гидроприбор” **Олег Ракитин**.", "директор завода “Гидроприбор”"),
        ("Прогноз дал **Олег Ракитин**, директор завода „Гидроприбор“.", "директор завода „Гидроприбор“"),
    ],
)  # fmt: skip
def test_a_name_in_any_quotation_marks_is_part_of_the_title(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.confident


@pytest.mark.parametrize(
    "text",
    [
        "Митинг провёл лидер крайне левого Союза студентов **Олег Ракитин**.",
        "Митинг провёл **Олег Ракитин**, лидер крайне левого Союза студентов.",
    ],
)
def test_an_adverb_of_degree_before_an_adjective_stays_in_the_title(text):
    finding = find_role(text)
    assert finding.role_text == "лидер крайне левого Союза студентов"
    assert finding.confident


@pytest.mark.parametrize(
    "text",
    [
        "Министр культуры Бурятии, **Дарима Цыренова** открыла выставку в Улан-Удэ.",
        "Таким образом, министр культуры Бурятии, **Дарима Цыренова** открыла выставку.",
    ],
)
def test_a_title_opening_the_sentence_before_its_subjects_name_is_read(text):
    finding = find_role(text)
    assert finding.role_text == "министр культуры Бурятии"
    assert finding.cases == ("nomn",)
    assert finding.confident


@pytest.mark.parametrize(
    "text",
    [
        # The previous person's apposition, not the next one's title.
        "Пришёл Баир Доржиев, министр культуры Бурятии, **Дарима Цыренова** открыла выставку.",
        # A list of persons, no subject of its own.
        "Министр культуры Бурятии, **Дарима Цыренова** и Баир Доржиев открыли выставку.",
    ],
)
def test_a_title_before_a_comma_elsewhere_is_not_the_next_names(text):
    assert find_role(text) is None


# Roles a predicate states of its subject


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        ("**Ольга Зимина** является депутатом Псковского областного собрания.", "депутат Псковского областного собрания"),
        ("В среду **Тимур Асланов** назначен министром здравоохранения Дагестана.", "министр здравоохранения Дагестана"),
        ("**Тимур Асланов** был назначен министром здравоохранения Дагестана.", "министр здравоохранения Дагестана"),
        ("**Ольга Зимина** избрана председателем комитета Госдумы по культуре.", "председатель комитета Госдумы по культуре"),
        ("**Тимур Асланов** занимает пост министра здравоохранения Дагестана.", "министр здравоохранения Дагестана"),
        ("Однако **Тимур Асланов** вступил в должность мэра Махачкалы.", "мэр Махачкалы"),
        ("Председателем совета директоров стал **Глеб Ванин**.", "председатель совета директоров"),
        # The title ends where the clause's circumstances begin.
        ("**Глеб Ванин** стал капитаном клуба «Сокол» в прошлом году.", "капитан клуба «Сокол»"),
    ],
)  # fmt: skip
def test_a_title_a_predicate_states_is_its_subjects_role(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.where == "predicate"
    assert finding.cases == ("nomn",)  # the subject's case, not the title's


@pytest.mark.parametrize(
    "text",
    [
        "**Тимур Асланов** станет министром здравоохранения Дагестана.",
        "**Тимур Асланов** был министром здравоохранения Дагестана.",
        "**Тимур Асланов** согласился занять пост министра здравоохранения Дагестана.",
    ],
)
def test_a_title_the_predicate_does_not_state_as_held_now_is_not_confident(text):
    finding = find_role(text)
    assert finding.role_text == "министр здравоохранения Дагестана"
    assert not finding.confident


def test_a_predicates_office_is_confident_and_outweighs_a_description_before_the_name():
    finding = find_role("Экономист **Глеб Ванин** избран президентом Ассоциации банков.")
    assert finding.role_text == "президент Ассоциации банков"
    assert finding.confident


@pytest.mark.parametrize(
    "text",
    [
        "**Тимур Асланов** не является членом партии.",
        "**Тимур Асланов** стал свидетелем аварии на трассе.",
        "**Тимур Асланов** является братом министра.",
        "Сестра **Тимура Асланова** стала депутатом городской думы.",
        "Встреча с **Тимуром Аслановым** стала главной новостью дня.",
        "**Тимур Асланов** заявил, что Глеб Ванин является депутатом.",
    ],
)
def test_no_role_from_a_negated_predicate_another_clause_or_what_is_no_occupation(text):
    assert find_role(text) is None


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        ("Об обстреле рассказал украинский военнослужащий **Иван Петров**.", "украинский военнослужащий"),
        ("Об этом рассказал житель Москвы **Иван Петров**.", "житель Москвы"),
        ("Как отметил эксперт Высшей школы экономики **Иван Петров**, рынок растёт.", "эксперт Высшей школы экономики"),
        ("Бывший президент США **Дональд Трамп** выступил в Огайо.", "бывший президент США"),
        ("«Мы готовы», – заявил министр **Иван Петров**.", "министр"),
    ],
)  # fmt: skip
def test_titles_that_are_not_a_held_office_are_not_confident(text, role_text):
    finding = find_role(text)
    assert finding.role_text == role_text
    assert not finding.confident


@pytest.mark.parametrize(
    ("text", "role_text"),
    [
        ("На митинге выступил лидер оппозиции **Иван Петров**.", "лидер оппозиции"),
        ("Об этом рассказал руководитель группы **Иван Петров**.", "руководитель группы"),
        ("Связь с Землёй держал командир корабля **Иван Петров**.", "командир корабля"),
    ],
)  # fmt: skip
def test_a_title_that_says_only_what_kind_of_body_it_is_held_at_is_not_confident(text, role_text):
    # Which opposition, group or ship: a permanent record needs it, an editor knows it.
    finding = find_role(text)
    assert finding.role_text == role_text
    assert finding.office and not finding.confident


def test_a_title_that_names_its_body_or_ministry_is_confident():
    for text in (
        "Заявление сделал лидер партии «Яблоко» **Иван Петров**.",
        "Заявление сделал министр финансов **Иван Петров**.",
    ):
        assert find_role(text).confident


# What the importer records


@pytest.mark.parametrize(
    "verb",
    ["стал министром финансов", "назначен министром финансов", "является министром финансов"],
)
def test_an_office_a_predicate_states_outweighs_an_office_before_the_name(verb):
    # The predicate is the newer fact: the deputy became (or now is) the minister.
    finding = find_role(f"Депутат Госдумы **Иван Петров** {verb}.")
    assert finding.role_text == "министр финансов"
    assert finding.where == "predicate"
    assert finding.confident


@pytest.mark.parametrize(
    "verb", ["станет министром финансов", "был министром финансов", "не стал министром финансов"]
)
def test_an_office_the_predicate_does_not_state_as_held_now_leaves_the_title_before(verb):
    finding = find_role(f"Депутат Госдумы **Иван Петров** {verb}.")
    assert finding.role_text == "депутат Госдумы"
    assert finding.confident


@pytest.mark.django_db
def test_the_person_a_title_inside_a_title_names_gets_only_the_inner_title(tmp_path):
    import_article(
        tmp_path,
        "Брифинг в Москве",
        "Новости дипломатии.",
        "Об итогах переговоров рассказал пресс-секретарь главы МИД **Сергея Лаврова**.",
    )
    assert titles_of("Сергей Лавров") == ["глава МИД"]
    assert Role.objects.filter(title__contains="пресс-секретарь").count() == 0


@pytest.mark.django_db
def test_the_office_a_predicate_states_becomes_the_role_not_the_office_before(tmp_path):
    import_article(
        tmp_path,
        "Новый министр",
        "Кадровые перемены в правительстве.",
        "Депутат Госдумы **Иван Петров** стал министром финансов.",
    )
    assert titles_of("Иван Петров") == ["министр финансов"]


@pytest.mark.django_db
def test_confident_role_becomes_a_role_dated_by_the_article(tmp_path):
    import_article(
        tmp_path,
        "Минфин внёс в правительство поправки к бюджету",
        "Министр финансов России **Антон Силуанов** представил поправки.",
        "Поправки обсудят на следующей неделе.",
        date_line="05-03-2024, 01:30.",
    )
    (role,) = Role.objects.filter(person__name="Антон Силуанов")
    assert role.title == "министр финансов России"
    # The date is the newsroom's (Moscow) date of publication, not the UTC one.
    assert role.stated_on == datetime.date(2024, 3, 5)
    assert role.start_date is None  # when the office was taken, the article does not say


@pytest.mark.django_db
def test_roles_in_headline_and_lede_are_recorded(tmp_path):
    article = import_article(
        tmp_path,
        "Президентом Республики Казахстан **Касым-Жомартом Токаевым** подписан указ о выборах",
        "Указ поддержал **Никол Пашинян**, премьер-министр Армении.",
        "Выборы пройдут весной.",
    )
    assert titles_of("Касым-Жомарт Токаев") == ["президент Республики Казахстан"]
    assert titles_of("Никол Пашинян") == ["премьер-министр Армении"]
    mention = article.mentions.get(person__name="Касым-Жомарт Токаев")
    assert mention.role_text == "президент Республики Казахстан"


@pytest.mark.django_db
def test_conjoined_roles_become_two_roles(tmp_path):
    article = import_article(
        tmp_path,
        "Армения и Белоруссия обсудили военное сотрудничество",
        "Переговоры прошли в Минске.",
        "Председатель правительства и министр обороны Армении **Сурен Папикян** прибыл в Минск.",
    )
    assert titles_of("Сурен Папикян") == [
        "министр обороны Армении",
        "председатель правительства Армении",
    ]
    assert article.mentions.get().role_text == (
        "председатель правительства и министр обороны Армении"
    )


@pytest.mark.django_db
def test_office_a_predicate_states_becomes_a_role(tmp_path):
    article = import_article(
        tmp_path,
        "В Дагестане сменился министр здравоохранения",
        "Указ подписан в среду.",
        "**Тимур Асланов** назначен министром здравоохранения Дагестана.",
    )
    assert titles_of("Тимур Асланов") == ["министр здравоохранения Дагестана"]
    mention = article.mentions.get(person__name="Тимур Асланов")
    assert mention.role_text == "министр здравоохранения Дагестана"


@pytest.mark.django_db
def test_title_that_is_no_office_stays_on_the_mention_without_a_role(tmp_path):
    article = import_article(
        tmp_path,
        "На границе задержали нарушителя",
        "Об этом рассказал украинский военнослужащий **Иван Петров**.",
        "Задержанного передали пограничникам.",
    )
    mention = article.mentions.get(person__name="Иван Петров")
    assert mention.role_text == "украинский военнослужащий"
    assert not Role.objects.exists()


@pytest.mark.django_db
def test_bare_title_stays_on_the_mention_without_a_role(tmp_path):
    article = import_article(
        tmp_path,
        "Минфин готов к снижению ставки",
        "Бюджет исполняется по плану.",
        "«Мы готовы», – заявил министр **Иван Петров**.",
    )
    # The headline's «Минфин» is an organization's mention: the person's is the one here.
    assert article.mentions.get(person__isnull=False).role_text == "министр"
    assert not Role.objects.exists()


@pytest.mark.django_db
def test_honorific_gives_the_names_case_but_no_role(tmp_path):
    article = import_article(
        tmp_path,
        "Губернатор поблагодарил волонтёров",
        "Награды вручили в Твери.",
        "Губернатор поблагодарил господина **Ивана Петрова** за помощь.",
    )
    mention = article.mentions.get()
    assert mention.person.name == "Иван Петров"
    assert mention.role_text == ""
    assert not Role.objects.exists()


@pytest.mark.django_db
def test_role_already_recorded_is_not_added_again(tmp_path):
    person = Person.objects.create(name="Антон Силуанов")
    Role.objects.create(person=person, title="министр финансов России")
    import_article(
        tmp_path,
        "Минфин внёс в правительство поправки к бюджету",
        "Министр финансов России **Антон Силуанов** представил поправки.",
        "Поправки обсудят на следующей неделе.",
    )
    assert list(person.roles.values_list("title", "start_date")) == [
        ("министр финансов России", None)
    ]


@pytest.mark.django_db
def test_reference_article_gets_exactly_its_roles(tmp_path):
    from tests.reference import REFERENCE_FILE

    import_file(REFERENCE_FILE)
    japarov = Mention.objects.get(person__name="Акылбек Жапаров")
    assert japarov.role_text == (
        "председатель Кабинета министров и руководитель Администрации президента Киргизии"
    )
    assert titles_of("Акылбек Жапаров") == [
        "председатель Кабинета министров Киргизии",
        "руководитель Администрации президента Киргизии",
    ]
    assert titles_of("Касым-Жомарт Токаев") == ["президент Казахстана"]
    assert Role.objects.count() == 8


@pytest.mark.django_db
def test_person_page_shows_an_imported_role_as_of_the_article_not_as_its_start(client, tmp_path):
    import_article(
        tmp_path,
        "Минфин внёс в правительство поправки к бюджету",
        "Министр финансов России **Антон Силуанов** представил поправки.",
        "Поправки обсудят на следующей неделе.",
        date_line="05-03-2024, 01:30.",
    )
    person = Person.objects.get(name="Антон Силуанов")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "по данным на 5 марта 2024" in page
    assert "с 5 марта 2024" not in page
