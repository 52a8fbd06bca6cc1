import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are left out (deselected, not skipped) on another database."""
    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI=true) a skipped test fails the run: a check that did not run is not a pass."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") == "true" and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} skipped test(s); every check must run in CI.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _isolated_uploads(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages must not outlive rolled-back data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _pages_stored_at_first_view(settings):
    """What the page cache serves is tested with a page stored at its first view; when a
    page is stored (NEWSROOM_PAGE_CACHE_MIN_VIEWS, 2 unless set) is tested on its own
    (tests/test_page_admission.py)."""
    settings.NEWSROOM_PAGE_CACHE_MIN_VIEWS = 1


@pytest.fixture
def nothing_cached(settings):
    """The page cache and fragments off: what is tested is stored in the database."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = False


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs what the block queued for after its commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-for-tests")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3 server (SeaweedFS) for the session, on free ports (tests/s3server.py)."""
    from tests.s3server import INSTALL, S3Server, weed_binary
    from tests.tools import require

    binary = weed_binary()
    require(binary, "SeaweedFS (weed)", INSTALL)
    server = S3Server(tmp_path_factory.mktemp("s3"), binary).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    from tests.tools import CHROMIUM, CHROMIUM_ARGS, chromium_available, require

    require(chromium_available(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still synchronous, so Django may allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def fault_redis(tmp_path):
    """A redis-server of the test's own on a free port (tests/test_resilience.py's
    ``RedisServer``), to stop and start at will; killed after the test."""
    import shutil

    from tests.test_resilience import RedisServer
    from tests.tools import require

    require(shutil.which("redis-server"), "Redis (redis-server)", "apt-get install redis-server")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()
