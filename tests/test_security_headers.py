"""Content-Security-Policy and Permissions-Policy on every response, and pages that obey them.

Readers' pages run no script and no inline style; the admin runs only its own files.
The browser test loads both in Chromium and fails on any policy violation.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.factories import ArticleFactory, ArticlePhotoFactory, QuoteFactory
from media.factories import PhotoFactory
from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.admin_forms import make_user
from tests.tools import screenshot

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def directives(response):
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_public_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == policy["form-action"] == ["'self'"]
    assert_permissions_policy(response)


def assert_admin_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert_permissions_policy(response)


def assert_permissions_policy(response):
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.fixture
def site():
    """One of each public page's subject, linked together as on the real site."""
    person = PersonFactory(name="Никол Пашинян")
    organization = OrganizationFactory(name="Правительство Армении")
    RoleFactory(person=person, organization=organization)
    article = ArticleFactory(
        published=True, tags=["саммит"], lead_photo=PhotoFactory(with_image=True)
    )
    ArticlePhotoFactory(article=article, photo=PhotoFactory(with_image=True), position=1)
    QuoteFactory(article=article, speaker=person)
    return {"article": article, "person": person, "organization": organization}


def public_urls(site):
    article = site["article"]
    year = article.published_at.year
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", args=["саммит"]),
        site["person"].get_absolute_url(),
        site["organization"].get_absolute_url(),
        reverse("articles:search") + "?q=саммит",
        reverse("articles:archive-year", args=[year]),
        reverse("articles:rss"),
        reverse("articles:sitemap"),
        reverse("articles:robots"),
        "/no-such-page/",
    ]


def test_every_public_page_has_the_readers_policy(client, site):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_public_policy(response)


def test_page_served_from_the_cache_and_a_304_still_have_the_headers(
    client, site, django_assert_num_queries
):
    url = site["article"].get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):  # really from the page cache
        second = client.get(url)
    assert second.content == first.content
    assert_public_policy(second)
    assert second["X-Frame-Options"] == "DENY"
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert_public_policy(not_modified)


def test_a_page_from_the_cache_has_every_header_the_rendered_one_had(client, site):
    # The page cache runs before the security middleware: what they gave the page is stored.
    url = site["article"].get_absolute_url()
    rendered = client.get(url, secure=True)
    cached = client.get(url, secure=True)
    assert cached.content == rendered.content
    assert dict(cached.headers) == dict(rendered.headers)
    not_modified = client.get(url, secure=True, HTTP_IF_NONE_MATCH=rendered["ETag"])
    assert not_modified.status_code == 304
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert not_modified[name] == rendered[name]


def test_a_page_cached_for_https_does_not_spare_http_its_redirect(client, site, settings):
    settings.SECURE_SSL_REDIRECT = True
    url = site["article"].get_absolute_url()
    for _request in range(2):
        assert client.get(url, secure=True).status_code == 200
    plain = client.get(url)
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


def test_a_refused_host_gets_the_headers_too(client, site):
    response = client.get(site["article"].get_absolute_url(), HTTP_HOST="not-this-site.example")
    assert response.status_code == 400
    assert_public_policy(response)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_uploads_and_static_files_have_the_headers(client, site):
    photo = site["article"].lead_photo
    assert_public_policy(client.get(photo.image.url))
    assert_public_policy(client.get("/static/css/site.css"))


def test_public_pages_have_no_inline_script_or_style(client, site):
    # The policy blocks them: one here would be a broken page for readers.
    for url in public_urls(site):
        page = client.get(url).content.decode()
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|javascript:", page), url
        for script in re.findall(r"<script[^>]*>", page):
            assert script == '<script type="application/ld+json">', url


def test_json_ld_is_on_the_article_page_despite_script_src_none(client, site):
    # Data, not script: browsers neither run it nor apply script-src to it.
    page = client.get(site["article"].get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in page


def test_admin_pages_have_the_admins_policy(client, site):
    assert_admin_policy(client.get(reverse("admin:login")))
    client.force_login(make_user("chief", is_superuser=True))
    article = site["article"]
    draft = ArticleFactory()
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:media_photo_change", args=[article.lead_photo.pk]),
        reverse("admin:people_person_change", args=[site["person"].pk]),
        reverse("admin:articles_article_share", args=[draft.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_admin_policy(response)
        assert not re.search(r"\sstyle=|\son[a-z]+=", response.content.decode()), url


def test_readers_and_admins_policies_do_not_mix_whatever_comes_first(client, site):
    home, login = reverse("articles:home"), reverse("admin:login")
    for url in (home, login, home, login):
        response = client.get(url)
        (assert_admin_policy if url == login else assert_public_policy)(response)


def test_policy_follows_a_change_of_the_settings(client, site, settings):
    client.get(reverse("articles:home"))  # the readers' header, built once
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "https://photos.example.net"],
        }
    }
    cache.clear()
    policy = directives(client.get(reverse("articles:home")))
    assert policy["img-src"] == ["'self'", "https://photos.example.net"]


def test_a_views_own_policy_still_wins_over_the_areas(rf):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from newsroom.security import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": ["https://maps.example.net"]})
    def map_view(request):
        return HttpResponse("карта")

    middleware = ContentSecurityPolicyMiddleware(map_view)
    request = rf.get("/map/")
    middleware.process_request(request)
    response = middleware.process_response(request, map_view(request))
    assert "https://maps.example.net" in directives(response)["img-src"]
    assert directives(response)["script-src"] == ["'none'"]
    plain = middleware.process_response(rf.get("/"), HttpResponse("лента"))
    assert "https://maps.example.net" not in directives(plain)["img-src"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_editor_and_public_article_run_without_policy_violations(live_server, page):
    """Chromium reports every blocked script, style or image in the console."""
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    base = live_server.url
    make_user("chief", is_superuser=True)
    PersonFactory(name="Никол Пашинян")
    article = ArticleFactory(
        published=True, tags=["саммит"], lead_photo=PhotoFactory(with_image=True)
    )

    # The check itself: a page with an inline script under the readers' policy is caught.
    policy = page.request.get(f"{base}/").headers["content-security-policy"]
    page.route(
        f"{base}/csp-probe",
        lambda route: route.fulfill(
            body="<p>probe</p><script>document.title = 'ran';</script><p style='color:red'>",
            headers={"Content-Security-Policy": policy, "Content-Type": "text/html"},
        ),
    )
    page.goto(f"{base}/csp-probe")
    assert page.title() != "ran" and len(violations) == 2
    violations.clear()

    page.goto(base + article.get_absolute_url())
    assert page.locator("article h1, h1").first.inner_text() == article.headline
    assert page.locator("picture img").first.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "csp-public-article")

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard-title", state="attached")

    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_body", "Премьер-министр **Никол Пашинян** прибыл в Минск.")
    # The editor's script works: the server-rendered preview appears beside the text,
    page.wait_for_selector(".body-preview-content strong:has-text('Никол Пашинян')")
    # and the admin's own autocomplete (jQuery, select2) opens and finds the photo.
    page.click("#id_lead_photo + .select2 .select2-selection")
    page.wait_for_selector(".select2-results__option", state="attached")
    screenshot(page, "csp-admin-article-form")

    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector(".body-preview-content p", state="attached")
    page.goto(f"{base}/admin/media/photo/{article.lead_photo.pk}/change/")
    assert page.locator(".readonly img, img[width]").first.evaluate("img => img.naturalWidth") > 0
    # The share link is selected on focus, by a script file instead of an onfocus attribute.
    page.goto(f"{base}/admin/articles/article/{ArticleFactory().pk}/share/")
    page.click("#share-url")
    selected = page.eval_on_selector(
        "#share-url", "field => field.value.substring(field.selectionStart, field.selectionEnd)"
    )
    assert selected == page.input_value("#share-url") and "/preview/" in selected
    assert violations == []


def test_uploads_on_another_host_are_allowed_as_images(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_MEDIA_URL": "https://cdn.example.org/uploads/",
        "NEWSROOM_VAR_DIR": str(tmp_path),
    }
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://cdn.example.org']", (
        result.stderr
    )
