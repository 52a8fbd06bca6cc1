"""Two imports of the same files at once: one creates each article, the other finds it.

Real ``manage.py import_articles`` processes, each with its own connection, against the
test database (committed data: ``transaction=True``): on PostgreSQL, the realistic case,
and on SQLite's file database.
"""

import datetime
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article
from articles.textformat.importing import (
    CREATED,
    SHARED_ROWS_LOCK,
    ImportSession,
    import_file,
    import_paths,
)
from people.models import Organization, Person
from tests.admin_forms import article_form, change_url
from tests.reference import REFERENCE_FILE

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "import"
SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) failed \((\d+) files\)")

IDENTITY_MIGRATION = ("articles", "0009_article_identity_unique")

pytestmark = pytest.mark.django_db(transaction=True)


def forty_files(directory):
    """40 distinct articles: each file of tests/data/import under ten headlines."""
    directory.mkdir()
    for source in sorted(DATA.glob("*.txt")):
        headline, rest = source.read_text(encoding="utf-8").split("\n", 1)
        for number in range(1, 11):
            path = directory / f"{source.stem}-{number:02}.txt"
            path.write_text(f"{headline} (выпуск {number})\n{rest}", encoding="utf-8")
    assert len(list(directory.glob("*.txt"))) == 40
    return directory


def database_url():
    """The test database, as DATABASE_URL for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgresql://{db['USER']}{password}@{host}/{db['NAME']}"


def import_at_once(directory, runs=2):
    env = {**os.environ, "DATABASE_URL": database_url()}
    command = [sys.executable, "manage.py", "import_articles", str(directory), "--no-progress"]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(runs)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        results.append((process.returncode, out, err))
    return results


def test_two_imports_of_the_same_files_at_once_create_each_article_once(tmp_path):
    results = import_at_once(forty_files(tmp_path / "articles"))
    for code, out, err in results:
        assert "IntegrityError" not in err and "locked" not in err, err
        assert code == 0, out + err
    counts = [tuple(map(int, SUMMARY.search(out).groups())) for _code, out, _err in results]
    created, updated, unchanged, failed, files = map(sum, zip(*counts, strict=True))
    assert (created, updated, unchanged, failed, files) == (40, 0, 40, 0, 80)
    assert Article.objects.count() == 40
    identities = Article.objects.values("headline", "published_at").annotate(n=Count("pk"))
    assert not identities.filter(n__gt=1).exists()
    names = Person.objects.values("name_key").annotate(n=Count("pk"))
    assert not names.filter(n__gt=1).exists()


def test_migration_keeps_duplicates_made_before_the_constraint_and_tells_them_apart(capsys):
    executor = MigrationExecutor(connection)
    # The database as it was just before the constraint, with duplicates from the bug.
    before = [node.key for node in executor.loader.graph.node_map[IDENTITY_MIGRATION].parents]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("articles", "Article")
    at = timezone.now().replace(second=0, microsecond=0)
    made = [
        old.objects.create(headline="Одна новость", slug=f"odna-{n}", published_at=at).pk
        for n in range(3)
    ]
    other = old.objects.create(headline="Другая новость", slug="drugaia", published_at=at).pk

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    times = dict(Article.objects.values_list("pk", "published_at"))
    assert set(times) == {*made, other}
    assert times[made[0]] == at and times[other] == at
    assert len({times[pk] for pk in made}) == 3
    assert all(at < times[pk] < at + datetime.timedelta(milliseconds=1) for pk in made[1:])
    assert f"article {made[1]} duplicates article {made[0]}" in capsys.readouterr().out
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Одна новость", published_at=at)


@pytest.mark.django_db
def test_admin_refuses_a_headline_that_would_twin_another_article(staff_client):
    at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=1)
    ArticleFactory(headline="Банк России сохранил ставку", published_at=at)
    article = ArticleFactory(headline="Другая новость", published_at=at)
    data = {**article_form(staff_client, article), "headline": "Банк России сохранил ставку"}
    response = staff_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "другой статьи" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Другая новость"


def test_import_waits_for_another_writer_instead_of_failing(tmp_path):
    """A writer holds the database (SQLite) or the importers' lock (PostgreSQL) for longer
    than SQLite's default 5 s wait; the import waits for it, then imports."""
    forty_files(tmp_path / "articles")
    held = 6 if connection.vendor == "sqlite" else 1
    release = hold_the_writers_lock()
    timer = threading.Timer(held, release)
    started = time.monotonic()
    timer.start()
    try:
        results = [result for _done, _total, result in import_paths([tmp_path / "articles"])]
    finally:
        timer.join()
    assert time.monotonic() - started >= held
    assert [result.status for result in results] == [CREATED] * 40, results[0].message


def hold_the_writers_lock():
    """Take, from a connection of our own, what an import must wait for; returns the release."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], check_same_thread=False)
        other.isolation_level = None
        other.execute("BEGIN IMMEDIATE")
        return lambda: (other.execute("COMMIT"), other.close())
    other = psycopg.connect(database_url(), autocommit=True)
    other.execute("SELECT pg_advisory_lock(%s, %s)", SHARED_ROWS_LOCK)
    return lambda: (
        other.execute("SELECT pg_advisory_unlock(%s, %s)", SHARED_ROWS_LOCK),
        other.close(),
    )


@pytest.mark.django_db
def test_an_import_finds_organizations_another_import_created_meanwhile(tmp_path):
    first_run = ImportSession()
    assert import_file(DATA / "mid_briefing.txt", session=first_run).status == CREATED
    # Meanwhile another run (a session of its own) imports an article naming ОДКБ.
    assert import_file(REFERENCE_FILE, session=ImportSession()).status == CREATED
    headline, rest = REFERENCE_FILE.read_text(encoding="utf-8-sig").lstrip().split("\n", 1)
    later = tmp_path / "later.txt"
    later.write_text(f"{headline} (продолжение)\n{rest}", encoding="utf-8")
    assert import_file(later, session=first_run).status == CREATED
    assert Organization.objects.filter(short_name="ОДКБ").count() == 1
