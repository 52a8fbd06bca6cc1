"""A person page's own parts (JSON-LD and profile) are rendered once, kept in the database,
and never served out of date (people.stored_pages).

Each test views the page until its parts are stored (the first view makes the row that
holds the stamp, the second stores), changes something the parts show, and expects the
change on the next view. With the page cache and fragments off throughout: what is tested
is the stored rendering, not a cache.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles import stored_fragments
from media.factories import PhotoFactory
from people import stored_pages, views
from people.factories import NameVariantFactory, OrganizationFactory, PersonFactory, RoleFactory
from people.models import Person, StoredPersonPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_cached")]


@pytest.fixture(autouse=True)
def pages_rendered_on_every_view(monkeypatch):
    """As after a change elsewhere in the site, each view renders the page's piece: its
    stored piece (articles.stored_fragments, tests/test_stored_fragments.py) would serve
    later views without reading the stored profile at all."""

    def rendered(name, parts, compute, request=None, using="default", vary=()):
        return compute()

    monkeypatch.setattr(stored_fragments, "stored_fragment", rendered)


@pytest.fixture
def person():
    person = PersonFactory(
        name="Иван Петров",
        bio="Глава ведомства",
        portrait=PhotoFactory(with_image=True, caption="Петров в кабинете"),
    )
    RoleFactory(person=person, title="министр", organization=OrganizationFactory(name="Минфин"))
    RoleFactory(
        person=person,
        title="депутат",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    NameVariantFactory(person=person, name="Ivan Petrov")
    return Person.objects.get(pk=person.pk)


def page(client, person, **headers):
    response = client.get(person.get_absolute_url(), **headers)
    assert response.status_code == 200
    # The CSP nonce differs on every response.
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def stored(client, person):
    """View the page until its parts are stored; the page as then shown."""
    page(client, person)
    shown = page(client, person)
    assert StoredPersonPage.objects.get(person=person).fingerprint
    return shown


def test_the_stored_parts_are_shown_unchanged(client, person):
    first = page(client, person)
    assert "министр" in first and "Ivan Petrov" in first
    assert stored(client, person) == first
    assert page(client, person) == first


def test_what_readers_get_is_what_was_stored(client, person):
    stored(client, person)
    StoredPersonPage.objects.filter(person=person).update(profile="<p>Из хранилища.</p>")
    assert "<p>Из хранилища.</p>" in page(client, person)


def test_a_stored_page_reads_no_roles_nor_variants(client, person):
    stored(client, person)
    client.get("/robots.txt")  # Django empties the query log as a request starts
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as captured:
        page(client, person)
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "people_role" not in read and "people_namevariant" not in read


# Each changes what the parts show; returns what the page shows then, and what it no
# longer shows.
def rename_person(person):
    person.name = "Иван Сидоров"
    person.save()
    return "Иван Сидоров", None


def rename_without_a_save(person):
    Person.objects.filter(pk=person.pk).update(bio="Бывший глава ведомства")
    return "Бывший глава ведомства", None


def add_role(person):
    RoleFactory(person=person, title="вице-премьер")
    return "вице-премьер", None


def change_role(person):
    role = person.roles.get(title="министр")
    role.title = "первый министр"
    role.save()
    return "первый министр", None


def delete_role(person):
    person.roles.get(title="депутат").delete()
    return None, "депутат"


def move_role(person):
    role = person.roles.get(title="депутат")
    role.person = PersonFactory()
    role.save()
    return None, "депутат"


def rename_organization(person):
    organization = person.roles.get(title="министр").organization
    organization.name = "Министерство финансов"
    organization.save()
    return "Министерство финансов", None


def delete_organization(person):
    person.roles.get(title="министр").organization.delete()
    return None, "Минфин"


def add_variant(person):
    NameVariantFactory(person=person, name="Ivan Petroff")
    return "Ivan Petroff", None


def delete_variant(person):
    person.variants.get().delete()
    return None, "Ivan Petrov"


def change_portrait_caption(person):
    person.portrait.caption = "Петров на совещании"
    person.portrait.save()
    return "Петров на совещании", None  # its alt text stays


def rename_portrait_credit(person):
    credit = person.portrait.credit
    credit.name = "фотоагентство Восток"
    credit.save()
    return "фотоагентство Восток", None


def delete_portrait(person):
    person.portrait.delete()
    return None, "Петров в кабинете"


def replace_portrait(person):
    person.portrait = PhotoFactory(with_image=True, caption="Новый портрет")
    person.save()
    return "Новый портрет", "Петров в кабинете"


@pytest.mark.parametrize(
    "change",
    [
        rename_person,
        rename_without_a_save,
        add_role,
        change_role,
        delete_role,
        move_role,
        rename_organization,
        delete_organization,
        add_variant,
        delete_variant,
        change_portrait_caption,
        rename_portrait_credit,
        delete_portrait,
        replace_portrait,
    ],
)
def test_a_change_to_what_the_parts_show_shows_on_the_next_view(
    client, person, django_capture_on_commit_callbacks, change
):
    before = stored(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        shown, gone = change(person)
    after = page(client, Person.objects.get(pk=person.pk))
    if shown:
        assert shown not in before and shown in after
    if gone:
        assert gone in before and gone not in after


def test_a_role_ending_today_is_past_tomorrow(client, person, monkeypatch):
    today = datetime.date(2026, 3, 1)
    monkeypatch.setattr(views.timezone, "localdate", lambda: today)
    RoleFactory(person=person, title="советник", end_date=today)
    current = re.compile(r'<ul class="current-role roles">.*?</ul>', re.S)
    assert "Советник" in current.search(stored(client, person)).group()  # capitalized
    monkeypatch.setattr(views.timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    tomorrow = page(client, person)
    assert "Советник" not in current.search(tomorrow).group()
    assert "<li>советник" in tomorrow  # among the earlier roles


def test_each_address_gets_its_own_absolute_links(client, person, settings):
    settings.ALLOWED_HOSTS = ["news.example", "mirror.example"]
    page(client, person, HTTP_HOST="news.example")
    assert "http://news.example/" in page(client, person, HTTP_HOST="news.example")
    other = page(client, person, HTTP_HOST="mirror.example")
    assert "http://mirror.example/" in other and "news.example" not in other


def test_with_the_readers_address_set_every_host_links_there_and_shares_one_stored_page(
    client, person, settings
):
    settings.ALLOWED_HOSTS = ["news.example", "www.news.example"]
    settings.NEWSROOM_SITE_ORIGIN = "https://news.example"
    page(client, person, HTTP_HOST="news.example")  # stores it
    first = page(client, person, HTTP_HOST="news.example")
    assert f'"url": "https://news.example{person.get_absolute_url()}"' in first
    fingerprint = StoredPersonPage.objects.get(person=person).fingerprint
    other = page(client, person, HTTP_HOST="www.news.example")
    assert "www.news.example" not in other
    assert StoredPersonPage.objects.get(person=person).fingerprint == fingerprint
    assert other == first


def test_new_templates_or_code_render_every_page_anew(client, person, monkeypatch):
    stored(client, person)
    StoredPersonPage.objects.filter(person=person).update(profile="<p>Старая вёрстка.</p>")
    monkeypatch.setattr(stored_pages, "code_fingerprint", lambda: "a new release")
    assert "Старая вёрстка." not in page(client, person)


def test_a_rendering_racing_a_change_is_not_stored(person):
    request = RequestFactory().get(person.get_absolute_url())
    today = datetime.date(2026, 3, 1)
    read = stored_pages.with_stored_page(Person.objects.filter(pk=person.pk))
    stored_pages.person_parts(read.get(), request, today, lambda: {"head": "", "profile": ""})
    reader = read.get()  # the row, stamp 0, read with the person

    def render_while_a_role_changes():
        # A reader read the roles, then an editor changed one before it was stored.
        parts = {"head": "", "profile": "<p>министр</p>"}
        RoleFactory(person=person, title="вице-премьер")
        return parts

    stored_pages.person_parts(reader, request, today, render_while_a_role_changes)
    assert not StoredPersonPage.objects.get(person=person).fingerprint
    fresh = stored_pages.person_parts(
        read.get(), request, today, lambda: {"head": "", "profile": "<p>вице-премьер</p>"}
    )
    assert fresh["profile"] == "<p>вице-премьер</p>"
