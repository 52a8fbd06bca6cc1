"""Project-wide guarantees: migrations are complete and production settings pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_models_have_all_their_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-key-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
        "NEWSROOM_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only inside browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_PRODUCTION": "1", "NEWSROOM_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_nothing_in_the_repository_reads_outside_it():
    # A clone on its own must pass its tests: the reference article is tests/data's copy.
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = ("../shared", "shared/seeds", "shared/corpora", "parents[2]")
    readers = [
        name
        for name in tracked
        if name.endswith((".py", ".sh", ".toml", "Makefile", "run"))
        and name != "tests/test_project.py"
        and any(marker in (ROOT / name).read_text(encoding="utf-8") for marker in outside)
    ]
    assert readers == []
    assert (ROOT / "tests" / "data" / "000_75329027fc359d53.txt").is_file()
