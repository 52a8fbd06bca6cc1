"""The admin login resists guessing: repeated failures close it for a while (django-axes)."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from newsroom.security import client_ip
from tests.admin_forms import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "pw-for-tests"


@pytest.fixture
def chief():
    return make_user("chief", is_superuser=True)


def log_in(client, username="chief", password=RIGHT, address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def assert_locked_out(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно закрыт" in page
    assert "Слишком много неудачных попыток входа" in page and "на 15 минут." in page
    assert 'href="/admin/login/"' in page  # a page of the admin, not a bare error text


def test_right_password_is_refused_after_five_failures_for_the_user(client, chief, caplog):
    for _ in range(4):
        response = log_in(client, password="guess")
        assert response.status_code == 200 and "errornote" in response.content.decode()
    with caplog.at_level(logging.WARNING):
        assert_locked_out(log_in(client, password="guess"))
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    assert_locked_out(log_in(client))
    assert not logged_in(client)


def test_one_user_guessed_from_many_addresses_is_locked(client, chief):
    for n in range(5):
        log_in(client, password="guess", address=f"198.51.100.{n}")
    assert_locked_out(log_in(client, address="203.0.113.7"))


def test_one_address_guessing_many_users_is_locked(client, chief):
    for n in range(5):
        log_in(client, username=f"user{n}", password="guess", address="198.51.100.9")
    assert_locked_out(log_in(client, address="198.51.100.9"))


def test_other_users_from_other_addresses_can_still_log_in(client, chief):
    make_user("reporter")
    for _ in range(5):
        log_in(client, password="guess", address="198.51.100.9")
    assert log_in(client, username="reporter", address="203.0.113.7").status_code == 302
    assert logged_in(client)


def test_successful_login_resets_the_count(client, chief):
    for _ in range(4):
        log_in(client, password="guess")
    assert log_in(client).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, password="guess")
    assert log_in(client).status_code == 302
    assert logged_in(client)


def test_lockout_ends_after_the_cool_off(client, chief):
    for _ in range(5):
        log_in(client, password="guess")
    assert_locked_out(log_in(client))
    sixteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
    assert log_in(client).status_code == 302


def test_axes_reset_lifts_the_lock_at_once(client, chief):
    for _ in range(5):
        log_in(client, password="guess")
    call_command("axes_reset", verbosity=0)
    assert log_in(client).status_code == 302


def test_behind_a_proxy_the_lockout_counts_readers_not_the_proxy(client, chief, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    make_user("reporter")
    proxy = "10.0.0.2"
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "nobody", "password": "guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    response = client.post(
        LOGIN,
        {"username": "reporter", "password": RIGHT, "next": "/admin/"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302


def test_client_address_is_the_one_the_trusted_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy: a forged header counts for nothing
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # not the client's own "1.2.3.4"
    settings.NEWSROOM_TRUSTED_PROXIES = 2
    assert client_ip(request) == "1.2.3.4"
