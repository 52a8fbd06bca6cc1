"""An editor who typed an article in the admin has its persons, roles and quote found for them."""

import pytest
from django.test import Client

from articles.factories import ArticleFactory, MentionFactory
from media.models import Credit, Photo
from people.factories import PersonFactory
from people.models import Person
from tests.admin_forms import article_form, change_url, reporter
from tests.reference import PERSONS, reference_parts

pytestmark = pytest.mark.django_db


def typed_reference_article(user):
    """The reference article as an editor types it: text and photos, no mentions yet."""
    parts = reference_parts()
    credit = Credit.objects.create(name=parts["photos"][0]["credit"])
    lead, second = (
        Photo.objects.create(caption=p["caption"], credit=credit) for p in parts["photos"]
    )
    article = ArticleFactory(
        headline=parts["headline"],
        dek=parts["dek"],
        body="\n\n".join(parts["paragraphs"]),
        lead_photo=lead,
        created_by=user,
    )
    article.article_photos.create(photo=second, position=parts["photos"][1]["position"])
    return article


def press_find_mentions(client, article):
    return client.post(
        change_url(article), {**article_form(client, article), "_find_mentions": "1"}
    )


def test_button_finds_every_person_in_the_nominative_with_roles_and_the_quote(client):
    user = reporter()
    article = typed_reference_article(user)
    client.force_login(user)
    response = press_find_mentions(client, article)
    assert response.status_code == 302 and response["Location"] == change_url(article)
    names = set(
        article.mentions.filter(person__isnull=False).values_list("person__name", flat=True)
    )
    assert names == set(PERSONS)
    pashinyan = article.mentions.get(person__name="Никол Пашинян")
    assert pashinyan.role_text == "премьер-министр Армении"
    assert article.organizations.filter(short_name="ОДКБ").exists()
    quote = article.quotes.get()
    assert quote.speaker.name == "Касым-Жомарт Токаев"
    assert quote.text.startswith("Фактически, это первый случай")
    page = client.get(change_url(article)).content.decode()
    assert "Найдено в тексте" in page


def test_button_keeps_mentions_the_editor_made_and_adds_only_missing_ones(client):
    user = reporter()
    article = typed_reference_article(user)
    putin = PersonFactory(name="Владимир Путин")
    MentionFactory(article=article, person=putin, role_text="как записал редактор")
    client.force_login(user)
    press_find_mentions(client, article)
    assert article.mentions.get(person=putin).role_text == "как записал редактор"
    assert article.mentions.filter(person__isnull=False).count() == len(PERSONS)
    assert Person.objects.filter(name="Владимир Путин").count() == 1
    press_find_mentions(client, article)  # pressed again: nothing doubles
    assert article.mentions.filter(person__isnull=False).count() == len(PERSONS)
    assert article.quotes.count() == 1


def test_reporter_cannot_fill_mentions_of_someone_elses_article(client):
    article = typed_reference_article(reporter("author"))
    client.force_login(reporter("other"))
    response = client.post(change_url(article), {"_find_mentions": "1"})
    assert response.status_code == 403
    assert not article.mentions.exists()


def test_persons_the_button_creates_are_the_reporters_own_to_correct(client):
    # They were once recorded as added by nobody, so the reporter could not fix a name.
    from django.urls import reverse

    user = reporter()
    article = typed_reference_article(user)
    client.force_login(user)
    press_find_mentions(client, article)
    zas = Person.objects.get(name="Станислав Зась")
    assert zas.created_by == user
    assert all(role.created_by == user for role in zas.roles.all())
    assert article.organizations.filter(created_by=user).exists()  # ОДКБ
    page = client.get(reverse("admin:people_person_change", args=[zas.pk]))
    assert page.status_code == 200 and 'name="name"' in page.content.decode()


def test_readers_see_at_once_whom_the_button_found_in_a_published_article(staff_client, committed):
    reader = Client()
    petrov = PersonFactory(name="Иван Петров")
    with committed():
        article = ArticleFactory(
            published=True,
            headline="Мост открыли после ремонта",
            body="Мост открыл **Иван Петров**. Движение восстановлено.",
        )
    assert "Мост открыли после ремонта" not in reader.get(petrov.get_absolute_url()).text
    assert petrov.get_absolute_url() not in reader.get(article.get_absolute_url()).text
    with committed():
        press_find_mentions(staff_client, article)
    assert article.mentions.filter(person=petrov).exists()
    assert "Мост открыли после ремонта" in reader.get(petrov.get_absolute_url()).text
    assert petrov.get_absolute_url() in reader.get(article.get_absolute_url()).text
