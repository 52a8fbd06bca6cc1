"""Finding the persons and organizations a text names, among those already known.

Names are compared the way ``normalize_name`` does (case and ё/е ignored); organization
names by the dictionary forms of their words, so "Совета коллективной безопасности" finds
"Совет коллективной безопасности" in whatever case the text uses.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from media.base import normalize_name
from people.models import NameVariant, Organization, Person, Role
from people.names import morph

# Well-known organizations whose full names a text often leaves out. Detection does not
# depend on this list (acronyms the dictionary tags as organizations, acronyms in roles and
# capitalized bodies like "Совет коллективной безопасности" are found without it); the list
# only supplies the full name and kind when an acronym is first seen. Extend it as needed.
KNOWN_ORGANIZATIONS = [
    # (acronym, full name, kind)
    ("ОДКБ", "Организация Договора о коллективной безопасности", "intergovernmental"),
    ("ООН", "Организация Объединённых Наций", "intergovernmental"),
    ("СНГ", "Содружество Независимых Государств", "intergovernmental"),
    ("ЕАЭС", "Евразийский экономический союз", "intergovernmental"),
    ("ШОС", "Шанхайская организация сотрудничества", "intergovernmental"),
    ("НАТО", "Организация Североатлантического договора", "intergovernmental"),
    ("ЕС", "Европейский союз", "intergovernmental"),
    ("ОБСЕ", "Организация по безопасности и сотрудничеству в Европе", "intergovernmental"),
    ("МАГАТЭ", "Международное агентство по атомной энергии", "intergovernmental"),
    ("ВОЗ", "Всемирная организация здравоохранения", "intergovernmental"),
    ("МВФ", "Международный валютный фонд", "intergovernmental"),
    ("МИД", "Министерство иностранных дел", "state_body"),
    ("МЧС", "Министерство по чрезвычайным ситуациям", "state_body"),
    ("ФСБ", "Федеральная служба безопасности", "state_body"),
    ("ЦБ", "Центральный банк", "state_body"),
    ("ТАСС", "Информационное агентство России ТАСС", "news_agency"),
]


def lemma_key(text):
    """The dictionary forms of the words of ``text``, for comparing names in any case."""
    words = normalize_name(text.replace("«", " ").replace("»", " ").replace('"', " ")).split()
    return tuple(morph().parse(word)[0].normal_form.replace("ё", "е") for word in words)


@dataclass
class OrganizationIndex:
    """Known organizations by acronym and by the dictionary forms of their names.

    Loaded once per import run and kept up to date as organizations are created, so that
    finding an organization costs no query.
    """

    by_short_name: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)
    pks: set = field(default_factory=set)
    loaded: bool = False

    def load(self):
        if not self.loaded:
            for organization in Organization.objects.all():
                self.add(organization)
            self.loaded = True
        return self

    def is_current(self):
        """Whether the index still holds exactly the stored organizations: another import
        running at once may have added some since it was loaded."""
        if not self.loaded:
            return True
        stored = Organization.objects.aggregate(count=Count("pk"), last=Max("pk"))
        return (stored["count"], stored["last"]) == (len(self.pks), max(self.pks, default=None))

    def add(self, organization):
        self.pks.add(organization.pk)
        if organization.short_name:
            self.by_short_name.setdefault(normalize_name(organization.short_name), organization)
        self.by_name.setdefault(
            (lemma_key(organization.name), organization.parent_id), organization
        )
        self.by_name.setdefault((lemma_key(organization.name), None), organization)

    def find(self, name="", short_name="", parent=None):
        """The known organization with this acronym, or this name (under ``parent``)."""
        self.load()
        if short_name:
            found = self.by_short_name.get(normalize_name(short_name))
            if found is not None:
                return found
        if name:
            parent_id = parent.pk if parent is not None else None
            return self.by_name.get((lemma_key(name), parent_id))
        return None

    def names_starting(self):
        """{first word's dictionary form: [(key, organization)]}, for finding full names in text."""
        self.load()
        result = {}
        for (key, _parent), organization in self.by_name.items():
            if key:
                result.setdefault(key[0], []).append((key, organization))
        return result


def known_organization(short_name):
    """(full name, kind) of a well-known acronym, or None."""
    key = normalize_name(short_name)
    for acronym, name, kind in KNOWN_ORGANIZATIONS:
        if normalize_name(acronym) == key:
            return name, kind
    return None


def known_full_names():
    """[(lemma key of the full name, acronym)] of the well-known organizations."""
    return [(lemma_key(name), acronym) for acronym, name, _kind in KNOWN_ORGANIZATIONS]


def find_or_create_organization(
    index, name="", short_name="", parent=None, kind=None, created_by=None
):
    """The organization with this acronym or name, created (by ``created_by``, a user or
    None for an import) when nobody knows it yet."""
    organization = index.find(name=name, short_name=short_name, parent=parent)
    if organization is not None:
        return organization, False
    known = known_organization(short_name) if short_name else None
    if known is not None:
        name = name or known[0]
        kind = kind or known[1]
        organization = index.find(name=name)
        if organization is not None:
            return organization, False
    if kind is None:
        kind = parent.kind if parent is not None else Organization.Kind.OTHER
    organization = Organization.objects.create(
        name=name or short_name,
        short_name=short_name,
        parent=parent,
        kind=kind,
        created_by=created_by,
    )
    index.add(organization)
    return organization, True


def find_person(candidates, written_forms=()):
    """The known person a name refers to, trying ``candidates`` (nominatives, best first)
    and then the forms as written (which may be a recorded name variant); or None."""
    keys = [normalize_name(name) for name in candidates]
    keys += [normalize_name(form) for form in written_forms]
    keys = list(dict.fromkeys(key for key in keys if key))
    if not keys:
        return None
    # Two plain indexed lookups: names first, then variants (a join would cost more on
    # every call, and most names are found, or not, by their own key).
    found = {person.name_key: person for person in Person.objects.filter(name_key__in=keys)}
    if not found:
        variants = NameVariant.objects.filter(name_key__in=keys).select_related("person")
        for variant in variants:
            found.setdefault(variant.name_key, variant.person)
    for key in keys:
        if key in found:
            return found[key]
    return None


def find_person_by_surname(surnames, initials=""):
    """The one known person whose surname is one of ``surnames`` and whose first name (and
    patronymic, when ``initials`` gives two) begins with ``initials``; None when nobody or
    several persons fit, rather than a guess.

    «Лавров» alone, or a transcript's «В.Путин» (``["Путин"], "В."``) → Владимир Путин.
    Recorded name variants count, and a patronymic the initials give but the known name
    lacks is no reason to refuse.
    """
    keys = {normalize_name(surname) for surname in surnames if surname}
    if not keys:
        return None
    letters = [normalize_name(letter) for letter in initials if letter.isalpha()]
    condition = Q()
    for key in keys:
        condition |= Q(name_key__endswith=f" {key}")
    named = [(person, person.name_key) for person in Person.objects.filter(condition)[:20]]
    variants = NameVariant.objects.filter(condition).select_related("person")[:20]
    named += [(variant.person, variant.name_key) for variant in variants]
    fitting = {}
    for person, key in named:
        given = key.split()[:-1]
        if given and all(
            word.startswith(letter) for word, letter in zip(given, letters, strict=False)
        ):
            fitting[person.pk] = person
    return next(iter(fitting.values())) if len(fitting) == 1 else None


def find_or_create_person(candidates, written_forms=(), created_by=None):
    """The person named by the best of ``candidates`` (nominatives), created (by
    ``created_by``) if unknown."""
    person = find_person(candidates, written_forms)
    if person is not None:
        return person, False
    return Person.objects.create(name=candidates[0], created_by=created_by), True


# A state's official name in a title (in the genitive, as titles give it, compared as
# ``normalize_name`` folds it) and the short name news use: «президент Республики
# Казахстан» and «президент Казахстана» are one office.
OFFICIAL_STATE_NAMES = {
    "российской федерации": "россии",
    "рф": "россии",
    "республики казахстан": "казахстана",
    "республики беларусь": "белоруссии",
    "беларуси": "белоруссии",
    "республики армения": "армении",
    "азербайджанской республики": "азербайджана",
    "кыргызской республики": "киргизии",
    "киргизской республики": "киргизии",
    "кыргызстана": "киргизии",
    "республики узбекистан": "узбекистана",
    "республики таджикистан": "таджикистана",
    "китайской народной республики": "кнр",
    "китая": "кнр",
    "соединенных штатов америки": "сша",
    "соединенных штатов": "сша",
    "турецкой республики": "турции",
    "исламской республики иран": "ирана",
    "французской республики": "франции",
    "федеративной республики германия": "германии",
    "фрг": "германии",
    "корейской народно-демократической республики": "кндр",
    "республики корея": "южной кореи",
}
_STATE_NAME = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(map(re.escape, sorted(OFFICIAL_STATE_NAMES, key=len)[::-1]))
    + r")(?![\w-])"
)


# A state's adjective before an acronym and the state's name after it: «глава
# российского МИД» and «глава МИД России» are one office. (Stems, as ``normalize_name``
# folds them; the endings of the adjective's cases follow.)
STATE_ADJECTIVES = {
    "российск": "россии", "американск": "сша", "китайск": "кнр", "украинск": "украины",
    "белорусск": "белоруссии", "казахстанск": "казахстана", "французск": "франции",
    "германск": "германии", "немецк": "германии", "британск": "великобритании",
    "японск": "японии", "турецк": "турции", "израильск": "израиля", "иранск": "ирана",
    "индийск": "индии", "армянск": "армении", "азербайджанск": "азербайджана",
    "грузинск": "грузии", "польск": "польши", "итальянск": "италии", "сирийск": "сирии",
}  # fmt: skip
_STATE_ADJECTIVE_BEFORE_ACRONYM = re.compile(
    r"(?<![\w-])(?i:(" + "|".join(STATE_ADJECTIVES) + r")(?:ого|ой|ому|ий|ая|ую|им|ом|ое))"
    r" ([А-ЯЁA-Z]{2,})(?:[а-яё]{1,2})?(?![\w-])"
)


def office_key(title):
    """What two titles of one office share: their words folded, a state named by its
    official name, its short one or its adjective before an acronym alike."""
    title = _STATE_ADJECTIVE_BEFORE_ACRONYM.sub(
        lambda match: f"{match[2]} {STATE_ADJECTIVES[match[1].lower()]}", title
    )
    return _STATE_NAME.sub(lambda match: OFFICIAL_STATE_NAMES[match[0]], normalize_name(title))


def add_role(person, title, organization=None, stated_on=None, created_by=None):
    """The person's role with this title (and organization), recorded once: a title of
    the same office (``office_key``) is that role.

    ``stated_on`` is the date of the article that states a new role (the role was held
    then, as far as the newsroom knows); an existing role is returned as it is.
    """
    key = office_key(title)
    for role in person.roles.all():
        if office_key(role.title) == key and role.organization_id == (
            organization.pk if organization else None
        ):
            return role, False
    role = Role.objects.create(
        person=person,
        title=title,
        organization=organization,
        stated_on=stated_on,
        created_by=created_by,
    )
    return role, True
