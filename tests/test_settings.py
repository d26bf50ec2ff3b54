"""The settings read the environment and refuse to run in production without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_site_starts_with_a_secret_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_debug_mode_needs_no_secret_key():
    result = run_check(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_another_sqlite_file(tmp_path):
    target = tmp_path / "other.sqlite3"
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    environment.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{target}")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); {code}",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == str(target), result.stderr


def test_empty_variables_count_as_unset_as_in_env_example():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.EMAIL_BACKEND)"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    environment.update(DJANGO_DEBUG="1", DATABASE_URL="", DJANGO_EMAIL_BACKEND="")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
            f"django.setup(); {code}",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr


def test_env_example_can_be_sourced_by_a_shell(tmp_path):
    result = subprocess.run(
        ["bash", "-c", 'set -a; . ./.env.example; echo "$DEFAULT_FROM_EMAIL"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PaperShelf <noreply@localhost>"


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    gunicorn_source = (ROOT / "gunicorn.conf.py").read_text()
    import re

    read = set(re.findall(r'env(?:_bool|_list|_str)?\(\s*"([A-Z_]+)"', settings_source))
    for source in (settings_source, gunicorn_source):
        read |= set(re.findall(r"os\.environ\.get\(\s*[\"']([A-Z_]+)[\"']", source))
    listed = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line
    }
    assert read - listed == set()


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
