"""Every model's changelist, add and change page renders for a staff user."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from articles.factories import SectionFactory
from articles.models import (
    FormerSlug,
    ListGeneration,
    RejectedMention,
    StaffProfile,
    StoredFragment,
    StoredPage,
)
from media.models import RetainedFile
from people.factories import NameVariantFactory, PersonFactory
from people.models import StoredPersonPage
from tests.reference import build_reference_article

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"articles", "people", "media"}
# Records the site keeps by itself: staff look, never add.
READ_ONLY = {RetainedFile}
# What the site derives from the rest and renders again by itself (articles.stored_pages,
# articles.stored_related, articles.stored_fragments, people.stored_pages): nothing for staff
# to look at.
DERIVED = {StoredPage, StoredPersonPage, ListGeneration, StoredFragment}


def registered_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS),
        key=lambda model: model._meta.label,
    )


def test_every_project_model_is_registered_in_the_admin():
    from django.apps import apps

    models = {m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()}
    assert models - DERIVED <= set(admin.site._registry)
    assert not DERIVED & set(admin.site._registry)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render(staff_client, model):
    article = build_reference_article()  # every model has rows
    article.section = SectionFactory()
    article.save()
    NameVariantFactory(person=article.persons.first())
    FormerSlug.objects.create(article=article, slug="old-address")
    RejectedMention.objects.create(article=article, person=PersonFactory(), written_as="Вопрос")
    StaffProfile.objects.create(user=staff_client.user, byline_name="Главный редактор")
    RetainedFile.objects.create(photo_id=999, name="photos/gone.jpg", deleted_at=timezone.now())
    opts = model._meta
    changelist = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (403 if model in READ_ONLY else 200)
    obj = model._default_manager.first()
    assert obj is not None
    change = staff_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200


def test_admin_is_in_russian(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Статьи" in page and "Персоны" in page


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_autocomplete_finds_persons_for_the_editor(staff_client):
    build_reference_article()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "mention", "field_name": "person", "term": "Пашин"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Никол Пашинян"]
