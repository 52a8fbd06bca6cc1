"""What link previews and browsers read on every public page: OpenGraph and Twitter card
tags, and the site's icon (no page asks for a missing /favicon.ico)."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticleFactory, MentionFactory, SectionFactory
from media.factories import PhotoFactory
from people.factories import OrganizationFactory
from tests.admin_forms import editor

pytestmark = pytest.mark.django_db

SHARE_TAGS = [
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:site_name",
    "og:locale",
    "twitter:card",
    "twitter:title",
    "twitter:description",
]


def head_of(client, url):
    """{meta property or name: content} and {link rel: [href, …]} of the page's head."""
    response = client.get(url)
    assert response.status_code == 200, url
    head = response.content.decode().split("</head>")[0]
    metas = {
        name: unescape(content)
        for name, content in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head
        )
    }
    links = {}
    for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', head):
        links.setdefault(rel, []).append(href)
    return metas, links


@pytest.fixture
def public_pages(django_capture_on_commit_callbacks):
    """Every kind of public page, with the title its link preview must carry."""
    section = SectionFactory(name="Политика", description="Новости политики.")
    organization = OrganizationFactory(name="Организация Договора о коллективной безопасности")
    with django_capture_on_commit_callbacks(execute=True):  # the photos' renditions are made
        lead = PhotoFactory(with_image=True, caption="Саммит", alt_text="Лидеры за столом")
        portrait = PhotoFactory(with_image=True, caption="Портрет", alt_text="Портрет")
    article = ArticleFactory(
        published=True,
        headline="Лидеры ОДКБ встретились в Астане",
        dek="Саммит прошёл за закрытыми дверями.",
        section=section,
        tags=["ОДКБ"],
        lead_photo=lead,
    )
    person = MentionFactory(article=article).person
    person.portrait = portrait
    person.bio = "Политик."
    person.save()
    MentionFactory(article=article, person=None, organization=organization)
    day = timezone.localtime(article.published_at)
    tag_slug = article.tags.get().slug
    return {
        "/": ("website", "Редакция"),
        article.get_absolute_url(): ("article", article.headline),
        section.get_absolute_url(): ("website", "Политика"),
        reverse("articles:tag", kwargs={"slug": tag_slug}): ("website", "Тег: ОДКБ"),
        person.get_absolute_url(): ("profile", person.name),
        organization.get_absolute_url(): ("website", organization.name),
        f"/archive/{day.year}/{day.month}/{day.day}/": (
            "website",
            f"Новости за {day.day} {_genitive_month(day)} {day.year}",
        ),
        "/search/?q=Астана": ("website", "Поиск: Астана"),
    }


def _genitive_month(day):
    from django.utils.dates import MONTHS_ALT

    return MONTHS_ALT[day.month]


def test_every_public_page_has_open_graph_and_twitter_tags(client, public_pages):
    for url, (kind, title) in public_pages.items():
        metas, links = head_of(client, url)
        missing = [name for name in SHARE_TAGS if not metas.get(name)]
        assert missing == [], f"{url} lacks {missing}"
        assert metas["og:type"] == kind, url
        assert metas["og:title"] == metas["twitter:title"] == title, url
        assert metas["og:site_name"] == "Редакция"
        assert metas["og:locale"] == "ru_RU"
        assert metas["og:url"] == links["canonical"][0], url
        assert metas["og:url"].startswith("http://testserver/"), url
        assert metas["og:description"] == metas["description"] == metas["twitter:description"]


def test_share_image_is_the_article_photo_or_the_portrait_else_a_plain_card(client, public_pages):
    pictured = {
        url for url, (kind, _title) in public_pages.items() if kind in ("article", "profile")
    }
    for url in public_pages:
        metas, _links = head_of(client, url)
        if url in pictured:
            assert metas["og:image"].startswith("http://testserver/uploads/renditions/"), url
            assert metas["twitter:image"] == metas["og:image"]
            assert int(metas["og:image:width"]) > 0 and metas["og:image:alt"]
            assert metas["twitter:card"] == "summary_large_image"
        else:
            assert "og:image" not in metas, url
            assert metas["twitter:card"] == "summary", url


def test_share_tags_describe_the_page_not_the_site(client, public_pages):
    section_url = next(url for url, (_k, title) in public_pages.items() if title == "Политика")
    metas, _links = head_of(client, section_url)
    assert metas["og:description"] == "Новости политики."
    metas, _links = head_of(client, f"{section_url}?page=1&utm_source=x")
    assert metas["og:url"] == f"http://testserver{section_url}"


def test_share_tags_escape_what_editors_wrote(client):
    article = ArticleFactory(published=True, headline='«Кавычки" и <теги>', dek="")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="«Кавычки&quot; и &lt;теги&gt;">' in page


def test_favicon_is_served_and_favicon_ico_does_not_404(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


def test_every_public_page_and_the_admin_link_the_icon(client, public_pages):
    pages = [*public_pages, "/news/no-such-article/"]
    for url in pages:
        response = client.get(url)
        assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in response.text, url
        assert 'rel="icon" href="/static/favicon.ico"' in response.text, url
    client.force_login(editor())
    article = ArticleFactory()
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:media_photo_add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'rel="icon" href="/static/favicon.svg"' in response.text, url
    client.logout()
    assert 'rel="icon"' in client.get(reverse("admin:login")).text


def test_archive_titles_name_the_period(client):
    article = ArticleFactory(
        published=True, published_at=timezone.now() - datetime.timedelta(days=400)
    )
    day = timezone.localtime(article.published_at)
    from django.utils.dates import MONTHS

    metas, _links = head_of(client, f"/archive/{day.year}/{day.month}/")
    assert metas["og:title"] == f"Новости за {MONTHS[day.month].lower()} {day.year}"
    metas, _links = head_of(client, f"/archive/{day.year}/")
    assert metas["og:title"] == f"Новости за {day.year}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_asks_for_anything_missing(browser, live_server, public_pages):
    """Chromium loads every public page and the admin's dashboard and change form: no
    request answers with an error, and the icons each page links (which a headless browser
    does not fetch by itself) and /favicon.ico are there."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests")
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    failed, icons = [], set()
    page.on(
        "response",
        lambda response: response.status >= 400 and failed.append((response.status, response.url)),
    )

    def visit(url):
        page.goto(live_server.url + url, wait_until="networkidle")
        linked = page.eval_on_selector_all("link[rel=icon]", "links => links.map(l => l.href)")
        assert len(linked) == 2, url
        icons.update(linked)

    try:
        for url in public_pages:
            visit(url)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", "pw-for-tests")
        page.click("input[type=submit]")
        page.wait_for_load_state("networkidle")
        visit(reverse("admin:index"))
        visit(reverse("admin:articles_article_change", args=[ArticleFactory().pk]))
        for icon in [*icons, live_server.url + "/favicon.ico"]:
            response = page.request.get(icon)
            assert response.status == 200 and response.headers["content-type"].startswith(
                "image/"
            ), icon
    finally:
        context.close()
    assert failed == []
