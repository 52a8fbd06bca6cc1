"""Background jobs: a real Celery worker on a real broker, and the in-process fallback.

The worker tests start `celery -A newsroom worker` as a process of its own on Redis (a
database and a queue of the tests' own) over the test database; they commit, as the
site does, so the worker sees their rows.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import jobs
from articles.factories import ArticleFactory
from articles.models import Article, StoredPage
from articles.textformat.parsing import DEFAULT_MAX_BYTES
from jobs import running
from jobs.models import Job
from tests import job_functions
from tests.admin_forms import editor, make_user, reporter
from tests.celery_worker import (
    BROKERS,
    ROOT,
    VISIBILITY_TIMEOUT,
    Worker,
    delete_queue,
    require_broker,
)
from tests.test_project import production_check

REFERENCE = "tests/data/000_75329027fc359d53.txt"


def wait_until_finished(job, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def admin_page(client, job):
    return client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()


# --- With a broker: a real worker process ---------------------------------------------


@pytest.fixture(scope="module", params=sorted(BROKERS))
def running_worker(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker per broker for the module's tests (started again by a test that kills it)."""
    url = require_broker(request.param)
    process = Worker(url, tmp_path_factory.mktemp(f"worker-{request.param}"))
    with django_db_blocker.unblock():
        process.start()
    yield process
    process.stop()
    delete_queue(url, process.queue)


@pytest.fixture
def worker(running_worker, transactional_db, settings):
    """The site sends jobs to the broker, on the running worker's queue."""
    settings.NEWSROOM_BROKER_URL = running_worker.broker_url
    settings.CELERY_TASK_DEFAULT_QUEUE = running_worker.queue
    settings.NEWSROOM_JOB_MAX_ATTEMPTS = 3
    if not running_worker.is_running():
        running_worker.start()
    return running_worker


def test_a_queued_job_is_run_by_the_worker(worker):
    job = jobs.enqueue("tests.job_functions.add", 2, 3)

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 5, 1), worker.logs()


def test_a_job_that_fails_twice_is_retried_and_then_done(worker, tmp_path):
    job = jobs.enqueue(job_functions.fail_until, str(tmp_path / "calls"), 2)

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 3, 3), worker.logs()
    assert "ConnectionError: call 2: the picture service is not answering" in job.last_error


@pytest.mark.parametrize("running_worker", ["redis"], indirect=True)  # the same on both
def test_a_job_gets_every_attempt_it_is_allowed(worker, settings, tmp_path):
    settings.NEWSROOM_JOB_MAX_ATTEMPTS = 6  # more than Celery's own default of 3 retries
    job = jobs.enqueue(job_functions.fail_until, str(tmp_path / "calls"), 5)

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 6, 6), worker.logs()


def test_a_job_failing_for_good_is_shown_failed_with_its_error_in_the_admin(worker, admin_client):
    job = jobs.enqueue(job_functions.always_fail)

    wait_until_finished(job)
    assert (job.status, job.attempts) == (Job.Status.FAILED, 3), worker.logs()
    failed_list = admin_client.get(reverse("admin:jobs_job_changelist"), {"status": "failed"})
    assert f"tests.job_functions.always_fail №{job.pk}" in failed_list.content.decode()
    page = admin_page(admin_client, job)
    assert "не выполнена" in page
    assert "ValueError: Файл «лето.jpg» не читается" in page.replace("&laquo;", "«").replace(
        "&raquo;", "»"
    )


def test_a_job_whose_worker_is_killed_mid_run_is_finished_by_the_next_worker(worker, tmp_path):
    starts = tmp_path / "starts"
    job = jobs.enqueue(job_functions.count_slowly, str(starts), 10, 0.5)
    while not (starts.exists() and Job.objects.get(pk=job.pk).progress_done >= 2):
        time.sleep(0.1)

    worker.kill()
    job.refresh_from_db()
    assert (job.status, job.progress_done < 10) == (Job.Status.RUNNING, True)
    worker.start()

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 10, 2), worker.logs()
    assert (job.progress_done, job.progress_total) == (10, 10)
    assert len(starts.read_text().split()) == 2  # run once by each worker


def test_a_job_whose_pool_process_dies_is_given_back_and_finished(worker, tmp_path):
    starts = tmp_path / "starts"
    job = jobs.enqueue(job_functions.count_slowly, str(starts), 6, 0.5)
    while not (starts.exists() and Job.objects.get(pk=job.pk).progress_done >= 2):
        time.sleep(0.1)

    os.kill(int(starts.read_text().split()[0]), signal.SIGKILL)  # the pool process only

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 6, 2), worker.logs()
    first, second = starts.read_text().split()
    assert first != second and worker.is_running()


@pytest.mark.parametrize("running_worker", ["redis"], indirect=True)  # the same on both
def test_the_worker_renders_a_new_articles_page_ahead_of_its_readers(worker, settings):
    settings.NEWSROOM_SITE_ORIGIN = "http://127.0.0.1"  # in the worker's ALLOWED_HOSTS too
    article = ArticleFactory(published=True, headline="Мост открыт для движения")

    job = wait_until_finished(Job.objects.get(kind="articles.pages_ahead.render_pages"))
    assert (job.status, job.result) == (Job.Status.DONE, 1), worker.logs()
    assert job.arguments == {"args": [[article.pk]], "kwargs": {"origin": "http://127.0.0.1"}}
    page = StoredPage.objects.get(article=article)
    assert "Мост открыт для движения" in page.main
    assert 'content="http://127.0.0.1/' in page.head


def test_a_job_whose_message_the_broker_lost_is_sent_again_when_a_worker_starts(worker):
    # As after a Redis restart without persistence: the row says queued, no message exists.
    job = Job.objects.create(
        kind="tests.job_functions.add", arguments={"args": [20, 22]}, max_attempts=3
    )

    worker.stop()
    worker.start()

    wait_until_finished(job)
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 42, 1), worker.logs()


# Redis gives a job out again after its visibility timeout; RabbitMQ does not.
@pytest.mark.parametrize("running_worker", ["redis"], indirect=True)
def test_a_job_running_longer_than_the_brokers_redelivery_time_is_not_run_twice(worker, tmp_path):
    second = Worker(worker.broker_url, tmp_path)  # free to take a job given out again
    second.queue = worker.queue
    second.start()
    try:
        starts = tmp_path / "starts"
        seconds = 3 * VISIBILITY_TIMEOUT
        job = jobs.enqueue(job_functions.count_slowly, str(starts), 2 * seconds, 0.5)
        wait_until_finished(job)
    finally:
        second.stop()
    assert (job.status, job.attempts) == (Job.Status.DONE, 1), worker.logs() + second.logs()
    assert len(starts.read_text().split()) == 1


def test_a_background_import_shows_its_progress_and_each_failed_file_in_the_admin(
    worker, admin_client, tmp_path
):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "1.txt").write_text(open(REFERENCE, encoding="utf-8").read(), encoding="utf-8")
    (folder / "2.txt").write_text("   \n", encoding="utf-8")

    call_command("import_articles", str(folder), "--background")
    job = wait_until_finished(Job.objects.get())

    assert job.status == Job.Status.FAILED, worker.logs()
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert Article.objects.count() == 1  # the good file is imported, the bad one alone fails
    page = admin_page(admin_client, job)
    assert "Импорт статей" in page and "2 из 2" in page
    assert f"{folder / '2.txt'}" in page and "Файлов не импортировано: 1 из 2" in page


# --- Without a broker: in process, after commit ---------------------------------------


@pytest.fixture
def no_broker(settings):
    settings.NEWSROOM_BROKER_URL = ""
    settings.NEWSROOM_JOB_MAX_ATTEMPTS = 3


@pytest.mark.django_db
def test_without_a_broker_a_job_runs_in_process_when_its_transaction_commits(
    no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(job_functions.add, 2, 3)
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED  # nothing runs before the commit
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 5, 1)


@pytest.mark.django_db
def test_without_a_broker_a_failing_job_is_retried_in_process(
    no_broker, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(job_functions.fail_until, str(tmp_path / "calls"), 2)
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 3, 3)


@pytest.mark.django_db
def test_a_job_refusing_its_input_fails_at_once_without_retries(
    no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(job_functions.refuse)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 1)
    assert job.last_error == "Файл «зима.txt» пуст: повтор не поможет"


@pytest.mark.django_db
def test_a_delivery_of_a_job_that_a_living_worker_runs_does_not_start_it_again(no_broker):
    job = Job.objects.create(
        kind="tests.job_functions.add",
        arguments={"args": [1, 2]},
        status=Job.Status.RUNNING,
        attempts=1,
        max_attempts=3,
        heartbeat_at=timezone.now(),
    )
    assert running.run(job.pk)[0] == running.BUSY
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


@pytest.mark.django_db
def test_a_job_whose_worker_went_silent_is_run_again_by_the_next_delivery(no_broker):
    silent_since = timezone.now() - running.silence_limit() - timedelta(seconds=1)
    job = Job.objects.create(
        kind="tests.job_functions.add",
        arguments={"args": [1, 2]},
        status=Job.Status.RUNNING,
        attempts=1,
        max_attempts=3,
        heartbeat_at=silent_since,
    )
    assert running.run(job.pk)[0] == running.DONE
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 3, 2)


@pytest.mark.django_db
def test_a_job_that_lost_its_worker_on_its_last_attempt_is_failed_not_run_forever(no_broker):
    job = Job.objects.create(
        kind="tests.job_functions.add",
        arguments={"args": [1, 2]},
        status=Job.Status.RUNNING,
        attempts=3,
        max_attempts=3,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert running.run(job.pk)[0] == running.FAILED
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "stopped before the attempt ended" in job.last_error


@pytest.mark.django_db
def test_a_job_the_broker_cannot_take_stays_queued_with_the_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(job_functions.add, 1, 2)  # the caller goes on: no exception
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.last_error.startswith("The broker did not accept the job: ")


@pytest.mark.django_db
def test_a_job_is_recorded_with_who_started_it_and_its_arguments(no_broker, admin_user):
    job = jobs.enqueue("tests.job_functions.add", 2, b=3, started_by=admin_user)
    assert (job.kind, job.arguments, job.started_by) == (
        "tests.job_functions.add",
        {"args": [2], "kwargs": {"b": 3}},
        admin_user,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("function", "args", "message"),
    [
        ("tests.job_functions.no_such_function", (), "no_such_function"),
        ("tests.job_functions.add", (object(), 1), "must be JSON values"),
    ],
)
def test_a_job_that_could_never_run_is_refused_when_queued(no_broker, function, args, message):
    with pytest.raises((ImportError, TypeError), match=message):
        jobs.enqueue(function, *args)
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_import_in_the_background_without_a_broker_runs_at_once_file_by_file(
    no_broker, tmp_path, capsys
):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "1.txt").write_text(open(REFERENCE, encoding="utf-8").read(), encoding="utf-8")
    (folder / "2.txt").write_bytes(b"\x00\x01binary")

    with pytest.raises(CommandError, match=r"Job \d+ failed: Файлов не импортировано: 1 из 2"):
        call_command("import_articles", str(folder), "--background")

    job = Job.objects.get()
    assert (job.status, job.attempts, job.progress_done, job.progress_total) == (
        Job.Status.FAILED,
        1,
        2,
        2,
    )
    assert str(folder / "2.txt") in job.report and str(folder / "2.txt") in capsys.readouterr().err
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_background_import_cannot_be_a_dry_run(no_broker):
    with pytest.raises(CommandError, match="--dry-run"):
        call_command("import_articles", REFERENCE, "--background", "--dry-run")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_staff_may_run_a_failed_job_again(
    no_broker, admin_client, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(job_functions.fail_until, str(tmp_path / "calls"), 3)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 3)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:jobs_job_changelist"),
            {"action": "run_again", "_selected_action": [job.pk]},
            follow=True,
        )
    assert "1 задача снова поставлена в очередь" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, 4, 1)


def test_a_worker_without_a_broker_stops_at_once_saying_so(tmp_path):
    env = {**os.environ, "NEWSROOM_VAR_DIR": str(tmp_path)}
    env.pop("NEWSROOM_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--concurrency=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "NEWSROOM_BROKER_URL is not set: a worker needs the broker" in result.stderr


# --- Production declares where jobs run ------------------------------------------------


def test_production_refuses_to_run_jobs_in_web_requests_without_a_broker(tmp_path):
    result = production_check(tmp_path, NEWSROOM_BROKER_URL=None)
    assert result.returncode != 0
    assert "NEWSROOM_BROKER_URL must be set when DJANGO_PRODUCTION=1" in result.stderr
    assert "NEWSROOM_JOBS_IN_PROCESS=1" in result.stderr


def test_production_runs_jobs_in_process_when_it_opts_in(tmp_path):
    result = production_check(tmp_path, NEWSROOM_BROKER_URL=None, NEWSROOM_JOBS_IN_PROCESS="1")
    assert result.returncode == 0, result.stderr


# --- The admin's import page ---------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/plain")


@pytest.mark.django_db
def test_an_editor_imports_uploaded_files_and_reads_each_files_error_on_the_job(
    no_broker, client, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor())
    reference = open(REFERENCE, "rb").read()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_import"),
            {"files": [upload("lede.txt", reference), upload("broken.txt", b"\x00\x01")]},
        )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    assert job.title == "Импорт загруженных статей"
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.FAILED, 2, 2)
    assert job.report.startswith("broken.txt: ")  # as uploaded, not a temporary path
    assert Article.objects.get().status == Article.Status.DRAFT  # the good file alone
    page = client.get(response["Location"]).content.decode()
    assert "2 из 2" in page and "broken.txt: " in page
    assert not any((settings.MEDIA_ROOT / "imports").rglob("*.txt"))  # uploads removed


@pytest.mark.django_db
def test_the_import_page_refuses_a_file_over_the_size_limit(no_broker, client):
    client.force_login(editor())
    big = upload("huge.txt", b"x" * (DEFAULT_MAX_BYTES + 1))

    response = client.post(reverse("admin:articles_article_import"), {"files": [big]})

    assert response.status_code == 200
    assert "Файлы больше 1,0\xa0МБ не импортируются: huge.txt." in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_articles_list_offers_the_import_to_editors_only(client):
    client.force_login(editor())
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Импортировать из файлов" in page

    client.force_login(reporter())
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Импортировать из файлов" not in page
    assert client.get(reverse("admin:articles_article_import")).status_code == 403


@pytest.mark.django_db
def test_only_those_who_may_publish_are_offered_to_publish_on_import(client):
    client.force_login(editor())
    page = client.get(reverse("admin:articles_article_import")).content.decode()
    assert "Опубликовать с датой из каждого файла" in page

    client.force_login(make_user("chief-of-archive", is_superuser=False))
    user = get_user_model().objects.get(username="chief-of-archive")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["add_article", "change_article", "edit_others_article"],
        )
    )
    page = client.get(reverse("admin:articles_article_import")).content.decode()
    assert "Импорт статей из файлов" in page
    assert "Опубликовать с датой из каждого файла" not in page
