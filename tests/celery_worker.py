"""A real Celery worker for the tests: a `celery -A newsroom worker` process on a real broker.

The worker reads and writes the test database (so the tests that use it commit: they are
transactional) and takes jobs from a queue of this test run only, so two runs sharing a
broker never take each other's jobs.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import redis
from django.db import connection
from kombu import Connection

from tests.tools import require

ROOT = Path(__file__).resolve().parents[1]
# The brokers the site supports, as the tests reach them: a Redis database of the tests'
# own (CI's cache tests use 15), and RabbitMQ's default account.
BROKERS = {
    "redis": (
        os.environ.get("NEWSROOM_TEST_BROKER_URL", "redis://127.0.0.1:6379/5"),
        "apt-get install redis-server",
    ),
    "rabbitmq": (
        os.environ.get("NEWSROOM_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
        "apt-get install rabbitmq-server",
    ),
}
# Redis gives a killed worker's job to another after this many seconds.
VISIBILITY_TIMEOUT = 3
# A worker writes a running job's heartbeat this often (three missed: the worker is lost).
HEARTBEAT_SECONDS = 0.5


def worker_command(hostname):
    """``celery -A newsroom worker``: one process, its log at INFO (which says " ready.")."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "newsroom",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "--without-mingle",
        "--without-gossip",
        f"--hostname={hostname}@%h",
    ]


def require_broker(name):
    """The broker's URL; skip (in CI, fail) when it does not answer."""
    url, install = BROKERS[name]
    try:
        with Connection(url, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1)
        answers = True
    except Exception:  # noqa: BLE001 — each transport has its own connection errors
        answers = False
    require(answers, f"{name} at {url}", install)
    return url


def delete_queue(url, queue):
    """Remove the test run's queue from the broker (RabbitMQ keeps queues otherwise)."""
    with Connection(url, connect_timeout=2) as broker:
        broker.default_channel.queue_delete(queue)
    if url.startswith("redis"):  # kombu's records of the queue's exchange outlive it
        redis.Redis.from_url(url).delete(
            f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


def database_url_for_worker():
    """The test database as a DATABASE_URL, for the worker to open the same one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgresql://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class Worker:
    """One worker process (and its pool process), started and stopped by the tests."""

    def __init__(self, broker_url, log_folder):
        self.broker_url = broker_url
        self.queue = f"newsroom-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.log_folder = Path(log_folder)
        self.process = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        self.log = self.log_folder / f"worker-{self.starts}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": database_url_for_worker(),
            "NEWSROOM_BROKER_URL": self.broker_url,
            "NEWSROOM_JOB_QUEUE": self.queue,
            "NEWSROOM_JOB_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "NEWSROOM_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "NEWSROOM_JOB_RETRY_SECONDS": "0.2",
        }
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                worker_command(f"test-{uuid.uuid4().hex[:8]}"),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed with its pool
            )
        deadline = time.monotonic() + timeout
        while " ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the worker did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def is_running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL the worker and its pool process: no warm shutdown, nothing acknowledged."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.log_folder.glob("worker-*.log")))
