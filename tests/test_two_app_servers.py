"""Two app servers behind one load balancer: what an editor does through one, readers get from both.

Two gunicorn servers (separate processes, two workers each) run the production settings
(``DJANGO_PRODUCTION=1``, DEBUG off, a shared secret key, the public host name) over one
PostgreSQL database, one Redis (cache and job broker), one S3 server (photos, the
session's SeaweedFS) and one background-job worker, as README's "Production" describes. The requests come
as through a TLS-terminating load balancer (tests/app_servers.py). Nothing here reaches
into a server: every step is an HTTP request, the editor's through the admin with its
CSRF token.

The servers start once for the module; each test uses its own articles, user and client
address, so the tests do not depend on each other's order.
"""

import datetime
import hashlib
import re
import time
import urllib.request
from zoneinfo import ZoneInfo

import pytest
import redis

from media.base import transliterated_slug
from media.factories import generated_jpeg
from newsroom.typography import typograph
from tests.app_servers import (
    PUBLIC_HOST,
    Browser,
    SharedServices,
    Worker,
    location_path,
    manage,
    prepare,
    production_env,
    start_app_servers,
    stop_all,
)
from tests.tools import picture_urls

PASSWORD = "pw-for-two-servers"
NEWSROOM_TIME_ZONE = ZoneInfo("Europe/Moscow")  # settings' default TIME_ZONE
ADD = "/admin/articles/article/add/"
USERS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.groups import EDITOR
User = get_user_model()
for name in ("editor", "second", "guessed"):
    user = User.objects.create_user(name, name + "@example.com", {PASSWORD!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
from media.models import Credit
print(Credit.objects.create(name="Пресс-служба администрации Заречного").pk)
"""


@pytest.fixture(scope="module")
def cluster(s3_server):
    services = SharedServices()
    services.require()
    services.create()
    processes = []
    try:
        shared = {
            **s3_server.environment(NEWSROOM_S3_PREFIX=services.cache_prefix),
            "NEWSROOM_BROKER_URL": services.redis_url,
            "NEWSROOM_JOB_QUEUE": services.cache_prefix,
        }
        env = production_env(services, shared)
        prepare(env)
        credit = manage(env, "shell", "-c", USERS).split()[-1]  # after the shell's own notes
        processes.append(Worker(env, services.folder))
        processes += start_app_servers(env, services.folder)
        processes[0].wait_until_ready()
        yield services, *processes[1:], credit, s3_server
    finally:
        stop_all(processes)
        services.destroy()


def article_path(headline):
    """The public address the article gets: its headline transliterated (media.base)."""
    return f"/news/{transliterated_slug(headline, max_length=120)}/"


def shown(headline, response):
    return response.status == 200 and typograph(headline) in response.text


def logged_in_editor(via, address, username="editor"):
    editor = Browser(address)
    response = editor.log_in(username, PASSWORD, via)
    assert response.status == 302 and location_path(response) == "/admin/", response.text[:500]
    return editor


def write_article(editor, via, headline, workflow, **fields):
    """Add an article through the admin's form on ``via``, pressing the ``workflow`` button."""
    data = editor.form(ADD, via, "article_form")
    data.update(headline=headline, body="Первый абзац.\n\nВторой абзац.", _workflow=workflow)
    data.update(fields)
    response = editor.post(ADD, data, via)
    assert response.status == 302, form_errors(response.text) or response.text[:2000]
    return location_path(response)  # the article's admin page


def form_errors(page):
    return re.findall(r'class="(?:errornote|errorlist)[^"]*"[^>]*>(.*?)</(?:p|ul)>', page, re.S)


def cached_on_shared_cache(services, reader, path, via):
    """Request ``path`` as an anonymous reader until the page is in the shared cache: a
    process stores a page from its second view of it (NEWSROOM_PAGE_CACHE_MIN_VIEWS), and
    each server runs two, so three views at most.

    Which key is the page's follows articles/caching.py (an MD5 of the address, last).
    """
    address = f"False:https:{PUBLIC_HOST}:{path}".encode()  # behind the HTTPS proxy
    digest = hashlib.md5(address, usedforsecurity=False).hexdigest()
    for _view in range(3):
        response = reader.get(path, via)
        if services.cache_keys(f"page:*{digest}"):
            return response
    raise AssertionError(f"{path} is not in the shared cache after three views")


def test_an_article_published_through_one_server_is_on_the_other_at_once(cluster):
    services, a, b, *_ = cluster
    reader = Browser("198.51.100.1")
    headline = "Мост через Северную открыли после ремонта"
    home = cached_on_shared_cache(services, reader, "/", b)
    assert home.status == 200 and not shown(headline, home)

    editor = logged_in_editor(a, "192.0.2.11")
    write_article(editor, a, headline, "publish")

    for server in (b, a):
        assert shown(headline, reader.get("/", server)), server
        assert shown(headline, reader.get(article_path(headline), server)), server


def test_an_edit_through_one_server_replaces_the_page_the_other_had_cached(cluster):
    services, a, b, *_ = cluster
    reader = Browser("198.51.100.2")
    editor = logged_in_editor(a, "192.0.2.12")
    before, after = "Школу в Ольховке откроют в сентябре", "Школу в Ольховке откроют в октябре"
    change_page = write_article(editor, a, before, "publish")
    path = article_path(before)
    assert shown(before, cached_on_shared_cache(services, reader, path, b))
    for _request in range(6):  # from the cache: each of b's workers has its copy, and
        assert shown(before, reader.get(path, b))  # its mirror of the state (no Redis read)
        assert shown(before, reader.get("/", b))
    assert mirror_subscribers(services) >= 1, "no worker listens for changes"

    form = editor.form(change_page, a, "article_form")
    response = editor.post(change_page, {**form, "headline": after}, a)
    assert response.status == 302, response.text[:2000]

    # The other processes hear of the save by a message, a few ms after it: 2 s at most.
    for server in (b, a, b):
        page = within_seconds(2, lambda server=server: reader.get(path, server), after)
        assert shown(after, page) and typograph(before) not in page.text, server
        home = within_seconds(2, lambda server=server: reader.get("/", server), after)
        assert shown(after, home) and typograph(before) not in home.text, server


def mirror_subscribers(services):
    """How many processes listen for this run's cache changes (articles/cache_mirror.py)."""
    connection = redis.Redis.from_url(services.redis_url)
    db = connection.connection_pool.connection_kwargs.get("db", 0)
    return connection.pubsub_numsub(f"{services.cache_prefix}:{db}:changes")[0][1]


def within_seconds(seconds, request, headline):
    """``request()``'s response once it shows ``headline``, or the last one after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        response = request()
        if shown(headline, response) or time.monotonic() > deadline:
            return response
        time.sleep(0.05)


def test_a_scheduled_article_goes_live_on_both_servers_at_its_time(cluster):
    services, a, b, *_ = cluster
    reader = Browser("198.51.100.3")
    editor = logged_in_editor(b, "192.0.2.13")
    headline = "Фестиваль в Белозёрске начнётся в субботу"
    when = datetime.datetime.now(NEWSROOM_TIME_ZONE).replace(microsecond=0)
    when += datetime.timedelta(seconds=6)
    write_article(
        editor,
        b,
        headline,
        "schedule",
        schedule_at_0=when.strftime("%d.%m.%Y"),
        schedule_at_1=when.strftime("%H:%M:%S"),
    )
    path = article_path(headline)
    for server in (a, b):
        # The pages readers would see until then, cached on both.
        assert not shown(headline, cached_on_shared_cache(services, reader, "/", server))
        assert reader.get(path, server).status == 404, server
    assert time.time() < when.timestamp(), "the checks before the time took too long"

    time.sleep(max(0.0, when.timestamp() - time.time()) + 0.5)
    for server in (a, b):
        assert shown(headline, reader.get(path, server)), server
        assert shown(headline, reader.get("/", server)), server


def test_a_session_made_on_one_server_is_valid_on_the_other(cluster):
    _services, a, b, *_ = cluster
    editor = logged_in_editor(a, "192.0.2.14")
    dashboard = editor.get("/admin/", b)
    assert dashboard.status == 200 and 'name="password"' not in dashboard.text
    assert "editor" in dashboard.text  # the user tools name who is logged in

    # A form opened on one server is saved through the other (one CSRF token, one session).
    headline = "Ярмарку в Заречном перенесли на площадь"
    data = editor.form(ADD, b, "article_form")
    data.update(headline=headline, body="Текст заметки.", _workflow="publish")
    assert editor.post(ADD, data, a).status == 302
    assert shown(headline, Browser("198.51.100.4").get(article_path(headline), b))

    # Logging out on one server ends the session on both.
    logout = editor.post("/admin/logout/", {**editor.form("/admin/", b, "logout-form")}, b)
    assert logout.status in (200, 302)
    response = editor.get("/admin/", a)
    assert response.status == 302 and location_path(response) == "/admin/login/"


def test_two_editors_on_two_servers_cannot_overwrite_each_other(cluster):
    _services, a, b, *_ = cluster
    first = logged_in_editor(a, "192.0.2.15")
    second = logged_in_editor(b, "192.0.2.16", username="second")
    change_page = write_article(first, a, "Совет депутатов соберётся в среду", "publish")
    first_form = first.form(change_page, a, "article_form")
    second_form = second.form(change_page, b, "article_form")  # both open the article

    saved = first.post(change_page, {**first_form, "body": "Текст первого редактора."}, a)
    assert saved.status == 302
    refused = second.post(change_page, {**second_form, "body": "Текст второго редактора."}, b)
    assert refused.status == 200 and "errornote" in refused.text
    assert "Текст второго редактора." in refused.text  # kept in the form, not saved
    shown_body = Browser("198.51.100.5").get(article_path("Совет депутатов соберётся в среду"), b)
    assert "Текст первого редактора." in shown_body.text


def test_the_login_lockout_counts_failures_on_both_servers(cluster):
    _services, a, b, *_ = cluster
    guesser = Browser("203.0.113.50")
    # Four failures split between the servers: each saw two, the lockout counts four.
    for server in (a, b, a, b):
        response = guesser.log_in("guessed", "wrong-guess", server)
        assert response.status == 200 and "errornote" in response.text, server
    fifth = guesser.log_in("guessed", "wrong-guess", a)
    assert fifth.status == 429 and "Вход временно закрыт" in fifth.text
    # The right password, on the other server and from another address: still closed.
    right = Browser("203.0.113.51").log_in("guessed", PASSWORD, b)
    assert right.status == 429 and "Вход временно закрыт" in right.text


def test_a_photo_uploaded_through_one_server_renders_on_the_other(cluster):
    """The photo goes to the bucket, the worker makes its renditions, both servers show them."""
    _services, a, b, credit, s3 = cluster
    editor = logged_in_editor(a, "192.0.2.17")
    add_photo = "/admin/media/photo/add/"
    form = editor.form(add_photo, a, "photo_form")
    form.update(caption="Паводок в Заречном", alt_text="Затопленная улица", credit=credit)
    form["_continue"] = "1"  # "save and continue": back to the photo's page, its id in the address
    files = {"image": ("flood.jpg", generated_jpeg(1200, 800), "image/jpeg")}
    response = editor.post(add_photo, form, a, files=files)
    assert response.status == 302, a.log()[-4000:]
    photo_id = location_path(response).rstrip("/").split("/")[-2]

    headline = "Паводок в Заречном пошёл на спад"
    write_article(editor, a, headline, "publish", lead_photo=photo_id)
    reader = Browser("198.51.100.6")
    deadline = time.monotonic() + 60
    while True:  # the worker makes the renditions after the upload's commit
        page = reader.get(article_path(headline), b)
        addresses = picture_urls(page.text)
        if addresses or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert shown(headline, page) and addresses, "no renditions on the other server in 60 s"
    for address in {addresses[0], addresses[-1]}:
        assert address.startswith(s3.public_url()), address  # from the bucket, not a server
        with urllib.request.urlopen(address, timeout=10) as image:
            assert image.status == 200 and image.headers["Content-Type"].startswith("image/")
