"""A demo newsroom: fictional persons, organizations and stories, written for this project.

`load_demo_content()` fills an empty database through the factories the tests
use. Every name here is invented; no text comes from real news.
"""

import datetime
import random
import re
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory, StaffFactory
from articles.groups import REPORTER
from articles.models import Article, ArticlePhoto, Mention, Quote
from media.factories import CreditFactory, PhotoFactory
from people.models import NameVariant, Organization, Person, Role


@dataclass(frozen=True)
class DemoPerson:
    name: str
    genitive: str  # written by hand: demo text, not morphology
    role: str
    organization: str
    variant: str = ""


ORGANIZATIONS = [
    # (name, short name, kind, parent)
    ("Правительство Северной области", "", "state_body", ""),
    ("Пресс-служба губернатора Северной области", "", "press_service", "Правительство Северной области"),
    ("Министерство экономики Северной области", "Минэкономики", "state_body", "Правительство Северной области"),
    ("Министерство здравоохранения Северной области", "Минздрав", "state_body", "Правительство Северной области"),
    ("Городская дума Северогорска", "", "state_body", ""),
    ("Северный региональный банк", "СРБ", "company", ""),
    ("Северогорский государственный университет", "СГУ", "other", ""),
    ("Судостроительная компания «Полярный ветер»", "«Полярный ветер»", "company", ""),
    ("Северное информационное агентство", "СИА", "news_agency", ""),
    ("Футбольный клуб «Маяк»", "«Маяк»", "other", ""),
]  # fmt: skip

PERSONS = [
    DemoPerson("Павел Ершов", "Павла Ершова", "губернатор Северной области", "Правительство Северной области", "Pavel Yershov"),
    DemoPerson("Ирина Соколова", "Ирины Соколовой", "министр экономики Северной области", "Министерство экономики Северной области"),
    DemoPerson("Сергей Лаптев", "Сергея Лаптева", "министр здравоохранения Северной области", "Министерство здравоохранения Северной области"),
    DemoPerson("Андрей Воронцов", "Андрея Воронцова", "мэр Северогорска", "Городская дума Северогорска"),
    DemoPerson("Марина Ковалёва", "Марины Ковалёвой", "председатель городской думы Северогорска", "Городская дума Северогорска"),
    DemoPerson("Олег Берёзкин", "Олега Берёзкина", "председатель правления Северного регионального банка", "Северный региональный банк"),
    DemoPerson("Елена Гришина", "Елены Гришиной", "ректор Северогорского государственного университета", "Северогорский государственный университет"),
    DemoPerson("Дмитрий Орлов", "Дмитрия Орлова", "генеральный директор компании «Полярный ветер»", "Судостроительная компания «Полярный ветер»"),
    DemoPerson("Алексей Чернов", "Алексея Чернова", "главный тренер футбольного клуба «Маяк»", "Футбольный клуб «Маяк»"),
]  # fmt: skip

SECTIONS = ["Политика", "Экономика", "Общество", "Наука и образование", "Спорт"]

TOWNS = ["Северогорске", "Белозёрске", "Каменном Броде", "Ольховке", "Устье-Лесном", "Заречном"]

# Each story names its section, the persons it quotes (indexes into PERSONS), and its text.
# {p0}/{p0g} are the first person's name in the nominative/genitive, {r0} their role,
# {town} a place, {n} a number; the quote's words come from the story.
STORIES = [
    ("Экономика", [1, 0],
     "В {town} откроют технопарк на {n} рабочих мест",
     "Власти области и частные инвесторы договорились о строительстве.",
     ["Соглашение о строительстве технопарка подписали {r0} **{p0}** и представители трёх компаний. Первую очередь обещают сдать через два года.",
      "По словам **{p0g}**, технопарк даст городу {n} рабочих мест и новые налоговые поступления.",
      "«Мы строим не здания, а возможности для тех, кто хочет работать дома», – сказала **{p0}**.",
      "Проект поддержал {r1} **{p1}**: область возьмёт на себя дороги и сети."],
     "Мы строим не здания, а возможности для тех, кто хочет работать дома"),
    ("Политика", [3, 4],
     "Городская дума приняла бюджет на следующий год",
     "Расходы на ремонт дорог вырастут почти на треть.",
     ["Депутаты утвердили бюджет во втором чтении. За документ проголосовали {n} депутатов.",
      "Заседание вела {r1} **{p1}**. Она напомнила, что поправки собирали два месяца.",
      "«Каждый рубль этого бюджета жители увидят у своего дома», – заявил {r0} **{p0}**.",
      "Обсуждение затянулось до вечера: оппозиция настаивала на увеличении расходов на транспорт."],
     "Каждый рубль этого бюджета жители увидят у своего дома"),
    ("Общество", [2],
     "В {town} открылась новая поликлиника",
     "Она рассчитана на {n} посещений в смену.",
     ["На открытии побывал {r0} **{p0}**. Он осмотрел кабинеты и поговорил с первыми пациентами.",
      "В поликлинике работают терапевты, педиатры и кардиолог; запись открыта через портал госуслуг.",
      "«Люди больше не будут ездить к врачу за сто километров», – подчеркнул **{p0}**."],
     "Люди больше не будут ездить к врачу за сто километров"),
    ("Экономика", [5],
     "Северный региональный банк снизил ставки по ипотеке",
     "Новые условия действуют с понедельника.",
     ["Ставка по семейной ипотеке снижена до {n} десятых процента выше базовой, сообщил банк.",
      "{r0} **{p0}** объяснил решение ростом спроса на жильё в малых городах.",
      "«Мы видим, что молодые семьи готовы оставаться в области, если жильё им по карману», – отметил **{p0}**."],
     "Мы видим, что молодые семьи готовы оставаться в области, если жильё им по карману"),
    ("Наука и образование", [6],
     "Университет в {town} откроет филиал инженерной школы",
     "Первых студентов примут уже осенью.",
     ["Инженерная школа будет готовить специалистов для судостроения и энергетики. На первый курс планируют принять {n} человек.",
      "Как рассказала {r0} **{p0}**, преподавать будут в том числе инженеры с верфи.",
      "«Студент должен увидеть настоящий цех раньше, чем напишет первый курсовой проект», – сказала **{p0}**."],
     "Студент должен увидеть настоящий цех раньше, чем напишет первый курсовой проект"),
    ("Экономика", [7, 0],
     "Верфь «Полярный ветер» спустила на воду новый ледокол",
     "Судно строили три года.",
     ["Церемония прошла в присутствии {r1} **{p1g}**. Ледокол длиной {n} метров будет работать на северных трассах.",
      "{r0} **{p0}** рассказал, что заказов у верфи хватит ещё на пять лет.",
      "«Это судно собрано руками наших людей, и им можно гордиться», – сказал **{p0}**."],
     "Это судно собрано руками наших людей, и им можно гордиться"),
    ("Спорт", [8],
     "«Маяк» вышел в полуфинал кубка области",
     "Решающий гол забит на последней минуте.",
     ["Матч в {town} собрал {n} зрителей. Хозяева поля вели весь второй тайм, но уступили в концовке.",
      "{r0} **{p0}** после игры похвалил молодых игроков.",
      "«Ребята показали характер, а характер в кубке важнее класса», – заявил **{p0}**."],
     "Ребята показали характер, а характер в кубке важнее класса"),
    ("Политика", [0],
     "Губернатор провёл приём граждан в {town}",
     "Жители пожаловались на состояние дорог и нехватку врачей.",
     ["Приём длился больше четырёх часов, к губернатору записались {n} человек.",
      "{r0} **{p0}** поручил до конца месяца составить план ремонта дорог в районе.",
      "«Я буду приезжать сюда снова, пока проблемы не будут решены», – пообещал **{p0}**."],
     "Я буду приезжать сюда снова, пока проблемы не будут решены"),
    ("Общество", [3],
     "В {town} обновят набережную",
     "Работы начнутся весной.",
     ["Проект благоустройства выбрали жители: за него проголосовали {n} человек.",
      "{r0} **{p0}** пообещал, что набережная будет открыта и во время работ.",
      "«Город возвращается к реке, и это лучшая новость для всех нас», – сказал **{p0}**."],
     "Город возвращается к реке, и это лучшая новость для всех нас"),
    ("Наука и образование", [6, 1],
     "Студенты разработали приложение для фермеров",
     "Программа подсказывает сроки посева по данным метеостанций.",
     ["Приложение уже установили {n} хозяйств области.",
      "Разработку отметили {r0} **{p0}** и {r1} **{p1}**.",
      "«Такие проекты показывают, что наука может приносить пользу уже сегодня», – подчеркнула **{p1}**."],
     "Такие проекты показывают, что наука может приносить пользу уже сегодня"),
    ("Общество", [2, 3],
     "В {town} прошла акция по сдаче крови",
     "Донорами стали более {n} горожан.",
     ["Мобильный пункт работал в центре города весь день.",
      "Акцию поддержали {r0} **{p0}** и {r1} **{p1}**, который сам сдал кровь.",
      "«Запасы крови в больницах области теперь обеспечены на месяц вперёд», – сообщил **{p0}**."],
     "Запасы крови в больницах области теперь обеспечены на месяц вперёд"),
    ("Спорт", [8, 3],
     "В {town} построят футбольный манеж",
     "Проект оценивается в {n} миллионов рублей.",
     ["Манеж позволит клубу тренироваться круглый год.",
      "Решение поддержали {r1} **{p1}** и {r0} **{p0}**.",
      "«Зима больше не будет нашим главным соперником», – пошутил **{p0}**."],
     "Зима больше не будет нашим главным соперником"),
]  # fmt: skip


# The demo desk's reporters: (login, first name, last name, byline name if not those).
# Readers see their names, never the logins; one signs with a byline name of her own.
STAFF = [
    ("kivanov", "Кирилл", "Иванов", ""),
    ("asmirnova", "Анна", "Смирнова", ""),
    ("mbelov", "Михаил", "Белов", ""),
    ("psokolova", "Полина", "Соколова", "Полина Северная"),
]


def _fill(text, persons, town, number):
    values = {"town": town, "n": number}
    for i, person in enumerate(persons):
        values.update({f"p{i}": person.name, f"p{i}g": person.genitive, f"r{i}": person.role})
    filled = text.format(**values)
    return filled[0].upper() + filled[1:]


@transaction.atomic
def load_demo_content(article_count=36, seed=2024, with_images=True, now=None):
    """Create the demo newsroom: sections, organizations, persons, roles, photos, articles.

    Returns the number of articles created. Most are published over the last weeks;
    two are drafts and one is scheduled for tomorrow, so editors see every state.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    sections = {name: SectionFactory(name=name, position=i) for i, name in enumerate(SECTIONS)}

    organizations = {}
    for name, short_name, kind, parent in ORGANIZATIONS:
        organizations[name] = Organization.objects.create(
            name=name, short_name=short_name, kind=kind, parent=organizations.get(parent)
        )

    press_credit = CreditFactory(name="пресс-служба губернатора Северной области")
    agency_credit = CreditFactory(name="Северное информационное агентство")

    reporters = [
        StaffFactory(username=login, first_name=first, last_name=last, byline_name=byline)
        for login, first, last, byline in STAFF
    ]
    reporter_group = Group.objects.filter(name=REPORTER).first()
    if reporter_group is not None:
        reporter_group.user_set.add(*reporters)

    persons = []
    for demo in PERSONS:
        started = datetime.date(2021, rng.randrange(1, 13), 1)
        person = Person.objects.create(
            name=demo.name,
            bio=f"{demo.role[0].upper()}{demo.role[1:]} с {started.year} года. "
            "Комментирует для редакции решения, которые готовит и принимает.",
        )
        Role.objects.create(
            person=person,
            title=demo.role,
            organization=organizations[demo.organization],
            start_date=started,
        )
        # Half of them held an earlier post: their pages show a timeline.
        if len(persons) % 2 == 0:
            Role.objects.create(
                person=person,
                title="депутат городской думы Северогорска",
                organization=organizations["Городская дума Северогорска"],
                start_date=datetime.date(2016, 9, 1),
                end_date=datetime.date(2020, 12, 31),
            )
        if demo.variant:
            NameVariant.objects.create(person=person, name=demo.variant)
        portrait = PhotoFactory(
            caption=demo.name, alt_text=f"Портрет: {demo.name}", credit=press_credit,
            with_image=with_images,
        )  # fmt: skip
        person.portrait = portrait
        person.save(update_fields=["portrait"])
        person.photos.add(portrait)
        persons.append(person)

    for i in range(article_count):
        section_name, person_indexes, headline, dek, paragraphs, quote = STORIES[i % len(STORIES)]
        demo_persons = [PERSONS[j] for j in person_indexes]
        town = TOWNS[(i // len(STORIES) + i) % len(TOWNS)]
        number = rng.randrange(12, 900)
        fill = partial(_fill, persons=demo_persons, town=town, number=number)
        published_at = now - datetime.timedelta(hours=7 * i + rng.randrange(0, 5), minutes=i)
        article = ArticleFactory(
            headline=fill(headline),
            dek=fill(dek),
            body="\n\n".join(fill(p) for p in paragraphs),
            section=sections[section_name],
            tags=[section_name.lower(), town],
            # Most stories have one author; every fourth is written by two.
            authors=[reporters[i % len(reporters)]]
            + ([reporters[(i + 1) % len(reporters)]] if i % 4 == 3 else []),
        )
        lead = PhotoFactory(
            caption=fill(f"{headline}. Фото из архива редакции."),
            alt_text=fill(headline),
            credit=agency_credit,
            # A few photos wait for their files, as happens in a real newsroom.
            with_image=with_images and i % 9 != 4,
        )
        article.lead_photo = lead
        if i % 3 == 0:
            ArticlePhoto.objects.create(
                article=article,
                photo=PhotoFactory(
                    caption=fill("{town}: место событий"),
                    credit=agency_credit,
                    with_image=with_images,
                ),  # fmt: skip
                position=2,
            )
        for order, (demo, person) in enumerate(
            zip(demo_persons, [persons[j] for j in person_indexes], strict=True)
        ):
            Mention.objects.create(
                article=article,
                person=person,
                role_text=demo.role,
                written_as=demo.genitive,
                order=order,
            )
        speaker = persons[person_indexes[_speaker_index(paragraphs, quote)]]
        Quote.objects.create(article=article, speaker=speaker, text=fill(quote))
        article.save()
        if i in (1, 5):
            continue  # left as drafts
        if i == 2:
            article.publish(at=now + datetime.timedelta(days=1))  # scheduled
        else:
            article.publish(at=published_at)
    return Article.objects.count()


def _speaker_index(paragraphs, quote):
    """Which of a story's persons says its quote: the one named after the closing »."""
    paragraph = next(p for p in paragraphs if quote in p)
    return int(re.search(r"\{p(\d)g?\}", paragraph.rsplit("»", 1)[1]).group(1))
