"""Draft → in review → published (or scheduled) → unpublished, by buttons, actions and methods."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, ArticlePhotoFactory
from articles.models import Article
from media.factories import PhotoFactory
from tests.admin_forms import article_form, change_url, editor, reporter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def in_future(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_reporter_submits_own_draft_for_review_with_the_button(client):
    user = reporter()
    article = ArticleFactory(created_by=user)
    client.force_login(user)
    page = client.get(change_url(article)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' not in page
    response = client.post(
        change_url(article), {**article_form(client, article), "_workflow": "submit"}
    )
    assert response.status_code == 302 and response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_reporter_writes_and_submits_a_new_article_in_one_step(client):
    user = reporter()
    client.force_login(user)
    add_url = reverse("admin:articles_article_add")
    data = {
        **_empty_add_form(client),
        "headline": "Новая заметка",
        "body": "Текст.",
        "_workflow": "submit",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302
    article = Article.objects.get(headline="Новая заметка")
    assert article.status == Article.Status.REVIEW
    assert article.created_by == user and list(article.authors.all()) == [user]


def _empty_add_form(client):
    from tests.admin_forms import form_data

    return form_data(client.get(reverse("admin:articles_article_add")), "article_form")


def test_first_publication_sets_the_publish_time_and_later_ones_keep_it(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    before = timezone.now()
    client.post(change_url(article), {**article_form(client, article), "_workflow": "publish"})
    article.refresh_from_db()
    first = article.published_at
    assert article.is_visible_to_readers and first >= before
    article.withdraw("Проверка фактов", by=None)
    article.publish(by=None)
    assert Article.objects.get(pk=article.pk).published_at == first


def test_editor_schedules_an_article_which_goes_live_by_itself(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    when = timezone.localtime(in_future(hours=2)).replace(microsecond=0)
    data = {
        **article_form(client, article),
        "_workflow": "schedule",
        "schedule_at_0": when.strftime("%d.%m.%Y"),
        "schedule_at_1": when.strftime("%H:%M:%S"),
    }
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at == when
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())  # time passes
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_schedule_needs_a_future_time_shown_on_the_form(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    data = {**article_form(client, article), "_workflow": "schedule"}
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "schedule_at" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_unpublishing_needs_a_reason_and_keeps_it(client):
    article = ArticleFactory(published=True)
    client.force_login(editor())
    data = article_form(client, article)
    response = client.post(change_url(article), {**data, "_workflow": "withdraw"})
    assert response.status_code == 200  # the form asks for the reason
    data["withdrawn_reason"] = "Источник отозвал слова"
    client.post(change_url(article), {**data, "_workflow": "withdraw"})
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    assert article.withdrawn_reason == "Источник отозвал слова"
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_is_refused_while_a_photo_has_no_alt_text_naming_the_photo(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="Саммит в Минске", alt_text=""))
    client.force_login(editor())
    response = client.post(
        change_url(article), {**article_form(client, article), "_workflow": "publish"}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "Саммит в Минске" in " ".join(str(m) for m in response.context["messages"])


def test_lead_photo_without_alt_text_blocks_publication_by_a_person():
    article = ArticleFactory(lead_photo=PhotoFactory(caption="Кремль", alt_text=" "))
    with pytest.raises(ValidationError, match="Кремль"):
        article.publish(by=editor())
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_returns_an_article_in_review_to_draft(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    client.post(change_url(article), {**article_form(client, article), "_workflow": "to_draft"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_bulk_actions_publish_and_unpublish_with_a_reason(client):
    first, second = ArticleFactory(status=Article.Status.REVIEW), ArticleFactory()
    client.force_login(editor())
    ids = [first.pk, second.pk]
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    page = client.post(CHANGELIST, {"action": "withdraw_selected", "_selected_action": ids})
    assert page.status_code == 200 and "withdrawn_reason" in page.content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "withdraw_selected",
            "_selected_action": ids,
            "confirm": "yes",
            "withdrawn_reason": "Дубль",
        },
    )
    assert set(Article.objects.values_list("status", "withdrawn_reason")) == {
        (Article.Status.UNPUBLISHED, "Дубль")
    }


def test_bulk_submit_reports_articles_it_may_not_change(client):
    user = reporter()
    mine, theirs = ArticleFactory(created_by=user), ArticleFactory(created_by=reporter("other"))
    client.force_login(user)
    response = client.post(
        CHANGELIST,
        {"action": "submit_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Article.Status.REVIEW and theirs.status == Article.Status.DRAFT
    assert str(theirs) in " ".join(str(m) for m in response.context["messages"])


def test_material_change_to_a_live_article_sets_the_updated_time():
    article = ArticleFactory(published=True)
    article.tags.add("политика")
    article.save()
    assert article.content_updated_at is None  # a save without a visible change
    article.body += "\n\nНовый абзац."
    article.save()
    assert article.content_updated_at is not None


def test_editing_a_draft_or_a_scheduled_article_is_not_an_update():
    draft = ArticleFactory()
    draft.body = "Другой текст."
    draft.save()
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=in_future(days=1))
    scheduled.headline = "Новый заголовок"
    scheduled.save()
    assert draft.content_updated_at is None and scheduled.content_updated_at is None


def test_corrections_note_gets_its_date_when_filled(client):
    article = ArticleFactory(published=True)
    client.force_login(editor())
    data = article_form(client, article)
    data["corrections"] = "В первой версии была неверно указана дата саммита."
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.corrected_at is not None
    assert article.corrections.startswith("В первой версии")


def test_state_changes_are_recorded_in_the_history_with_who_did_it():
    from reversion.models import Version

    user = editor()
    article = ArticleFactory(status=Article.Status.REVIEW)
    article.publish(by=user)
    latest = Version.objects.get_for_object(article).first()
    assert latest.revision.user == user
    assert latest.field_dict["status"] == Article.Status.PUBLISHED


def test_changelist_filters_by_state_and_awaiting_image(client):
    ArticleFactory(headline="Черновик про выборы")
    ArticleFactory(headline="Запланированная", status="published", published_at=in_future(days=1))
    waiting = ArticleFactory(headline="С фото без файла", lead_photo=PhotoFactory())
    client.force_login(editor())
    scheduled = client.get(CHANGELIST, {"state": "scheduled"}).content.decode()
    assert "Запланированная" in scheduled and "Черновик про выборы" not in scheduled
    awaiting = client.get(CHANGELIST, {"awaiting_image": "yes"}).content.decode()
    assert waiting.headline in awaiting and "Запланированная" not in awaiting
