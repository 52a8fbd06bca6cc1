"""Project-wide guarantees: migrations are complete and production settings pass the deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_models_have_all_their_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# A production environment as the README describes it; each test changes one thing.
PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-key-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgresql://newsroom@db.example.org:5432/newsroom",
    "REDIS_URL": "redis://cache.example.org:6379/0",
    "NEWSROOM_BROKER_URL": "redis://cache.example.org:6379/1",
    "NEWSROOM_SITE_ORIGIN": "https://news.example.org",
}
# Set in the test run's own environment by some runs (or inside browser tests): never inherited.
NOT_INHERITED = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "WEB_CONCURRENCY",
    "NEWSROOM_ALLOW_SQLITE",
    "NEWSROOM_ALLOW_LOCAL_CACHE",
    "NEWSROOM_JOBS_IN_PROCESS",
)


def production_check(tmp_path, *options, **changes):
    """``manage.py check`` in production settings, with ``changes`` (None unsets a variable)."""
    env = {**os.environ, **PRODUCTION_ENV, "NEWSROOM_VAR_DIR": str(tmp_path)}
    for name in NOT_INHERITED:
        env.pop(name, None)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_is_clean_in_production_settings(tmp_path):
    result = production_check(tmp_path, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = production_check(tmp_path, DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "origin, message",
    [
        ("news.example.org", "must be like https://news.example.org"),
        ("https://news.example.org/news/", "must be like https://news.example.org"),
        ("https://elsewhere.example.org", "elsewhere.example.org is not in ALLOWED_HOSTS"),
    ],
)
def test_the_site_refuses_to_start_with_an_address_readers_cannot_use(tmp_path, origin, message):
    result = production_check(tmp_path, NEWSROOM_SITE_ORIGIN=origin)
    assert result.returncode != 0
    assert f"NEWSROOM_SITE_ORIGIN {message}" in result.stderr


@pytest.mark.parametrize("key", ["short-but-random-Zq81xT", "a" * 60])
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, key):
    result = production_check(tmp_path, DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak for production" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_refuses_to_fall_back_to_sqlite_without_a_database_url(tmp_path):
    result = production_check(tmp_path, DATABASE_URL=None)
    assert result.returncode != 0
    assert "DATABASE_URL must be set when DJANGO_PRODUCTION=1" in result.stderr
    assert "NEWSROOM_ALLOW_SQLITE=1" in result.stderr


def test_production_runs_on_sqlite_when_it_opts_in(tmp_path):
    result = production_check(tmp_path, DATABASE_URL=None, NEWSROOM_ALLOW_SQLITE="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("processes", [None, "4"])
def test_production_refuses_a_per_process_cache_when_it_may_run_several(tmp_path, processes):
    result = production_check(tmp_path, REDIS_URL=None, WEB_CONCURRENCY=processes)
    assert result.returncode != 0
    assert "REDIS_URL must be set when DJANGO_PRODUCTION=1" in result.stderr
    assert f"WEB_CONCURRENCY is {processes or 'not set'}" in result.stderr
    assert "NEWSROOM_ALLOW_LOCAL_CACHE=1" in result.stderr


@pytest.mark.parametrize(
    "declared",
    [{"WEB_CONCURRENCY": "1"}, {"WEB_CONCURRENCY": "4", "NEWSROOM_ALLOW_LOCAL_CACHE": "1"}],
)
def test_production_runs_on_a_local_cache_in_one_process_or_when_it_opts_in(tmp_path, declared):
    result = production_check(tmp_path, REDIS_URL=None, **declared)
    assert result.returncode == 0, result.stderr


def test_nothing_in_the_repository_reads_outside_it():
    # A clone on its own must pass its tests: the reference article is tests/data's copy.
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # Patterns, not the paths themselves, so that this test does not find itself: the
    # shared folder beside the checkout, its seeds and corpora, a root two levels up.
    outside = re.compile(r"\.\./(?:\.\./)*share[d]\b|\bshare[d]/(?:seeds|corpora)|parents\[[2-9]\]")
    readers = [
        name
        for name in tracked
        if name.endswith((".py", ".sh", ".toml", "Makefile", "run"))
        and outside.search((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert readers == []
    assert (ROOT / "tests" / "data" / "000_75329027fc359d53.txt").is_file()
