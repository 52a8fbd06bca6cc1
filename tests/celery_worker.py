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

from tests.tools import require

ROOT = Path(__file__).resolve().parents[1]
# A Redis database of the tests' own (CI's cache tests use 15).
BROKER_URL = os.environ.get("NEWSROOM_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
# A job taken by a killed worker is given to another after this many seconds.
VISIBILITY_TIMEOUT = 3


def require_broker():
    """Skip (in CI, fail) when the broker does not answer."""
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping()
        answers = True
    except redis.RedisError:
        answers = False
    require(answers, f"Redis at {BROKER_URL}", "apt-get install redis-server")


def test_database_url():
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

    def __init__(self, queue, log_folder, **environment):
        self.queue = queue
        self.log_folder = Path(log_folder)
        self.environment = environment
        self.process = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        self.log = self.log_folder / f"worker-{self.starts}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": test_database_url(),
            "NEWSROOM_BROKER_URL": BROKER_URL,
            "NEWSROOM_JOB_QUEUE": self.queue,
            "NEWSROOM_JOB_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "NEWSROOM_JOB_RETRY_SECONDS": "0.2",
            **self.environment,
        }
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [
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
                    f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
                ],
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


def new_queue():
    return f"newsroom-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
