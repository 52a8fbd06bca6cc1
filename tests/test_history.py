"""Nothing is lost: every save is in the history; compare, revert and recover in the admin."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.factories import ArticleFactory
from articles.models import Article, ArticlePhoto, Mention
from media.factories import PhotoFactory
from people.factories import PersonFactory, RoleFactory
from people.models import Person
from tests.admin_forms import article_form, change_url, editor, form_data

pytestmark = pytest.mark.django_db


def save_through_admin(client, article, **changes):
    data = {**article_form(client, article), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def inline_rows(prefix, rows):
    """Management-form and row data for an admin inline formset with new rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def desk(client):
    user = editor("history_editor")
    client.force_login(user)
    client.user = user
    return client


def article_with_photo_and_mention(client):
    article = ArticleFactory(headline="Саммит ОДКБ", body="Первый вариант текста.")
    photo = PhotoFactory(caption="Участники саммита")
    person = PersonFactory(name="Никол Пашинян")
    data = {
        **article_form(client, article),
        **inline_rows("article_photos", [{"photo": photo.pk, "position": "1", "order": "0"}]),
        **inline_rows(
            "mentions", [{"person": person.pk, "role_text": "премьер-министр", "order": "0"}]
        ),
    }
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    return article


def test_every_admin_save_is_recorded_with_who_and_when(desk):
    article = article_with_photo_and_mention(desk)
    save_through_admin(desk, article, body="Второй вариант текста.")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {desk.user}
    assert all(v.revision.date_created for v in versions)


def test_saves_of_persons_organizations_and_photos_are_recorded(desk):
    person = PersonFactory()
    RoleFactory(person=person)
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(desk.get(url), "person_form")
    data["bio"] = "Политик."
    assert desk.post(url, data).status_code == 302
    assert Version.objects.get_for_object(person).first().revision.user == desk.user
    photo = PhotoFactory()
    url = reverse("admin:media_photo_change", args=[photo.pk])
    data = form_data(desk.get(url), "photo_form")
    data["alt_text"] = "Люди за круглым столом"
    assert desk.post(url, data).status_code == 302
    assert Version.objects.get_for_object(photo).count() == 1


def test_history_page_lists_versions_and_compare_shows_the_changed_lines(desk):
    article = article_with_photo_and_mention(desk)
    save_through_admin(
        desk, article, body="Второй вариант текста.", headline="Саммит ОДКБ в Москве"
    )
    history = desk.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    newer, older = Version.objects.get_for_object(article)[:2]
    assert f'value="{older.pk}"' in history.content.decode()
    compare = desk.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": older.pk, "new": newer.pk},
    )
    page = compare.content.decode()
    assert compare.status_code == 200
    assert "Первый вариант текста." in page and "Второй вариант текста." in page
    assert "Саммит ОДКБ в Москве" in page
    assert "diff-removed" in page and "diff-added" in page


def test_compare_refuses_a_version_of_another_article(desk):
    first = article_with_photo_and_mention(desk)
    second = ArticleFactory()
    save_through_admin(desk, second, body="Другое.")
    foreign = Version.objects.get_for_object(second).first()
    own = Version.objects.get_for_object(first).first()
    response = desk.get(
        reverse("admin:articles_article_compare", args=[first.pk]),
        {"old": foreign.pk, "new": own.pk},
    )
    assert response.status_code == 404


def test_revert_to_an_earlier_version_restores_text_and_mentions(desk):
    article = article_with_photo_and_mention(desk)
    first_version = Version.objects.get_for_object(article).first()
    data = article_form(desk, article)
    data["body"] = "Текст, который потом откатят."
    data["mentions-0-DELETE"] = "on"
    assert desk.post(change_url(article), data).status_code == 302
    assert not Mention.objects.filter(article=article).exists()

    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first_version.pk])
    form = form_data(desk.get(revision_url), "article_form")
    assert desk.post(revision_url, form).status_code == 302
    article.refresh_from_db()
    assert article.body == "Первый вариант текста."
    assert Mention.objects.get(article=article).person.name == "Никол Пашинян"


def test_revert_never_moves_the_lock_counter_back(desk):
    article = article_with_photo_and_mention(desk)
    first_version = Version.objects.get_for_object(article).first()
    save_through_admin(desk, article, body="Вторая правка.")
    counter = article.version
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first_version.pk])
    desk.post(revision_url, form_data(desk.get(revision_url), "article_form"))
    assert Article.objects.get(pk=article.pk).version > counter


def test_deleted_article_is_recovered_with_its_photos_and_mentions(desk):
    article = article_with_photo_and_mention(desk)
    pk = article.pk
    delete_url = reverse("admin:articles_article_delete", args=[pk])
    assert desk.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    assert not ArticlePhoto.objects.filter(article_id=pk).exists()

    recover_list = desk.get(reverse("admin:articles_article_recoverlist"))
    assert "Саммит ОДКБ" in recover_list.content.decode()
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = reverse("admin:articles_article_recover", args=[version.pk])
    form = form_data(desk.get(recover_url), "article_form")
    assert desk.post(recover_url, form).status_code == 302

    article = Article.objects.get(pk=pk)
    assert article.headline == "Саммит ОДКБ"
    assert [p.photo.caption for p in article.article_photos.all()] == ["Участники саммита"]
    assert [m.person.name for m in article.mentions.all()] == ["Никол Пашинян"]


def test_person_history_follows_roles(desk):
    person = PersonFactory(name="Эмомали Рахмон")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(desk.get(url), "person_form")
    data.update({"roles-0-title": "президент Таджикистана"})
    assert desk.post(url, data).status_code == 302
    version = Version.objects.get_for_object(person).first()
    assert "президент Таджикистана" in [
        v.object_repr.split(": ")[-1] for v in version.revision.version_set.all()
    ]
    person.delete()
    assert not Person.objects.filter(name="Эмомали Рахмон").exists()
    version.revision.revert()
    assert Person.objects.get(name="Эмомали Рахмон").roles.get().title == "президент Таджикистана"
