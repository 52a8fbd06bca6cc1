"""Who may do what, enforced by the server: requests are posted straight to the admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory
from articles.groups import EDITOR, PHOTO_EDITOR, REPORTER
from articles.models import Article
from tests.admin_forms import article_form, change_url, editor, photo_editor, reporter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def own_draft(user, **fields):
    article = ArticleFactory(created_by=user, **fields)
    article.authors.add(user)
    return article


def run_action(client, action, *articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(CHANGELIST, data)


def test_groups_exist_after_migrate_with_their_permissions():
    reporters, editors = Group.objects.get(name=REPORTER), Group.objects.get(name=EDITOR)
    assert reporters.permissions.filter(codename="add_article").exists()
    assert not reporters.permissions.filter(codename="publish_article").exists()
    assert editors.permissions.filter(codename="publish_article").exists()
    assert Group.objects.get(name=PHOTO_EDITOR).permissions.filter(codename="change_photo").exists()


def test_setup_groups_command_can_run_again_and_restore_a_removed_permission():
    editors = Group.objects.get(name=EDITOR)
    editors.permissions.remove(editors.permissions.get(codename="publish_article"))
    call_command("setup_groups")
    call_command("setup_groups")
    assert Group.objects.filter(name=EDITOR).count() == 1
    assert editors.permissions.filter(codename="publish_article").exists()


def test_groups_from_before_their_russian_names_are_renamed_with_their_members():
    Group.objects.filter(name=REPORTER).update(name="Reporter")
    member = get_user_model().objects.create_user("old_reporter")
    member.groups.add(Group.objects.get(name="Reporter"))
    call_command("setup_groups")
    assert not Group.objects.filter(name="Reporter").exists()
    assert list(Group.objects.get(name="Репортёры").user_set.all()) == [member]


def test_setup_groups_reset_removes_permissions_added_by_hand():
    reporters = Group.objects.get(name=REPORTER)
    reporters.permissions.add(reporters.permissions.model.objects.get(codename="publish_article"))
    call_command("setup_groups", reset=True)
    assert not reporters.permissions.filter(codename="publish_article").exists()


def test_reporter_edits_own_draft(client):
    user = reporter()
    article = own_draft(user)
    client.force_login(user)
    data = article_form(client, article)
    data["headline"] = "Исправленный заголовок"
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Исправленный заголовок"


def test_reporter_cannot_edit_another_reporters_draft(client):
    author, other = reporter("author"), reporter("other")
    article = own_draft(author)
    client.force_login(author)
    data = article_form(client, article)  # a valid form, as the author would post it
    client.force_login(other)
    data["headline"] = "Чужая правка"
    response = client.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Чужая правка"


def test_reporter_sees_another_reporters_draft_read_only(client):
    article = own_draft(reporter("author"))
    client.force_login(reporter("other"))
    page = client.get(change_url(article)).content.decode()
    assert 'name="headline"' not in page


def test_reporter_cannot_publish_through_the_change_form(client):
    user = reporter()
    article = own_draft(user)
    client.force_login(user)
    data = article_form(client, article)
    response = client.post(change_url(article), {**data, "_workflow": "publish"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None


def test_reporter_cannot_schedule_through_the_change_form(client):
    user = reporter()
    article = own_draft(user)
    client.force_login(user)
    later = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        **article_form(client, article),
        "_workflow": "schedule",
        "schedule_at_0": later.strftime("%d.%m.%Y"),
        "schedule_at_1": later.strftime("%H:%M:%S"),
    }
    response = client.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_set_the_status_field_directly(client):
    user = reporter()
    article = own_draft(user)
    client.force_login(user)
    data = {
        **article_form(client, article),
        "status": "published",
        "published_at_0": "01.01.2024",
        "published_at_1": "10:00:00",
    }
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None


def test_reporter_has_no_publish_action_and_a_forged_one_does_nothing(client):
    user = reporter()
    article = own_draft(user)
    client.force_login(user)
    page = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in page and "withdraw_selected" not in page
    run_action(client, "publish_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_unpublish(client):
    article = ArticleFactory(published=True)
    client.force_login(reporter())
    run_action(client, "withdraw_selected", article, confirm="yes", withdrawn_reason="Так надо")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_reporter_cannot_edit_published_article_even_their_own(client):
    user = reporter()
    article = own_draft(user, published=True)
    client.force_login(user)
    response = client.post(change_url(article), {"headline": "Тихая правка"})
    assert response.status_code == 403


def test_reporter_cannot_delete_published_article(client):
    user = reporter()
    article = own_draft(user, published=True)
    client.force_login(user)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_delete_published_article_with_the_bulk_action(client):
    user = reporter()
    article = own_draft(user, published=True)
    client.force_login(user)
    response = run_action(client, "delete_selected", article, post="yes")
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_may_delete_own_draft(client):
    user = reporter()
    article = own_draft(user)
    MentionFactory(article=article)
    client.force_login(user)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_edit_a_mention_of_a_published_article_on_its_own_page(client):
    mention = MentionFactory(article=ArticleFactory(published=True), role_text="министр")
    client.force_login(reporter())
    url = reverse("admin:articles_mention_change", args=[mention.pk])
    response = client.post(url, {"article": mention.article.pk, "role_text": "никто"})
    assert response.status_code == 403
    mention.refresh_from_db()
    assert mention.role_text == "министр"


def test_editor_publishes_another_reporters_article(client):
    article = own_draft(reporter("author"), status=Article.Status.REVIEW)
    client.force_login(editor())
    data = article_form(client, article)
    response = client.post(change_url(article), {**data, "_workflow": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_visible_to_readers


def test_editor_may_delete_published_article(client):
    article = ArticleFactory(published=True)
    client.force_login(editor())
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_photo_editor_cannot_change_articles(client):
    article = ArticleFactory()
    client.force_login(photo_editor())
    assert client.post(change_url(article), {"headline": "Фото"}).status_code == 403


def test_model_methods_refuse_a_reporter_whatever_calls_them():
    user = reporter()
    article = own_draft(user)
    with pytest.raises(PermissionDenied):
        article.publish(by=user)
    with pytest.raises(PermissionDenied):
        article.schedule(timezone.now() + datetime.timedelta(days=1), by=user)
    published = own_draft(user, published=True)
    with pytest.raises(PermissionDenied):
        published.withdraw("ошибка", by=user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
