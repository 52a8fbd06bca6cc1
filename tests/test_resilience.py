"""The site keeps serving when a part fails: Redis down or hanging, PostgreSQL restarted.

Each test starts its own server (a Redis, a PostgreSQL cluster) on a free port in a
temporary folder and stops it in teardown; never the shared ones on 6379 and 5432.
"""

import http.client
import logging
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import redis
from django.test import Client

from articles.factories import ArticleFactory
from newsroom.typography import typograph
from tests.admin_forms import article_form, change_url, make_user
from tests.tools import require

ROOT = Path(__file__).resolve().parents[1]
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
    assert response.status_code == 302 and "login" not in response.url  # saved, still logged in
    article.refresh_from_db()
    assert article.headline == "Заголовок во время сбоя"
    assert "Заголовок во время сбоя" in client.get(article.get_absolute_url()).content.decode()
    assert len(cache_log(caplog, "unreachable")) == 1, caplog.text

    # Redis comes back with the generation and the pages it held before the outage.
    fault_redis.start()
    assert fault_redis.connection().dbsize() > 0
    time.sleep(0.4)  # past RETRY_SECONDS: the next request tries Redis again
    for url in ["/", article.get_absolute_url()]:
        page = client.get(url).content.decode()
        # Headlines as readers see them, with Russian typography (newsroom.typography).
        now, before = typograph("Заголовок во время сбоя"), typograph("Заголовок до сбоя")
        assert now in page and before not in page, url
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


def postgres_bin():
    """The folder of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


class PostgresCluster:
    """A PostgreSQL cluster of the test's own: initdb in a temporary folder, a free port, trust.

    PostgreSQL refuses to run as root: then its commands run as the ``postgres`` user.
    """

    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"

    @property
    def url(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/newsroom"

    def run(self, program, *args):
        subprocess.run(
            [*self.as_user, str(self.bindir / program), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self):
        self.run(
            "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.pg_ctl("start")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "newsroom")

    def pg_ctl(self, action, *args):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl", "-D", self.data, "-l", self.folder / "log", "-w", "-o", options, action, *args
        )

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", self.data, "-w", "stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def postgres_cluster():
    bindir = postgres_bin()
    require(bindir, "PostgreSQL's server programs (initdb, pg_ctl)", "apt-get install postgresql")
    if os.geteuid() == 0:
        require(
            shutil.which("runuser") and _user_exists("postgres"),
            "a postgres user to run PostgreSQL as (root may not)",
            "apt-get install postgresql",
        )
    cluster = PostgresCluster(bindir)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


def _user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture
def site_on(tmp_path):
    """Start gunicorn (2 workers) serving the site on a database URL; yields its address."""
    servers = []

    def start(database_url):
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "NEWSROOM_VAR_DIR": str(tmp_path),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "ERROR",
            # Every request reaches the database: the case where a restart shows.
            "NEWSROOM_PAGE_CACHE": "0",
            "NEWSROOM_FRAGMENT_CACHE": "0",
        }
        for name in (
            "REDIS_URL",
            "DJANGO_PRODUCTION",
            "DJANGO_DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "WEB_CONCURRENCY",
        ):
            env.pop(name, None)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--no-images", "--articles", "6")
        log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115 - closed in teardown
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        servers.append((process, log))
        deadline = time.monotonic() + 30
        while get(port, "/robots.txt")[0] != 200:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        return port

    yield start
    for process, log in servers:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def get(port, path):
    """(status, body) of GET http://127.0.0.1:port/path; status is an error's name if none came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    except OSError as error:
        return type(error).__name__, ""
    finally:
        connection.close()


class Load:
    """Readers requesting ``paths`` from four threads, each result kept as (started, ended, status)."""

    def __init__(self, port, paths):
        self.port, self.paths = port, paths
        self.results = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._read, args=(n,)) for n in range(4)]

    def _read(self, offset):
        n = offset
        while not self._stop.is_set():
            started = time.monotonic()
            status, _body = get(self.port, self.paths[n % len(self.paths)])
            self.results.append((started, time.monotonic(), status))
            n += 1
            time.sleep(0.01)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def test_site_recovers_by_itself_when_postgresql_restarts_under_load(postgres_cluster, site_on):
    port = site_on(postgres_cluster.url)
    articles = sorted(set(re.findall(r'href="(/news/[^"/]+/)"', get(port, "/")[1])))
    assert len(articles) >= 3
    paths = ["/", *articles[:3], "/feed/rss/", "/sitemap.xml"]

    with Load(port, paths) as load:
        time.sleep(1.5)
        restart_began = time.monotonic()
        postgres_cluster.pg_ctl("restart", "-m", "fast")
        back = time.monotonic()
        time.sleep(2.5)
    results = load.results
    before = [r for r in results if r[1] < restart_began]
    after = [r for r in results if r[0] >= back]
    failed = [r for r in results if r[2] != 200]
    print(
        f"{len(results)} requests, {len(failed)} failed ({len(failed) / len(results):.1%}, "
        f"statuses {sorted({r[2] for r in failed}, key=str)}) during a restart of "
        f"{back - restart_began:.2f} s"
    )
    assert before and all(status == 200 for _s, _e, status in before)
    assert len(after) >= 20
    assert [r for r in after if r[2] != 200] == []
    # The site answered throughout: failures are error pages, never dropped connections.
    assert all(isinstance(status, int) for _s, _e, status in results), failed

    # A restart while the site is quiet: its workers still hold connections to the old
    # server, which the health check (conn_health_checks) replaces before first use.
    postgres_cluster.pg_ctl("restart", "-m", "fast")
    with Load(port, paths) as load:
        time.sleep(1.5)
    assert len(load.results) >= 10
    assert [r for r in load.results if r[2] != 200] == []
