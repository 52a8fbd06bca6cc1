"""The page cache on Redis: a hit with a local copy sends Redis nothing (articles/cache_mirror.py),
and a save made in another process still shows at once."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from articles import cache_mirror, stored_related
from articles.factories import ArticleFactory
from articles.models import Article
from newsroom.typography import typograph
from tests.test_caching import REDIS
from tests.test_resilience import use_redis
from tests.tools import require

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def on_redis(settings):
    try:
        redis.Redis.from_url(REDIS["default"]["LOCATION"]).ping()
        running = True
    except redis.exceptions.ConnectionError:
        running = False
    require(running, "Redis on 127.0.0.1:6379", "apt-get install redis-server")
    settings.REDIS_URL = REDIS["default"]["LOCATION"]
    settings.CACHES = REDIS
    cache.clear()
    yield REDIS["default"]
    cache.clear()


def until(condition, seconds=3.0):
    """Wait for ``condition()`` to hold; whether it did."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def mirror_listening():
    """Whether this process's mirror is trusted: its thread is subscribed and Redis answers."""
    return cache_mirror.read()[1] is not None


def shows(client, url, headline):
    response = client.get(url)
    return response.status_code == 200 and typograph(headline) in response.content.decode()


class RedisCommands:
    """The commands this thread sends through redis-py's client (the mirror's own thread
    listens through its pub/sub connection, not counted)."""

    def __init__(self, monkeypatch):
        self.sent = []
        original = redis.Redis.execute_command
        thread = threading.current_thread()

        def counted(client, *args, **options):
            if threading.current_thread() is thread:
                self.sent.append(args[0])
            return original(client, *args, **options)

        monkeypatch.setattr(redis.Redis, "execute_command", counted)


def warm(client, url):
    """Request ``url`` until this process has its copy and the mirror holds the state."""
    assert until(mirror_listening), "the mirror's thread did not subscribe"
    time.sleep(0.1)  # the messages of the writes so far have come back
    for _request in range(2):
        assert client.get(url).status_code == 200


def save_in_another_process(location, prefix, article):
    """What an app server's save of ``article``'s headline does to the cache (articles/signals.py),
    done by another process: the row is already changed here, without signals."""
    env = {
        **os.environ,
        "REDIS_URL": location,
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    env.pop("DJANGO_PRODUCTION", None)
    script = (
        "import django; django.setup()\n"
        "from articles.caching import article_shown_changed\n"
        f"article_shown_changed({article.pk}, {article.version}, ['card', 'dek', 'page'])\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )


def edit_headline_elsewhere(location, prefix, article, headline):
    Article.objects.filter(pk=article.pk).update(headline=headline, version=F("version") + 1)
    stored_related.move_on()  # what the save's signal does in the database
    article.refresh_from_db()
    save_in_another_process(location, prefix, article)


def test_a_hit_with_a_local_copy_sends_redis_nothing(client, on_redis, monkeypatch):
    article = ArticleFactory(published=True, headline="Мост открыли после ремонта")
    url = article.get_absolute_url()
    warm(client, url)
    commands = RedisCommands(monkeypatch)
    for _request in range(3):
        assert shows(client, url, "Мост открыли после ремонта")
    assert commands.sent == []


def test_a_state_gone_from_redis_without_a_message_is_noticed_within_a_second(
    client, on_redis, monkeypatch
):
    # An operator's FLUSHDB (or an eviction) sends no message: the copy must not hide it.
    from articles.caching import STATE_KEY

    article = ArticleFactory(published=True, headline="Парк закрыли на реконструкцию")
    url = article.get_absolute_url()
    warm(client, url)
    redis.Redis.from_url(on_redis["LOCATION"]).flushdb()
    monkeypatch.setattr(cache_mirror, "REFRESH_SECONDS", 0.2)
    time.sleep(0.3)
    assert shows(client, url, "Парк закрыли на реконструкцию")
    assert cache.get(STATE_KEY) is not None  # read again: a new generation was started


def test_a_hit_without_a_local_copy_reads_only_the_page(client, on_redis, monkeypatch):
    from articles.caching import local_pages

    article = ArticleFactory(published=True, headline="Ярмарку перенесли на площадь")
    url = article.get_absolute_url()
    warm(client, url)
    local_pages.__init__()  # as another process that has not served the page yet
    commands = RedisCommands(monkeypatch)
    assert shows(client, url, "Ярмарку перенесли на площадь")
    assert commands.sent == ["GET"]


def test_a_copy_of_an_older_generation_gives_way_to_the_page_another_process_stored(
    client, on_redis, monkeypatch
):
    # After a change every process holds copies of the old generation; the first process
    # to render a page stores it for all: the others read it instead of rendering it too.
    from articles.caching import content_changed, local_pages

    article = ArticleFactory(published=True, headline="Мост покрасили к празднику")
    url = article.get_absolute_url()
    local_pages.__init__()  # this process's copies: of this page only
    warm(client, url)
    [(key, (older, _expires))] = local_pages._pages.items()
    content_changed()
    assert until(lambda: shows(client, url, "Мост покрасили к празднику"))  # stored anew
    local_pages.put(key, older)  # as a process that still holds the old generation's copy
    with CaptureQueriesContext(connection) as queries:
        assert shows(client, url, "Мост покрасили к празднику")
    assert len(queries) == 0  # read, not rendered
    assert local_pages.get(key).generation != older.generation


def test_a_save_in_another_process_shows_at_once(client, on_redis):
    article = ArticleFactory(published=True, headline="Школу откроют в сентябре")
    url = article.get_absolute_url()
    warm(client, "/")
    warm(client, url)
    edit_headline_elsewhere(
        on_redis["LOCATION"], on_redis["KEY_PREFIX"], article, "Школу откроют в октябре"
    )
    # The message comes a few ms after the write; the other process's exit takes longer.
    assert until(lambda: shows(client, url, "Школу откроют в октябре"), seconds=2)
    assert shows(client, "/", "Школу откроют в октябре")


def test_channels_of_other_databases_and_prefixes_are_apart(on_redis, settings):
    from django.core.cache import caches

    channel = caches["default"].changes_channel
    settings.CACHES = {"default": {**REDIS["default"], "KEY_PREFIX": "another-site"}}
    assert caches["default"].changes_channel != channel
    location = REDIS["default"]["LOCATION"].rsplit("/", 1)[0]
    settings.CACHES = {"default": {**REDIS["default"], "LOCATION": f"{location}/3"}}
    assert caches["default"].changes_channel != channel


def test_without_redis_the_mirror_is_unused_and_no_stale_page_follows(
    client, settings, fault_redis
):
    use_redis(settings, fault_redis, retry_seconds=0.3)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    article = ArticleFactory(published=True, headline="Заголовок до сбоя")
    url = article.get_absolute_url()
    warm(client, url)

    fault_redis.kill()  # gone with its data: it comes back empty
    assert until(lambda: not mirror_listening(), seconds=2)
    for _request in range(3):
        assert shows(client, url, "Заголовок до сбоя")
    article.refresh_from_db()
    article.headline = "Заголовок во время сбоя"
    article.save()
    assert shows(client, url, "Заголовок во время сбоя")

    fault_redis.start()
    assert until(mirror_listening, seconds=5), "the mirror did not subscribe again"
    time.sleep(0.4)  # past RETRY_SECONDS: the cache tries Redis again
    assert shows(client, url, "Заголовок во время сбоя")
    warm(client, url)
    edit_headline_elsewhere(fault_redis.url, prefix, article, "Заголовок после сбоя")
    assert until(lambda: shows(client, url, "Заголовок после сбоя"), seconds=2)


def test_a_read_racing_a_change_is_not_kept():
    mirror = cache_mirror.Mirror("redis://127.0.0.1:1/0", "channel", (0.1, 0.1))
    mirror._pid = os.getpid()  # as if its thread ran, subscribed and Redis just answered
    mirror._answered = time.monotonic()
    _entries, ticket = mirror.read()
    mirror.drop()  # a message came while the entries were read from Redis
    mirror.keep(ticket, {"state": "old"})
    assert mirror.read()[0] is None
    _entries, ticket = mirror.read()
    mirror.keep(ticket, {"state": "new"})
    assert mirror.read()[0] == {"state": "new"}


def test_a_redis_that_stops_answering_is_not_trusted(client, settings, fault_redis):
    use_redis(settings, fault_redis, timeout=0.2, retry_seconds=0.3)
    article = ArticleFactory(published=True, headline="Заголовок до зависания")
    url = article.get_absolute_url()
    warm(client, url)

    fault_redis.process.send_signal(signal.SIGSTOP)  # connections open, no answers
    try:
        started = time.monotonic()
        assert until(lambda: not mirror_listening(), seconds=3)
        assert time.monotonic() - started <= cache_mirror.TRUST_SECONDS + 0.5
        assert shows(client, url, "Заголовок до зависания")  # uncached, from the database
    finally:
        fault_redis.process.send_signal(signal.SIGCONT)
    assert until(mirror_listening, seconds=5), "the mirror did not subscribe again"


def test_a_save_elsewhere_costs_pages_not_showing_the_article_no_round_trip(
    client, on_redis, monkeypatch
):
    # The save's message says what changed: the other pages are checked against it here.
    edited = ArticleFactory(published=True, headline="Каток зальют в декабре")
    other = ArticleFactory(published=True, headline="Библиотеку откроют после ремонта")
    url, other_url = edited.get_absolute_url(), other.get_absolute_url()
    warm(client, url)
    warm(client, other_url)
    assert not shows(client, other_url, "Каток зальют в декабре")  # it does not show it
    edit_headline_elsewhere(
        on_redis["LOCATION"], on_redis["KEY_PREFIX"], edited, "Каток зальют в январе"
    )
    assert until(lambda: shows(client, url, "Каток зальют в январе"), seconds=2)
    time.sleep(0.1)  # the message has come, if the page was refreshed by a second's reading
    commands = RedisCommands(monkeypatch)
    assert shows(client, other_url, "Библиотеку откроют после ремонта")
    assert commands.sent == []


def test_a_change_the_log_did_not_hear_of_is_found_by_reading_the_tokens(
    client, on_redis, monkeypatch
):
    # Tokens written without a message (an older server, a lost message): the next save's
    # message follows a text token this process never heard of, so the log has a gap.
    from articles.caching import TEXT_KEY, _next_text, shown_key

    unheard = ArticleFactory(published=True, headline="Фонтан включат в мае")
    edited = ArticleFactory(published=True, headline="Сквер благоустроят летом")
    url = unheard.get_absolute_url()
    warm(client, url)
    warm(client, edited.get_absolute_url())
    Article.objects.filter(pk=unheard.pk).update(headline="Фонтан включат в июне", version=2)
    now = time.time()
    tokens = {shown_key(part, unheard.pk): (2, now) for part in ("card", "dek", "page")}
    cache.set_many({**tokens, TEXT_KEY: (_next_text(cache.get(TEXT_KEY)), now)}, timeout=None)
    edit_headline_elsewhere(
        on_redis["LOCATION"], on_redis["KEY_PREFIX"], edited, "Сквер благоустроят осенью"
    )
    assert until(lambda: shows(client, edited.get_absolute_url(), "Сквер благоустроят осенью"))
    time.sleep(0.1)
    commands = RedisCommands(monkeypatch)
    assert shows(client, url, "Фонтан включат в июне")
    assert commands.sent[0] == "MGET"  # the page's tokens


def test_saves_racing_each_other_are_both_seen(client, on_redis, monkeypatch):
    # Another save lands between this save's reading of the text token and its write: the
    # write is made again after it, so the messages chain and neither change is missed.
    from articles import caching

    first = ArticleFactory(published=True, headline="Трамвай пустят по мосту")
    second = ArticleFactory(published=True, headline="Автобус пустят в объезд")
    urls = first.get_absolute_url(), second.get_absolute_url()
    for url in urls:
        warm(client, url)
    next_text = caching._next_text
    raced = []

    def racing(token):
        if not raced:
            raced.append(True)
            Article.objects.filter(pk=second.pk).update(headline="Автобус пустят по мосту")
            second.refresh_from_db()
            caching.article_shown_changed(second.pk, second.version + 1, caching.SHOWN_PARTS)
            Article.objects.filter(pk=second.pk).update(version=F("version") + 1)
        return next_text(token)

    monkeypatch.setattr(caching, "_next_text", racing)
    Article.objects.filter(pk=first.pk).update(headline="Трамвай пустят в обход", version=2)
    caching.article_shown_changed(first.pk, 2, caching.SHOWN_PARTS)
    time.sleep(0.1)  # both messages have come
    assert shows(client, urls[0], "Трамвай пустят в обход")
    assert shows(client, urls[1], "Автобус пустят по мосту")


def test_the_log_of_changes_answers_only_while_it_holds_every_one():
    import json

    def change(before, after, **versions):
        return json.dumps({"from": before, "to": after, "set": versions}).encode()

    mirror = cache_mirror.Mirror("redis://127.0.0.1:1/0", "channel", (0.1, 0.1))
    mirror._pid = os.getpid()  # as if its thread ran, subscribed and Redis just answered
    mirror._answered = time.monotonic()
    mirror.heard(change(10, 20, page_7=3))
    mirror.heard(change(20, 30, card_8=5, page_7=4))
    assert mirror.changed_since(10, 30) == {"page_7": 4, "card_8": 5}
    assert mirror.changed_since(20, 30) == {"card_8": 5, "page_7": 4}
    assert mirror.changed_since(5, 30) is None  # from before the log began
    mirror.heard(change(40, 50, card_9=1))  # the change 30 → 40 was not heard
    assert mirror.changed_since(30, 50) is None
    assert mirror.changed_since(40, 50) == {"card_9": 1}
    mirror.heard(b"")  # a change that does not say what it was
    mirror.heard(change(50, 60, card_9=2))
    assert mirror.changed_since(40, 60) is None
    mirror.heard(change(None, 70, card_9=3))  # it found no text token: any may be missing
    assert mirror.changed_since(60, 70) is None
    mirror._answered = float("-inf")  # Redis does not answer: nothing is trusted
    assert mirror.changed_since(50, 60) is None
