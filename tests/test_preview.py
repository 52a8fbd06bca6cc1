"""Staff preview of any article, and signed, expiring share links for one draft."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from articles import preview
from articles.factories import ArticleFactory
from tests.admin_forms import editor, reporter

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def share_url(client, article):
    page = client.get(reverse("admin:articles_article_share", args=[article.pk])).content.decode()
    return re.search(r'id="share-url"[^>]*value="([^"]+)"', page).group(1)


def test_staff_preview_shows_a_draft_with_the_public_template(client):
    article = ArticleFactory(headline="Черновик о саммите", body="Текст **черновика**.")
    client.force_login(reporter())
    response = client.get(preview_url(article))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert "Черновик о саммите" in response.content.decode()
    assert "<strong>черновика</strong>" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]


def test_readers_get_404_for_a_draft_and_the_login_page_for_the_preview(client):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 404
    response = client.get(preview_url(article))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_change_form_links_to_preview_and_view_on_site_leads_to_it_for_drafts(client):
    article = ArticleFactory()
    client.force_login(editor())
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert preview_url(article) in page
    published = ArticleFactory(published=True)
    page = client.get(
        reverse("admin:articles_article_change", args=[published.pk])
    ).content.decode()
    assert "viewsitelink" in page


def test_share_link_lets_someone_without_an_account_read_the_draft(client):
    article = ArticleFactory(headline="Черновик для проверки фактов")
    client.force_login(editor())
    url = share_url(client, article)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Черновик для проверки фактов" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_tampered_share_link_is_404_and_reveals_nothing(client):
    article = ArticleFactory(headline="Секретный черновик")
    other = ArticleFactory()
    token = preview.make_share_token(article)
    payload, signature = token.rsplit(":", 1)
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        f"{payload}:{'x' * len(signature)}",
        preview.make_share_token(other).split(":")[0] + token[token.index(":") :],
        "not-a-token",
    ]
    for bad in tampered:
        response = client.get(reverse("articles:shared_preview", kwargs={"token": bad}))
        assert response.status_code == 404, bad
        assert "Секретный черновик" not in response.content.decode()


def test_expired_share_link_is_404(client, settings, monkeypatch):
    article = ArticleFactory(headline="Старый черновик")
    token = preview.make_share_token(article)
    settings.NEWSROOM_SHARE_LINK_DAYS = 7
    eight_days_later = signing.time.time() + 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_later)
    response = client.get(reverse("articles:shared_preview", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Старый черновик" not in response.content.decode()


def test_share_link_of_a_deleted_article_is_404(client):
    article = ArticleFactory()
    token = preview.make_share_token(article)
    article.delete()
    assert (
        client.get(reverse("articles:shared_preview", kwargs={"token": token})).status_code == 404
    )


def test_reporter_cannot_make_a_share_link_for_another_reporters_draft(client):
    article = ArticleFactory(created_by=reporter("author"))
    client.force_login(reporter("other"))
    response = client.get(reverse("admin:articles_article_share", args=[article.pk]))
    assert response.status_code == 403


def test_body_preview_endpoint_renders_sanitized_markdown_for_staff_only(client):
    url = reverse("admin:articles_article_preview_body")
    body = "Абзац с **жирным**.\n\n<script>alert(1)</script>"
    assert client.post(url, {"body": body}).status_code == 302  # to the login page
    client.force_login(reporter())
    html = client.post(url, {"body": body}).json()["html"]
    assert "<strong>жирным</strong>" in html and "<script" not in html
