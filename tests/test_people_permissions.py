"""Reporters add persons, organizations and roles; they change only what they added and no
published article names yet. Editors change anything. Requests go straight to the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.factories import ArticleFactory, MentionFactory, QuoteFactory
from people.factories import NameVariantFactory, OrganizationFactory, PersonFactory, RoleFactory
from people.models import NameVariant, Organization, Person, Role
from tests.admin_forms import editor, form_data, photo_editor, reporter

pytestmark = pytest.mark.django_db


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def post_change(client, obj, **changes):
    """Post ``obj``'s change form as the client sees it, with ``changes``."""
    opts = obj._meta
    page = client.get(admin_url(obj))
    data = {**form_data(page, f"{opts.model_name}_form"), **changes}
    return client.post(admin_url(obj), data)


def published_article_naming(**mention):
    return MentionFactory(article=ArticleFactory(published=True), **mention).article


@pytest.fixture
def reporter_client(client):
    client.user = reporter()
    client.force_login(client.user)
    return client


# Adding.


def test_reporter_adds_a_person_and_is_recorded_as_who_added_it(reporter_client):
    data = {
        "name": "Алексей Оверчук",
        "slug": "",
        "bio": "",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-title": "вице-премьер",
        "variants-TOTAL_FORMS": "0",
        "variants-INITIAL_FORMS": "0",
    }
    response = reporter_client.post(add_url(Person), data)
    assert response.status_code == 302
    person = Person.objects.get(name="Алексей Оверчук")
    assert person.created_by == reporter_client.user
    assert person.roles.get().created_by == reporter_client.user


def test_reporter_adds_an_organization(reporter_client):
    data = {"name": "Евразийская экономическая комиссия", "kind": "intergovernmental"}
    assert reporter_client.post(add_url(Organization), data).status_code == 302
    organization = Organization.objects.get(name="Евразийская экономическая комиссия")
    assert organization.created_by == reporter_client.user


def test_reporter_adds_a_role_to_a_person_a_published_article_names(reporter_client):
    person = PersonFactory()
    published_article_naming(person=person)
    data = {"person": person.pk, "title": "посол в Армении"}
    assert reporter_client.post(add_url(Role), data).status_code == 302
    assert person.roles.get().title == "посол в Армении"


# Changing persons.


def test_reporter_renames_a_person_they_added_that_only_drafts_name(reporter_client):
    person = PersonFactory(name="Иван Петров", created_by=reporter_client.user)
    MentionFactory(person=person)  # a draft
    assert post_change(reporter_client, person, name="Иван Иванович Петров").status_code == 302
    person.refresh_from_db()
    assert person.name == "Иван Иванович Петров"


def test_reporter_cannot_rename_a_person_once_a_published_article_names_them(reporter_client):
    person = PersonFactory(name="Иван Петров", created_by=reporter_client.user)
    data = form_data(reporter_client.get(admin_url(person)), "person_form")
    article = published_article_naming(person=person)
    data["name"] = "Пётр Иванов"
    assert reporter_client.post(admin_url(person), data).status_code == 403
    person.refresh_from_db()
    assert person.name == "Иван Петров"
    page = reporter_client.get(article.get_absolute_url()).content.decode()
    assert "Пётр Иванов" not in page


def test_reporter_cannot_rename_a_person_quoted_in_a_published_article(reporter_client):
    person = PersonFactory(name="Иван Петров", created_by=reporter_client.user)
    data = form_data(reporter_client.get(admin_url(person)), "person_form")
    QuoteFactory(speaker=person, article=ArticleFactory(published=True))
    data["name"] = "Пётр Иванов"
    assert reporter_client.post(admin_url(person), data).status_code == 403


def test_a_scheduled_article_counts_as_published(reporter_client):
    person = PersonFactory(name="Иван Петров", created_by=reporter_client.user)
    data = form_data(reporter_client.get(admin_url(person)), "person_form")
    later = timezone.now() + datetime.timedelta(days=1)
    MentionFactory(person=person, article=ArticleFactory(status="published", published_at=later))
    data["name"] = "Пётр Иванов"
    assert reporter_client.post(admin_url(person), data).status_code == 403


def test_reporter_cannot_rename_a_person_someone_else_added(reporter_client):
    others = PersonFactory(name="Иван Петров", created_by=reporter("other"))
    nobodys = PersonFactory(name="Пётр Сидоров")  # the importer's, or older than the column
    for person in (others, nobodys):
        data = {"name": "Переименован", "slug": person.slug}
        assert reporter_client.post(admin_url(person), data).status_code == 403
        person.refresh_from_db()
        assert person.name != "Переименован"


def test_reporter_sees_a_person_they_may_not_change_read_only(reporter_client):
    person = PersonFactory(name="Иван Петров")
    page = reporter_client.get(admin_url(person))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()


def test_reporter_cannot_change_someone_elses_role_inside_their_own_person(reporter_client):
    person = PersonFactory(created_by=reporter_client.user)
    role = RoleFactory(person=person, title="министр", created_by=editor())
    response = post_change(reporter_client, person, **{"roles-0-title": "бывший министр"})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.title == "министр"


def test_reporter_cannot_add_a_name_variant_to_a_person_they_may_not_change(reporter_client):
    person = PersonFactory()
    published_article_naming(person=person)
    data = {"person": person.pk, "name": "Ivan Petrov"}
    assert reporter_client.post(add_url(NameVariant), data).status_code == 403
    assert not person.variants.exists()
    variant = NameVariantFactory(person=person, name="Ivan Petrov")
    data = {"person": person.pk, "name": "Ivan Petroff"}
    assert reporter_client.post(admin_url(variant), data).status_code == 403


# Organizations and roles.


def test_reporter_cannot_rename_an_organization_a_published_article_names(reporter_client):
    organization = OrganizationFactory(name="ОДКБ", created_by=reporter_client.user)
    published_article_naming(organization=organization, person=None)
    data = {"name": "Переименована", "kind": "other", "slug": organization.slug}
    assert reporter_client.post(admin_url(organization), data).status_code == 403
    organization.refresh_from_db()
    assert organization.name == "ОДКБ"


def test_reporter_renames_an_organization_they_added_that_no_published_article_names(
    reporter_client,
):
    organization = OrganizationFactory(name="ЕЭК", created_by=reporter_client.user)
    response = post_change(reporter_client, organization, name="Евразийская комиссия")
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Евразийская комиссия"


def test_reporter_changes_own_role_until_its_holder_is_named_in_a_published_article(
    reporter_client,
):
    role = RoleFactory(title="министр", created_by=reporter_client.user)
    data = {"person": role.person.pk, "title": "вице-премьер"}
    assert reporter_client.post(admin_url(role), data).status_code == 302
    published_article_naming(person=role.person)
    data = {"person": role.person.pk, "title": "премьер"}
    assert reporter_client.post(admin_url(role), data).status_code == 403
    role.refresh_from_db()
    assert role.title == "вице-премьер"


def test_reporter_cannot_change_a_role_at_an_organization_a_published_article_names(
    reporter_client,
):
    organization = OrganizationFactory()
    published_article_naming(organization=organization, person=None)
    role = RoleFactory(organization=organization, created_by=reporter_client.user)
    data = {"person": role.person.pk, "title": "никто", "organization": organization.pk}
    assert reporter_client.post(admin_url(role), data).status_code == 403


def test_reporter_cannot_change_a_role_someone_else_added(reporter_client):
    role = RoleFactory(title="министр")
    data = {"person": role.person.pk, "title": "никто"}
    assert reporter_client.post(admin_url(role), data).status_code == 403


# Editors and photo editors.


def test_editor_renames_a_person_a_published_article_names(client):
    person = PersonFactory(name="Иван Петров", created_by=reporter())
    published_article_naming(person=person)
    client.force_login(editor())
    assert post_change(client, person, name="Иван Иванович Петров").status_code == 302
    person.refresh_from_db()
    assert person.name == "Иван Иванович Петров"


def test_editor_changes_any_organization_and_role(client):
    organization = OrganizationFactory(name="ОДКБ")
    published_article_naming(organization=organization, person=None)
    role = RoleFactory(organization=organization, title="генсек")
    client.force_login(editor())
    assert post_change(client, organization, short_name="ОДКБ").status_code == 302
    data = {"person": role.person.pk, "title": "генеральный секретарь"}
    assert client.post(admin_url(role), data).status_code == 302
    role.refresh_from_db()
    assert role.title == "генеральный секретарь"


def test_photo_editor_still_sets_the_portrait_of_a_person_in_a_published_article(client):
    person = PersonFactory()
    published_article_naming(person=person)
    client.force_login(photo_editor())
    assert post_change(client, person, bio="Политик.").status_code == 302


# Reverting a person through the history: the same rule, checked before the revert.


def saved_person(client, **fields):
    person = PersonFactory(**fields)
    assert post_change(client, person).status_code == 302
    return person, Version.objects.get_for_object(person).first()


def revision_url(obj, version):
    return reverse("admin:people_person_revision", args=[obj.pk, version.pk])


def test_reporter_cannot_revert_a_person_named_in_a_published_article(reporter_client):
    person, first = saved_person(
        reporter_client, name="Иван Петров", created_by=reporter_client.user
    )
    Person.objects.filter(pk=person.pk).update(name="Иван Иванович Петров")
    published_article_naming(person=person)
    url = revision_url(person, first)
    assert reporter_client.get(url).status_code == 403
    data = {"name": "Иван Петров", "slug": person.slug}
    assert reporter_client.post(url, data).status_code == 403
    person.refresh_from_db()
    assert person.name == "Иван Иванович Петров"


def test_reporter_reverts_a_person_they_added_that_no_published_article_names(reporter_client):
    person, first = saved_person(
        reporter_client, name="Иван Петров", created_by=reporter_client.user
    )
    MentionFactory(person=person)  # a draft
    Person.objects.filter(pk=person.pk).update(name="Иван Иванович Петров")
    url = revision_url(person, first)
    form = form_data(reporter_client.get(url), "person_form")
    assert reporter_client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert person.name == "Иван Петров"


def test_editor_reverts_a_person_named_in_a_published_article(client):
    client.force_login(editor())
    person, first = saved_person(client, name="Иван Петров")
    published_article_naming(person=person)
    Person.objects.filter(pk=person.pk).update(name="Иван Иванович Петров")
    url = revision_url(person, first)
    assert client.post(url, form_data(client.get(url), "person_form")).status_code == 302
    person.refresh_from_db()
    assert person.name == "Иван Петров"
