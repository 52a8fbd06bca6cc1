"""Reverting and recovering through the history never gets round the workflow's rules.

The history's "revert" and "recover deleted" pages are checked against the object as it
is before the revert (or as it was when deleted), and a revert never changes an article's
state or publish time: those change only through the workflow's transitions.
"""

import datetime

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.factories import ArticleFactory, MentionFactory
from articles.models import Article
from media.factories import PhotoFactory
from people.factories import PersonFactory
from people.models import Person
from tests.admin_forms import article_form, change_url, editor, form_data, make_user, reporter

pytestmark = pytest.mark.django_db


def revision_url(obj, version):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, version.pk])


def recover_url(model, version):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])


def save_article(client, article, **changes):
    data = {**article_form(client, article), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def own_article_saved_as_draft(user, client, body="Черновой текст."):
    """A reporter's article with one draft version in its history (saved through the admin)."""
    article = ArticleFactory(created_by=user, body="Самый первый текст.")
    article.authors.add(user)
    client.force_login(user)
    save_article(client, article, body=body)
    return article, Version.objects.get_for_object(article).first()


def published_by_editor(article, at=None):
    article.refresh_from_db()
    article.publish(at=at, by=editor("publisher"))
    article.refresh_from_db()
    return article


def revert_form(article, version):
    """The revert form as an editor gets it: what a reporter would have to forge."""
    from django.test import Client

    client = Client()
    client.force_login(make_user("form_reader", is_superuser=True))
    response = client.get(revision_url(article, version))
    assert response.status_code == 200
    return form_data(response, "article_form")


# Articles: revert.


def test_reporter_cannot_open_a_draft_version_of_their_published_article(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    article = published_by_editor(article)
    response = client.get(revision_url(article, draft_version))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_reporter_cannot_take_their_published_article_off_the_site_by_reverting(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    article = published_by_editor(article)
    published_at = article.published_at
    data = revert_form(article, draft_version)
    client.force_login(user)
    response = client.post(revision_url(article, draft_version), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_reporter_cannot_unschedule_their_article_by_reverting(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    article = published_by_editor(article, at=timezone.now() + datetime.timedelta(days=1))
    data = revert_form(article, draft_version)
    client.force_login(user)
    assert client.post(revision_url(article, draft_version), data).status_code == 403
    article.refresh_from_db()
    assert article.is_scheduled


def test_reporter_reverts_their_own_draft(client):
    user = reporter()
    article, first = own_article_saved_as_draft(user, client, body="Первая версия.")
    save_article(client, article, body="Вторая версия.")
    url = revision_url(article, first)
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    article.refresh_from_db()
    assert article.body == "Первая версия."
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_revert_another_reporters_draft(client):
    author = reporter("author")
    article, first = own_article_saved_as_draft(author, client, body="Первая версия.")
    save_article(client, article, body="Вторая версия.")
    data = revert_form(article, first)
    client.force_login(reporter("other"))
    assert client.get(revision_url(article, first)).status_code == 403
    assert client.post(revision_url(article, first), data).status_code == 403
    article.refresh_from_db()
    assert article.body == "Вторая версия."


def test_editor_revert_restores_the_text_but_not_the_state_or_publish_time(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client, body="Текст черновика.")
    article = published_by_editor(article)
    published_at = article.published_at
    client.force_login(editor("desk"))
    save_article(client, article, body="Текст после публикации.")
    url = revision_url(article, draft_version)
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    article.refresh_from_db()
    assert article.body == "Текст черновика."
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at
    # Readers see that the live text changed.
    assert article.content_updated_at is not None


def test_editor_revert_of_a_withdrawn_article_keeps_it_withdrawn_with_its_reason(client):
    desk = editor("desk")
    client.force_login(desk)
    article = ArticleFactory(published=True, body="Опубликованный текст.")
    save_article(client, article, body="Правка опубликованного текста.")
    live_version = Version.objects.get_for_object(article).first()
    article.withdraw("Ошибка в фактах", by=desk)
    url = revision_url(article, live_version)
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    article.refresh_from_db()
    assert article.body == "Правка опубликованного текста."
    assert article.status == Article.Status.UNPUBLISHED
    assert article.withdrawn_reason == "Ошибка в фактах"


def test_revert_form_shows_the_articles_current_state(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    article = published_by_editor(article)
    client.force_login(editor("desk"))
    page = client.get(revision_url(article, draft_version)).content.decode()
    assert "state-badge state-published" in page


def test_revert_page_refuses_a_version_of_another_model(client):
    user = reporter()
    article, _first = own_article_saved_as_draft(user, client)
    person = PersonFactory(id=article.pk, name="Старое Имя")  # same id: only the model differs
    with reversion.create_revision():
        person.save()
    foreign = Version.objects.get_for_object(person).first()
    Person.objects.filter(pk=person.pk).update(name="Новое Имя")
    url = reverse("admin:articles_article_revision", args=[article.pk, foreign.pk])
    assert client.post(url, article_form(client, article)).status_code == 404
    person.refresh_from_db()
    assert person.name == "Новое Имя"


def test_revert_leaves_other_objects_saved_in_the_same_revision_alone(client):
    article = ArticleFactory(body="Первая версия.")
    other = ArticleFactory(body="Чужая статья, первая версия.")
    person = PersonFactory(name="Иван Петров")
    with reversion.create_revision():  # as a bulk action or the "find" button records them
        article.save()
        other.save()
        person.save()
    shared = Version.objects.get_for_object(article).first()
    client.force_login(editor("desk"))
    save_article(client, article, body="Вторая версия.")
    save_article(client, other, body="Чужая статья, вторая версия.")
    Person.objects.filter(pk=person.pk).update(name="Иван Иванович Петров")

    url = revision_url(article, shared)
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    article.refresh_from_db()
    other.refresh_from_db()
    person.refresh_from_db()
    assert article.body == "Первая версия."
    assert other.body == "Чужая статья, вторая версия."
    assert person.name == "Иван Иванович Петров"


def test_revert_still_brings_back_the_articles_own_mentions(client):
    client.force_login(editor("desk"))
    article = ArticleFactory()
    mention = MentionFactory(article=article, role_text="министр")
    save_article(client, article)
    first = Version.objects.get_for_object(article).first()
    mention.role_text = "бывший министр"
    mention.save()
    MentionFactory(article=article)
    url = revision_url(article, first)
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    assert [m.role_text for m in article.mentions.all()] == ["министр"]


def test_history_page_offers_revert_only_to_who_may_revert(client):
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    history = reverse("admin:articles_article_history", args=[article.pk])
    assert revision_url(article, draft_version) in client.get(history).content.decode()
    published_by_editor(article)
    page = client.get(history).content.decode()
    assert revision_url(article, draft_version) not in page


# Articles: recover deleted.


def delete_through_admin(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def deleted_version(model, pk):
    return Version.objects.get_deleted(model).get(object_id=str(pk))


def test_reporter_recovers_their_own_deleted_draft(client):
    user = reporter()
    article, _first = own_article_saved_as_draft(user, client, body="Черновик, который удалили.")
    pk = article.pk
    delete_through_admin(client, article)
    url = recover_url(Article, deleted_version(Article, pk))
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.body == "Черновик, который удалили."
    assert recovered.status == Article.Status.DRAFT


def test_reporter_cannot_recover_a_published_article_an_editor_deleted(client):
    user = reporter()
    article, _first = own_article_saved_as_draft(user, client)
    article = published_by_editor(article)
    pk = article.pk
    desk = editor("desk")
    client.force_login(desk)
    save_article(client, article, body="Последняя версия перед удалением.")
    delete_through_admin(client, article)
    url = recover_url(Article, deleted_version(Article, pk))
    data = form_data(client.get(url), "article_form")
    client.force_login(user)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not Article.objects.filter(pk=pk).exists()


def test_reporter_cannot_recover_another_reporters_deleted_draft(client):
    article, _first = own_article_saved_as_draft(reporter("author"), client)
    pk = article.pk
    delete_through_admin(client, article)
    url = recover_url(Article, deleted_version(Article, pk))
    data = form_data(client.get(url), "article_form")
    client.force_login(reporter("other"))
    assert client.post(url, data).status_code == 403
    assert not Article.objects.filter(pk=pk).exists()


def test_editor_recovers_a_deleted_published_article_as_it_was(client):
    desk = editor("desk")
    client.force_login(desk)
    article = ArticleFactory(published=True, body="Опубликованный текст.")
    published_at = article.published_at
    save_article(client, article)
    pk = article.pk
    delete_through_admin(client, article)
    url = recover_url(Article, deleted_version(Article, pk))
    assert client.post(url, form_data(client.get(url), "article_form")).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.status == Article.Status.PUBLISHED
    # The history keeps times to the millisecond.
    assert abs(recovered.published_at - published_at) < datetime.timedelta(milliseconds=1)


def test_recover_page_refuses_a_version_of_an_article_that_still_exists(client):
    """Otherwise "recover" would be a revert that skips the revert page's checks."""
    user = reporter()
    article, draft_version = own_article_saved_as_draft(user, client)
    article = published_by_editor(article)
    data = revert_form(article, draft_version)
    client.force_login(user)
    url = recover_url(Article, draft_version)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_recover_page_refuses_a_version_of_another_model(client):
    person = PersonFactory(name="Старое Имя")
    with reversion.create_revision():
        person.save()
    version = Version.objects.get_for_object(person).first()
    person.delete()
    client.force_login(reporter())
    url = recover_url(Article, version)
    assert client.post(url, {"headline": "x"}).status_code == 404
    assert not Person.objects.filter(name="Старое Имя").exists()


# Persons and photos.


def saved_person(client, **fields):
    person = PersonFactory(**fields)
    url = reverse("admin:people_person_change", args=[person.pk])
    response = client.post(url, form_data(client.get(url), "person_form"))
    assert response.status_code == 302
    return person, Version.objects.get_for_object(person).first()


def test_reporter_cannot_recover_a_deleted_person(client):
    client.force_login(editor())
    person, _first = saved_person(client, name="Удалённый Человек")
    pk = person.pk
    delete_through_admin(client, person)
    url = recover_url(Person, deleted_version(Person, pk))
    data = form_data(client.get(url), "person_form")
    client.force_login(reporter())
    assert client.post(url, data).status_code == 403
    assert not Person.objects.filter(pk=pk).exists()


def test_reporter_cannot_revert_a_photo(client):
    client.force_login(editor())
    photo = PhotoFactory(caption="Первая подпись")
    url = reverse("admin:media_photo_change", args=[photo.pk])
    assert client.post(url, form_data(client.get(url), "photo_form")).status_code == 302
    first = Version.objects.get_for_object(photo).first()
    photo.caption = "Вторая подпись"
    photo.save()
    data = form_data(client.get(revision_url(photo, first)), "photo_form")
    client.force_login(reporter())
    assert client.post(revision_url(photo, first), data).status_code == 403
    photo.refresh_from_db()
    assert photo.caption == "Вторая подпись"


def test_staff_without_article_permissions_get_no_history_compare_revert_or_recover(client):
    desk = editor("desk")
    client.force_login(desk)
    article = ArticleFactory()
    save_article(client, article, body="Вторая версия.")
    version = Version.objects.get_for_object(article).first()
    client.force_login(make_user("outsider"))
    urls = [
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?old={version.pk}&new={version.pk}",
        revision_url(article, version),
        reverse("admin:articles_article_recoverlist"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_recover_list_is_for_those_who_may_delete(client):
    client.force_login(editor())  # editors may not delete photos: photo editors recover them
    assert client.get(reverse("admin:media_photo_recoverlist")).status_code == 403
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 200


def test_recover_link_is_offered_only_to_those_who_may_recover(client):
    client.force_login(editor())
    recover = reverse("admin:media_photo_recoverlist")
    assert recover not in client.get(reverse("admin:media_photo_changelist")).content.decode()
    recover = reverse("admin:articles_article_recoverlist")
    assert recover in client.get(reverse("admin:articles_article_changelist")).content.decode()
