"""The Markdown body is rendered with markdown-it-py and always sanitized with nh3."""

import pytest

from articles.factories import ArticleFactory, MentionFactory
from articles.rendering import markdown_to_html

pytestmark = pytest.mark.django_db


def test_markdown_paragraphs_and_bold():
    html = markdown_to_html("Первый **абзац**.\n\nВторой абзац.")
    assert html == "<p>Первый <strong>абзац</strong>.</p>\n<p>Второй абзац.</p>\n"


def test_script_tags_are_stripped():
    html = markdown_to_html("Текст <script>alert('x')</script> дальше")
    assert "<script" not in html and "alert" not in html
    assert "Текст" in html and "дальше" in html


def test_event_handler_attributes_are_stripped():
    html = markdown_to_html('<img src="x" onerror="alert(1)"> <a href="/" onclick="x()">a</a>')
    assert "onerror" not in html and "onclick" not in html and "<img" not in html


def test_javascript_links_are_removed():
    html = markdown_to_html('[нажми](javascript:alert(1)) и <a href="javascript:alert(2)">тут</a>')
    assert 'href="javascript' not in html.replace("'", '"')
    assert "<a" not in html.split(" и ")[0]  # the Markdown link stays plain text


def test_ordinary_links_are_kept_with_safe_rel():
    html = markdown_to_html("[сайт](https://example.org)")
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_script_in_the_body_never_reaches_the_article_page(client):
    article = ArticleFactory(
        published=True,
        headline="<script>alert('h')</script>",
        dek="<img src=x onerror=alert(1)>",
        body="Абзац <script>alert('b')</script>\n\n<iframe src=\"https://evil\"></iframe>",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>" not in page and "<iframe" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;h&#x27;)&lt;/script&gt;" in page  # the headline, as text


def test_bold_name_in_nominative_or_known_inflection_links_to_person(client):
    article = ArticleFactory(
        published=True,
        body="Встреча **Владимира Путина** и **Ирины Соколовой**.\n\n**Неизвестный Человек** молчал.",
    )
    putin = MentionFactory(article=article, person__name="Владимир Путин").person
    sokolova = MentionFactory(
        article=article, person__name="Ирина Соколова", written_as="Ирины Соколовой"
    ).person
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{putin.get_absolute_url()}"><strong>Владимира Путина</strong></a>' in page
    assert f'<a href="{sokolova.get_absolute_url()}"><strong>Ирины Соколовой</strong></a>' in page
    assert "<strong>Неизвестный Человек</strong>" in page


def test_photos_placed_after_the_last_paragraph_are_still_shown(client):
    from articles.factories import ArticlePhotoFactory

    article = ArticleFactory(published=True, body="Один абзац.")
    ArticlePhotoFactory(article=article, position=7, photo__caption="Подпись в конце")
    assert "Подпись в конце" in client.get(article.get_absolute_url()).content.decode()
