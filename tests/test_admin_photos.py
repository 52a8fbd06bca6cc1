"""The article form's photos: alt text supplied without leaving the article, places chosen
among the body's paragraphs, and the preview showing the photos where they will stand."""

import re
from html import unescape

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.admin_photos import position_choices
from articles.factories import ArticleFactory, ArticlePhotoFactory
from articles.models import Article
from articles.paragraphs import split_paragraphs
from media.factories import PhotoFactory
from tests.admin_forms import article_form, change_url, editor, photo_editor, reporter

pytestmark = pytest.mark.django_db

BODY = (
    "Президент Казахстана **Касым-Жомарт Токаев** открыл заседание.\n\n"
    "- первый пункт повестки;\n\n"
    "- второй пункт повестки.\n\n"
    "## Итоги\n"
    "Участники приняли заявление."
)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def options(page, name):
    """(value, label) of the options of the select ``name`` in the page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        (value, unescape(label).strip())
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select)
    ]


@pytest.fixture
def article_with_photos_without_alt_text():
    article = ArticleFactory(
        status=Article.Status.REVIEW,
        body=BODY,
        lead_photo=PhotoFactory(caption="Касым-Жомарт Токаев", alt_text=""),
    )
    ArticlePhotoFactory(
        article=article, position=2, photo=PhotoFactory(caption="Заседание Совета", alt_text="")
    )
    return article


def test_publishing_refused_for_missing_alt_text_names_the_photo_and_the_fields_label(
    client, article_with_photos_without_alt_text
):
    article = article_with_photos_without_alt_text
    client.force_login(editor())
    page = client.get(change_url(article)).content.decode()
    # The label the form shows beside the lead photo and in the photos' table.
    assert '<label for="id_lead_photo_alt_text">Альтернативный текст:</label>' in page
    assert re.search(r'<th class="column-alt_text">Альтернативный текст\s*<', page)
    data = {**article_form(client, article), "_workflow": "publish"}
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    text = " ".join(messages_of(response))
    assert "Фото «Касым-Жомарт Токаев»: заполните поле «Альтернативный текст»" in text
    assert "Фото «Заседание Совета»: заполните поле «Альтернативный текст»" in text


def test_alt_text_entered_on_the_article_form_is_saved_and_the_article_published_in_one_go(
    client, article_with_photos_without_alt_text
):
    article = article_with_photos_without_alt_text
    user = editor()
    client.force_login(user)
    data = article_form(client, article)
    data["lead_photo_alt_text"] = "Касым-Жомарт Токаев за трибуной"
    data["article_photos-0-alt_text"] = "Участники заседания за круглым столом"
    response = client.post(change_url(article), {**data, "_workflow": "publish"}, follow=True)
    assert "Опубликовано." in messages_of(response)
    article.refresh_from_db()
    assert article.is_visible_to_readers
    assert article.lead_photo.alt_text == "Касым-Жомарт Токаев за трибуной"
    placed = article.article_photos.get().photo
    assert placed.alt_text == "Участники заседания за круглым столом"
    # In each photo's history, saved by the editor with the article.
    for photo in (article.lead_photo, placed):
        version = Version.objects.get_for_object(photo).first()
        assert version.field_dict["alt_text"] == photo.alt_text
        assert version.revision.user == user
        assert Version.objects.get_for_object(article).filter(revision=version.revision).exists()


def test_reporter_without_photo_change_permission_cannot_change_alt_text_by_a_forged_post(
    client,
):
    user = reporter()
    article = ArticleFactory(created_by=user, body=BODY, lead_photo=PhotoFactory(alt_text=""))
    ArticlePhotoFactory(article=article, photo=PhotoFactory(alt_text="Как было"))
    client.force_login(user)
    page = client.get(change_url(article)).content.decode()
    assert 'name="lead_photo_alt_text"' not in page
    assert 'name="article_photos-0-alt_text"' not in page
    assert "Как было" in page  # shown, read-only
    data = article_form(client, article)
    data["lead_photo_alt_text"] = "Подделка"
    data["lead_photo_alt_text_for"] = str(article.lead_photo_id)
    data["article_photos-0-alt_text"] = "Подделка"
    data["body"] = BODY + "\n\nНовый абзац."
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body.endswith("Новый абзац.")  # the rest of the save went through
    assert article.lead_photo.alt_text == ""
    assert article.article_photos.get().photo.alt_text == "Как было"


def test_alt_text_shown_for_one_photo_is_not_copied_to_another_chosen_instead(
    client, article_with_photos_without_alt_text
):
    article = article_with_photos_without_alt_text
    other = PhotoFactory(caption="Другой снимок", alt_text="Своё описание")
    client.force_login(editor())
    data = article_form(client, article)
    data["lead_photo_alt_text"] = "Описание первого снимка"
    data["lead_photo"] = str(other.pk)  # chosen without a browser's script to empty the field
    assert client.post(change_url(article), data).status_code == 302
    other.refresh_from_db()
    assert other.alt_text == "Своё описание"


def test_after_paragraph_select_lists_the_paragraphs_readers_see_by_their_first_words(
    client, article_with_photos_without_alt_text
):
    article = article_with_photos_without_alt_text
    client.force_login(editor())
    page = client.get(change_url(article)).content.decode()
    listed = options(page, "article_photos-0-position")
    assert listed == [
        ("0", "0 — в начале, перед первым абзацем"),
        ("1", "1 — «Президент Казахстана Касым-Жомарт Токаев открыл заседание.»"),
        ("2", "2 — «первый пункт повестки;»"),
        ("3", "3 — «Итоги»"),
        ("4", "4 — «Участники приняли заявление.»"),
    ]
    # The same paragraphs the renderer places photos between.
    assert len(listed) - 1 == len(split_paragraphs(article.body))
    assert re.search(r'<option value="2" selected>', page)
    rendered = [block.kind for block in article.body_blocks()]
    assert rendered == ["html", "html", "photo", "html", "html"]


def test_after_paragraph_choices_follow_the_body_being_saved_without_javascript(client):
    article = ArticleFactory(body="Один абзац.")
    ArticlePhotoFactory(article=article, position=0)
    client.force_login(editor())
    data = article_form(client, article)
    assert [
        value
        for value, _ in options(
            client.get(change_url(article)).content.decode(), "article_photos-0-position"
        )
    ] == ["0", "1"]
    data["body"] = "Один абзац.\n\nВторой.\n\nТретий."
    data["article_photos-0-position"] = "3"
    assert client.post(change_url(article), data).status_code == 302
    assert article.article_photos.get().position == 3
    data["article_photos-0-position"] = "9"  # no such paragraph
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert article.article_photos.get().position == 3


def test_preview_shows_the_photos_after_their_paragraphs(client):
    photo = PhotoFactory(caption="Заседание Совета", with_image=True)
    client.force_login(reporter())
    response = client.post(
        reverse("admin:articles_article_preview_body"),
        {"body": BODY, "photo": [str(photo.pk)], "position": ["2"]},
    )
    data = response.json()
    html = data["html"]
    order = [
        html.index('data-paragraph="2"'),
        html.index("Заседание Совета"),
        html.index('data-paragraph="3"'),
    ]
    assert order == sorted(order)
    assert f'src="{photo.image.url}"' in html
    assert [label for _value, label in data["positions"]][2] == "2 — «первый пункт повестки;»"


def test_photo_editor_who_may_not_change_the_article_sees_its_photos_read_only(client):
    article = ArticleFactory(lead_photo=PhotoFactory(alt_text="Лидеры у трибуны"))
    client.force_login(photo_editor())
    response = client.get(change_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="readonly">Лидеры у трибуны</div>' in page
    assert 'name="lead_photo_alt_text"' not in page
    assert client.post(change_url(article), {"lead_photo_alt_text": "x"}).status_code == 403


def test_a_paragraph_without_words_is_still_listed_in_the_select():
    choices = position_choices(split_paragraphs("![](https://example.org/x.jpg)\n\nТекст."))
    assert [label for _value, label in choices][1:] == ["1 — «…»", "2 — «Текст.»"]


def test_saving_an_unchanged_article_records_no_change_of_the_photos_fields(
    client, article_with_photos_without_alt_text
):
    # The hidden "which photo the alt text was shown for" field once counted as changed on
    # every save, and the history read «Изменено: lead_photo_alt_text_for».
    from django.contrib.admin.models import LogEntry

    article = article_with_photos_without_alt_text
    article.lead_photo.alt_text = "Президент за столом"
    article.lead_photo.save()
    client.force_login(editor())
    assert client.post(change_url(article), article_form(client, article)).status_code == 302
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert "alt_text" not in entry.change_message
    assert entry.get_change_message() == "Ни одно поле не изменено."
