"""An editor gives an archived or late story its original publish time; nothing is ignored silently.

Times are typed in the newsroom's zone (Europe/Moscow): the reference article is dated
`10-02-2022, 19:12.`, and that is what readers and the database must end up with.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from reversion.models import Version

from articles.factories import ArticleFactory
from articles.models import Article
from tests.admin_forms import article_form, change_url, editor, reporter

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
ORIGINAL = datetime.datetime(2022, 2, 10, 19, 12, tzinfo=MOSCOW)


def with_time(data, when):
    """The form's data with "Publish at" filled as an editor types it (Moscow time)."""
    local = when.astimezone(MOSCOW)
    return {**data, "schedule_at_0": local.strftime("%d.%m.%Y"), "schedule_at_1": f"{local:%H:%M}"}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_editor_publishes_an_archived_story_at_its_original_time(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    user = editor()
    client.force_login(user)
    data = with_time({**article_form(client, article), "_workflow": "publish"}, ORIGINAL)
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == ORIGINAL
    assert article.is_visible_to_readers
    assert "Опубликовано с датой публикации 10 февраля 2022 г. 19:12." in messages_of(response)
    revision = Version.objects.get_for_object(article).first().revision
    assert revision.user == user
    assert "10 февраля 2022 г. 19:12" in revision.get_comment()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2022-02-10T19:12:00+03:00">10 февраля 2022, 19:12</time>' in page


def test_publish_with_a_past_time_by_an_editor_is_recorded_with_who_and_when():
    article = ArticleFactory(status=Article.Status.REVIEW)
    user = editor()
    article.publish(at=ORIGINAL, by=user)
    assert Article.objects.get(pk=article.pk).published_at == ORIGINAL
    revision = Version.objects.get_for_object(article).first().revision
    assert revision.user == user
    assert revision.get_comment() == "Опубликовано с датой публикации 10 февраля 2022 г. 19:12"


def test_reporter_may_not_give_a_publish_time_even_calling_the_model():
    user = reporter()
    article = ArticleFactory(created_by=user)
    with pytest.raises(PermissionDenied):
        article.publish(at=ORIGINAL, by=user)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None


def test_reporter_is_refused_a_forged_publish_with_a_time(client):
    user = reporter()
    article = ArticleFactory(created_by=user)
    client.force_login(user)
    data = article_form(client, article)
    assert "schedule_at_0" not in data  # the field is not offered to reporters
    forged = with_time({**data, "headline": "Подделка", "_workflow": "publish"}, ORIGINAL)
    response = client.post(change_url(article), forged)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None
    assert article.headline != "Подделка"  # the whole save was rolled back


def test_time_entered_with_submit_for_review_is_not_applied_and_the_editor_is_told(client):
    article = ArticleFactory()
    client.force_login(editor())
    data = with_time({**article_form(client, article), "_workflow": "submit"}, ORIGINAL)
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.published_at is None
    warnings = [m for m in messages_of(response) if "не применено" in m]
    assert warnings == [
        "Время публикации 10 февраля 2022 г. 19:12 не применено: его учитывают только кнопки "
        "«Опубликовать сейчас» (прошедшее время — настоящее время архивной статьи) и "
        "«Запланировать» (время в будущем). Введите его снова и нажмите одну из них."
    ]


def test_time_entered_with_plain_save_is_not_applied_and_the_editor_is_told(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    data = with_time({**article_form(client, article), "_save": "1"}, ORIGINAL)
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.published_at is None
    assert any("не применено" in m for m in messages_of(response))


def test_time_entered_on_a_live_article_says_how_to_change_its_date(client):
    first = timezone.now() - datetime.timedelta(days=1)
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=first)
    client.force_login(editor())
    data = with_time({**article_form(client, article), "_continue": "1"}, ORIGINAL)
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.published_at == first
    (warning,) = [m for m in messages_of(response) if "не применено" in m]
    assert "статья уже опубликована" in warning and "снимите статью с публикации" in warning


def test_saving_without_a_time_gives_no_warning(client):
    article = ArticleFactory()
    client.force_login(editor())
    data = {**article_form(client, article), "_continue": "1"}
    response = client.post(change_url(article), data, follow=True)
    assert not any("не применено" in m for m in messages_of(response))


def test_publish_now_with_a_future_time_asks_for_schedule_and_changes_nothing(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    later = timezone.now() + datetime.timedelta(days=2)
    data = with_time({**article_form(client, article), "_workflow": "publish"}, later)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["schedule_at"]
    assert "«Запланировать»" in errors[0]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.published_at is None


def test_schedule_with_a_past_time_points_to_publish_now(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    data = with_time({**article_form(client, article), "_workflow": "schedule"}, ORIGINAL)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["schedule_at"]
    assert "«Опубликовать сейчас»" in errors[0]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_scheduling_a_future_time_still_works_and_names_the_time(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    later = (timezone.now() + datetime.timedelta(days=3)).astimezone(MOSCOW)
    later = later.replace(second=0, microsecond=0)
    data = with_time({**article_form(client, article), "_workflow": "schedule"}, later)
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == later
    assert any(m.startswith("Запланировано на ") for m in messages_of(response))


def test_republishing_keeps_the_first_time_unless_an_editor_gives_one():
    user = editor()
    article = ArticleFactory(status=Article.Status.REVIEW)
    article.publish(by=user)
    first = Article.objects.get(pk=article.pk).published_at
    article.withdraw("Уточняем факты", by=user)
    article.publish(by=user)
    assert Article.objects.get(pk=article.pk).published_at == first
    article.withdraw("Дата была неверной", by=user)
    article.publish(at=ORIGINAL, by=user)
    assert Article.objects.get(pk=article.pk).published_at == ORIGINAL
