"""The site keeps serving when a part fails: Redis down or hanging, PostgreSQL restarted.

Each test starts its own server (a Redis, a PostgreSQL cluster) on a free port in a
temporary folder and stops it in teardown; never the shared ones on 6379 and 5432.
"""

import logging
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client

from articles.factories import ArticleFactory
from tests.admin_forms import article_form, change_url, make_user
from tests.tools import require

CACHE_LOGGER = "newsroom.cache"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, whose data survives a stop (SHUTDOWN SAVE)."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def connection(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.connection().ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        """Shut down, keeping the data on disk: started again, Redis holds what it held."""
        self.connection().shutdown(save=True)
        self.process.wait(timeout=10)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def fault_redis(tmp_path):
    require(shutil.which("redis-server"), "Redis (redis-server)", "apt-get install redis-server")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def use_redis(settings, server, timeout=0.2, retry_seconds=0.3):
    """Point the site's cache at ``server``, configured as settings.py does for REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "newsroom-fault-tests",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
                "RETRY_SECONDS": retry_seconds,
            },
        }
    }


def cache_log(caplog, words):
    return [r for r in caplog.records if r.name == CACHE_LOGGER and words in r.getMessage()]


@pytest.mark.django_db
def test_site_and_admin_keep_working_while_redis_is_down_and_no_stale_page_follows(
    client, settings, fault_redis, caplog, django_assert_num_queries
):
    use_redis(settings, fault_redis, retry_seconds=0.3)
    caplog.set_level(logging.WARNING, logger=CACHE_LOGGER)
    article = ArticleFactory(published=True, headline="Заголовок до сбоя")
    pages = ["/", article.get_absolute_url(), "/robots.txt", "/feed/rss/", "/sitemap.xml"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200  # from Redis

    fault_redis.stop()
    for _round in range(3):
        for url in pages:
            assert client.get(url).status_code == 200, url
    editor = Client()
    editor.force_login(make_user("chief", is_superuser=True))
    form = article_form(editor, article)
    response = editor.post(change_url(article), {**form, "headline": "Заголовок во время сбоя"})
    assert response.status_code == 302
    assert "Заголовок во время сбоя" in client.get(article.get_absolute_url()).content.decode()
    assert len(cache_log(caplog, "unreachable")) == 1, caplog.text

    # Redis comes back with the generation and the pages it held before the outage.
    fault_redis.start()
    assert fault_redis.connection().dbsize() > 0
    time.sleep(0.4)  # past RETRY_SECONDS: the next request tries Redis again
    for url in ["/", article.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "Заголовок во время сбоя" in page and "Заголовок до сбоя" not in page, url
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200  # cached again
    assert len(cache_log(caplog, "answers again")) == 1, caplog.text
    assert len(cache_log(caplog, "unreachable")) == 1, caplog.text


@pytest.mark.django_db
def test_hanging_redis_costs_one_timeout_per_retry_interval_not_one_per_request(
    client, settings, fault_redis, caplog, django_assert_num_queries
):
    use_redis(settings, fault_redis, timeout=0.2, retry_seconds=2)
    caplog.set_level(logging.WARNING, logger=CACHE_LOGGER)
    article = ArticleFactory(published=True)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200

    fault_redis.process.send_signal(signal.SIGSTOP)  # connections open, no answers
    try:
        started = time.monotonic()
        for _request in range(10):
            assert client.get(url).status_code == 200
        elapsed = time.monotonic() - started
    finally:
        fault_redis.process.send_signal(signal.SIGCONT)
    # Each request makes four cache calls: at 0.2 s each, ten requests would take 8 s.
    assert elapsed < 1.5, f"{elapsed:.2f} s"
    assert len(cache_log(caplog, "unreachable")) == 1, caplog.text

    time.sleep(2.1)
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert len(cache_log(caplog, "answers again")) == 1, caplog.text
