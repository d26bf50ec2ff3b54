"""The health check for load balancers, and request bodies refused before anything reads them."""

import pytest
from django.urls import reverse

from config import views

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_without_session_or_cookies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_cannot_be_reached(client, monkeypatch):
    def unreachable():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(views.HEALTH_CHECKS, "database", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "error: ConnectionError"


def test_healthz_is_503_while_migrations_are_not_applied(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(views, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 unapplied"


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_an_oversized_body_is_refused_with_413_before_it_is_parsed(client, settings, monkeypatch):
    settings.REQUEST_BODY_MAX_SIZE = 1024

    def parsed(*args, **kwargs):
        raise AssertionError("the body was parsed")

    from django.http import request as http_request

    monkeypatch.setattr(http_request.HttpRequest, "_load_post_and_files", parsed)
    response = client.post(
        reverse("login"),
        {"username": "someone", "password": "x" * 5000},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert '<html lang="ko">' in content
    assert "업로드가 너무 큽니다" in content
    assert 'class="site-header"' in content


def test_a_declared_length_larger_than_the_limit_is_refused_whatever_is_sent(client, settings):
    response = client.post(
        reverse("login"),
        {"username": "someone", "password": "x"},
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_SIZE + 1),
    )
    assert response.status_code == 413
    assert "Upload too large" in response.content.decode()


def test_a_body_within_the_limit_goes_through(client, settings):
    settings.REQUEST_BODY_MAX_SIZE = 10_000
    response = client.post(reverse("login"), {"username": "someone", "password": "x" * 5000})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_the_limit_leaves_room_for_the_largest_slides(settings):
    assert settings.REQUEST_BODY_MAX_SIZE > settings.SLIDES_MAX_UPLOAD_SIZE


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/accounts/join/%00/", 404),
        ("/papers/%00/", 404),
        ("/admin/reviews/paper/%00/change/", 404),
        ("/admin/reviews/paper/?status__exact=%00", 400),
        ("/papers/?q=a%00b", 400),
        ("/api/papers/?topic=%00", 400),
        ("/healthz?%00", 400),
    ],
)
def test_a_nul_byte_anywhere_in_the_address_is_a_clear_4xx_page(staff_client, url, status):
    # PostgreSQL refuses NUL in a query: before this, some of these were 500s there.
    response = staff_client.get(url)
    assert response.status_code == status
    assert "error-heading" in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_COOKIE": "sessionid=abcdefghij\x00klm"},
        {"HTTP_USER_AGENT": "curl\x00"},
        {"HTTP_ACCEPT_LANGUAGE": "ko\x00"},
    ],
)
def test_a_nul_byte_in_a_cookie_or_header_is_a_400_page(client, header):
    # A session cookie with a NUL byte was a 500 on PostgreSQL (the session lookup).
    response = client.get("/papers/", **header)
    assert response.status_code == 400
    assert "error-heading" in response.content.decode()
