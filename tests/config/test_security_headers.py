"""Security headers on real responses, and pages that keep to the Content Security Policy."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, InvitationFactory, PaperFactory, ReviewFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, style
    attributes and elements, event-handler attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            kind = attrs.get("type", "")
            if "src" not in attrs and kind not in ("application/json", "application/ld+json"):
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")


@pytest.fixture
def catalog(db):
    paper = PaperFactory(title="Deep Residual Learning", topics=[CategoryFactory(name="CNN")])
    review = ReviewFactory(paper=paper, body="**Bold** with $x^2$ math")
    return paper, review


def pages(member, paper, review):
    return [
        reverse("reviews:home"),
        reverse("reviews:paper-list"),
        reverse("reviews:paper-list") + "?q=residual",
        paper.get_absolute_url(),
        review.get_absolute_url(),
        reverse("reviews:stats"),
        reverse("reviews:schedule"),
        reverse("reviews:collection-list"),
        reverse("login"),
        "/no-such-page/",
    ]


def test_every_html_response_carries_the_security_headers(client, member, catalog):
    paper, review = catalog
    for url in pages(member, paper, review):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["base-uri"] == ["'none'"], url
        assert directives["form-action"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url


def test_plugins_are_allowed_only_on_the_review_page_for_its_slides(client, catalog):
    paper, review = catalog
    assert csp_directives(client.get(paper.get_absolute_url()))["object-src"] == ["'none'"]
    assert csp_directives(client.get(review.get_absolute_url()))["object-src"] == ["'self'"]


def assert_no_inline_code(response, url):
    assert response.status_code in (200, 404), url
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    assert finder.found == [], url


def test_pages_hold_no_inline_code_the_policy_would_block(client, member, catalog):
    paper, review = catalog
    for url in pages(member, paper, review):
        assert_no_inline_code(client.get(url), url)
    InvitationFactory(created_by=member)
    client.force_login(member)
    member_pages = [
        reverse("reviews:home"),
        review.get_absolute_url(),
        reverse("reviews:queue"),
        reverse("invitation-create"),
        reverse("profile"),
        reverse("reviews:review-create", kwargs={"slug": paper.slug}),
        reverse("reviews:paper-add"),
    ]
    for url in member_pages:
        assert_no_inline_code(client.get(url), url)


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    content = client.get(reverse("reviews:home")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", content)
    assert config
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "papers.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://papers.example.org",
    "DJANGO_SECURE_PROXY": "1",
    "DJANGO_PROXY_COUNT": "1",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_without_the_proxy_setting():
    env = {**PRODUCTION_ENV, "DJANGO_SECURE_PROXY": "0", "DJANGO_SECURE_COOKIES": "0"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # no HTTPS redirect


def test_secure_proxy_switches_on_https_redirect_hsts_and_secure_cookies(client, settings):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "31536000",
        "True",
        "True",
        "True",
    ]


def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(client, settings, db):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/papers/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/papers/"
    response = client.get("/papers/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Load balancers may probe the health check over plain HTTP.
    assert client.get("/healthz").status_code == 200


def test_language_cookie_is_secure_and_http_only_when_cookies_are(client, settings, db):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
