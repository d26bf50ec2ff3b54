"""Error pages: the site's own, in the visitor's language, with the header, search and a way back."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_site_error_page(response, status, heading):
    content = response.content.decode()
    assert response.status_code == status
    assert 'class="site-header"' in content
    assert f'<h1 id="error-heading">{heading}</h1>' in content
    assert re.search(r'<form[^>]+action="/papers/"[^>]+role="search"', content)
    assert 'name="q"' in content
    assert 'href="/"' in content
    return content


def test_404_is_the_sites_page_in_english(client):
    response = client.get("/no-such-page/")
    assert_site_error_page(response, 404, "Page not found")


def test_404_follows_the_visitors_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ko")
    content = assert_site_error_page(response, 404, "페이지를 찾을 수 없습니다")
    assert '<html lang="ko">' in content


def test_404_for_a_missing_paper_offers_search(client):
    response = client.get(reverse("reviews:paper-detail", kwargs={"slug": "no-such-paper"}))
    assert_site_error_page(response, 404, "Page not found")


def test_403_is_the_sites_page(client, member, public_review):
    other = public_review.created_by
    assert other != member
    client.force_login(member)
    response = client.get(reverse("reviews:review-update", kwargs={"pk": public_review.pk}))
    assert_site_error_page(response, 403, "Not allowed")


def test_csrf_failure_explains_the_expired_form(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("login"), {"username": "x", "password": "y"})
    assert_site_error_page(response, 403, "The form has expired")


def test_400_for_a_host_the_site_does_not_serve(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert_site_error_page(response, 400, "Bad request")


@pytest.mark.urls("tests.config.urls_failing")
def test_500_is_a_static_page_without_the_database(client):
    client.raise_request_exception = False
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="ko")
    content = assert_site_error_page(response, 500, "문제가 생겼습니다")
    assert len(queries) == 0
    # No member menu or language form that would need the session or a CSRF token.
    assert "csrfmiddlewaretoken" not in content
