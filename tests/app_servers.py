"""Several app servers over shared services, as production runs them behind a load balancer.

``SharedServices`` makes what the servers share: a PostgreSQL database of their own
(created, migrated and dropped here: the servers must see committed data, which Django's
test database inside a transaction is not) and a Redis key prefix of their own, on a
dedicated Redis database number. ``production_env`` is the environment every process
gets (``DJANGO_PRODUCTION=1`` and what production demands); pass more variables through
``extra`` (object storage, a task broker; ``None`` unsets one) and every server,
``manage.py`` command and extra process (``start_process``: a worker, say) gets them.

``Browser`` talks to the servers as a reader's browser does through a TLS-terminating
load balancer: one cookie jar whichever server answers, ``Host`` the public name,
``X-Forwarded-Proto: https`` and ``X-Forwarded-For`` the client's address.

Outside CI a PostgreSQL or Redis that does not answer skips the tests that need them,
naming the command that installs and starts it; in CI it fails them (as tests/tools.py
does for tools).
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
import redis

from tests.admin_forms import form_data
from tests.celery_worker import worker_command

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_HOST = "news.example.org"
# Overridable for machines whose services live elsewhere; never CI's Redis database 15.
POSTGRES_URL = os.environ.get("NEWSROOM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/10")
# Variables of the test run's own environment that no server may inherit.
NOT_INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "NEWSROOM_ALLOW_SQLITE",
    "NEWSROOM_ALLOW_LOCAL_CACHE",
    "NEWSROOM_PAGE_CACHE",
    "NEWSROOM_FRAGMENT_CACHE",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_answers(url):
    try:
        with psycopg.connect(f"{url}/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_timeout=3).ping()
    except redis.exceptions.RedisError:
        return False


def require_service(answers, what, start):
    """Skip (in CI: fail) when a service the test needs does not answer."""
    if answers:
        return
    message = f"{what} does not answer; install and start it with: {start}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}, and CI must run this check")
    pytest.skip(message)


class SharedServices:
    """One PostgreSQL database and one Redis key prefix, made for this run and removed after."""

    def __init__(self, postgres_url=POSTGRES_URL, redis_url=REDIS_URL):
        self.postgres_url = postgres_url.rstrip("/")
        self.redis_url = redis_url
        # The process id keeps two runs at once (two checkouts) apart.
        self.database = f"newsroom_two_servers_{os.getpid()}"
        self.cache_prefix = f"newsroom-two-servers-{os.getpid()}"
        self.folder = None  # logs, the servers' var/, collected static files: made by create()

    @property
    def database_url(self):
        return f"{self.postgres_url}/{self.database}"

    def require(self):
        require_service(
            _postgres_answers(self.postgres_url),
            f"PostgreSQL at {self.postgres_url} (NEWSROOM_TEST_POSTGRES_URL)",
            "apt-get install postgresql && pg_ctlcluster <version> main start",
        )
        require_service(
            _redis_answers(self.redis_url),
            f"Redis at {self.redis_url} (NEWSROOM_TEST_REDIS_URL)",
            "apt-get install redis-server && redis-server --daemonize yes",
        )

    def create(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-servers-"))
        self._admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._admin_sql(f'CREATE DATABASE "{self.database}"')

    def destroy(self):
        try:
            self._admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        finally:
            connection = redis.Redis.from_url(self.redis_url)
            keys = list(connection.scan_iter(f"{self.cache_prefix}:*", count=1000))
            if keys:
                connection.delete(*keys)
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def cache_keys(self, pattern):
        """Keys of this run's cache entries matching ``pattern`` (after the prefix and version)."""
        connection = redis.Redis.from_url(self.redis_url)
        return list(connection.scan_iter(f"{self.cache_prefix}:*:{pattern}", count=1000))

    def _admin_sql(self, sql):
        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as connection:
            connection.execute(sql)


def production_env(services, extra=None):
    """The environment of every process: production settings on ``services``, plus ``extra``."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update(
        {
            "DJANGO_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one key, shared by every server
            "DJANGO_ALLOWED_HOSTS": PUBLIC_HOST,
            "DATABASE_URL": services.database_url,
            "REDIS_URL": services.redis_url,
            "CACHE_KEY_PREFIX": services.cache_prefix,
            "NEWSROOM_VAR_DIR": str(services.folder / "var"),
            "DJANGO_STATIC_ROOT": str(services.folder / "static"),
            "DJANGO_MEDIA_ROOT": str(services.folder / "uploads"),
            "DJANGO_LOG_LEVEL": "ERROR",
            "WEB_CONCURRENCY": "2",
        }
    )
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)  # None unsets: a test of what happens without it
        else:
            env[name] = value
    return env


def manage(env, *args):
    """Run ``manage.py`` with ``env``; its output is in the error if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env):
    """What a deployment does once, before the servers start: migrate and collect static files."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


class Process:
    """A long-running process of the deployment (an app server, a worker), logged to a file."""

    def __init__(self, args, env, log_path):
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=self._log)

    def running(self):
        return self.process.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace")

    # SIGTERM lets work under way finish (gunicorn's graceful stop, Celery's warm shutdown).
    stop_signal = signal.SIGTERM

    def signal_stop(self):
        if self.running():
            self.process.send_signal(self.stop_signal)

    def stop(self):
        self.signal_stop()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def stop_all(processes):
    """Stop ``processes`` at once: signal every one, then wait for each."""
    for process in processes:
        process.signal_stop()
    for process in processes:
        process.stop()


def start_process(name, args, env, folder):
    return Process(args, env, folder / f"{name}.log")


class AppServer(Process):
    """gunicorn with the production config (README, "Production"), on a free port."""

    stop_signal = signal.SIGINT  # gunicorn's quick stop: nothing is under way after a test

    def __init__(self, name, env, folder):
        self.name = name
        self.port = free_port()
        super().__init__(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "newsroom/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            env,
            folder / f"{name}.log",
        )

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            try:
                if Browser().get("/robots.txt", via=self).status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or not self.running():
                raise RuntimeError(f"app server {self.name} did not start:\n{self.log()}")
            time.sleep(0.2)

    def __repr__(self):
        return f"<app server {self.name} on port {self.port}>"


class Worker(Process):
    """A background-job worker (``celery -A newsroom worker``) of the deployment."""

    def __init__(self, env, folder, name="worker"):
        args = worker_command(f"{name}-{os.getpid()}")
        super().__init__(args, env, folder / f"{name}.log")

    def wait_until_ready(self, seconds=90):
        deadline = time.monotonic() + seconds
        while " ready." not in self.log():
            if not self.running() or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{self.log()[-3000:]}")
            time.sleep(0.2)
        return self


def start_app_servers(env, folder, names=("A", "B")):
    servers = [AppServer(name, env, folder) for name in names]
    try:
        for server in servers:
            server.wait_until_ready()
    except Exception:
        stop_all(servers)
        raise
    return servers


class Response:
    def __init__(self, status, headers, body):
        self.status_code = self.status = status
        self.headers = headers
        self.content = body

    @property
    def text(self):
        return self.content.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name.lower())


def multipart(data, files):
    """(body, content type) of a multipart/form-data post of ``data`` and ``files``."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """A browser behind the load balancer: its cookies go to whichever server answers."""

    def __init__(self, address="192.0.2.1"):
        self.address = address
        self.cookies = {}

    def get(self, path, via):
        return self._request("GET", path, via)

    def post(self, path, data, via, referer=None, files=None):
        """Post a form as the browser would, with the CSRF token and the Referer it sends.

        ``files`` ({field: (file name, bytes, content type)}) makes it a multipart upload.
        """
        if files:
            body, content_type = multipart(data, files)
        else:
            body = urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {
            "Content-Type": content_type,
            "Origin": f"https://{PUBLIC_HOST}",
            "Referer": f"https://{PUBLIC_HOST}{referer or path}",
        }
        return self._request("POST", path, via, body, headers)

    def form(self, path, via, form_id=None):
        """The form on the page at ``path`` as ``form_data`` reads it (the CSRF token included)."""
        response = self.get(path, via)
        assert response.status == 200, (path, response.status, response.text[:500])
        return form_data(response, form_id)

    def log_in(self, username, password, via):
        data = {**self.form("/admin/login/", via), "username": username, "password": password}
        data["next"] = "/admin/"
        return self.post("/admin/login/", data, via)

    def _request(self, method, path, server, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={
                    "Host": PUBLIC_HOST,
                    "X-Forwarded-Proto": "https",
                    "X-Forwarded-For": self.address,
                    "Accept-Language": "ru",
                    **({"Cookie": self._cookie_header()} if self.cookies else {}),
                    **(headers or {}),
                },
            )
            response = connection.getresponse()
            content = response.read()
            for line in response.msg.get_all("Set-Cookie") or []:
                self._remember(line)
            return Response(
                response.status, {k.lower(): v for k, v in response.getheaders()}, content
            )
        finally:
            connection.close()

    def _remember(self, line):
        for name, morsel in SimpleCookie(line).items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def _cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def location_path(response):
    """The path a redirect points to, whether the server wrote it absolute or not."""
    return urlsplit(response.header("Location")).path
