"""`make serve`: the production path, started as a newcomer would, answering on its port."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY="serve-test-secret-" + "k" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        DJANGO_PRIVATE_ROOT=str(tmp_path / "private"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        WEB_CONCURRENCY="2",
        **extra,
    )
    return env


def test_make_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "serve.sqlite3").exists()  # nothing ran


def test_make_serve_answers_with_debug_off_static_files_and_headers(tmp_path):
    port = free_port()
    pidfile = tmp_path / "gunicorn.pid"
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", f"PIDFILE={pidfile}"],
        cwd=ROOT,
        env=production_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                status, headers, body = fetch(base + "/healthz")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "make serve did not answer"
                time.sleep(0.5)
        assert status == 200, body
        assert b'"migrations": "ok"' in body

        status, headers, body = fetch(base + "/papers/", {"Accept-Language": "ko"})
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Content-Language"] == "ko"
        # Debug is off: a missing page is the site's own 404, not Django's debug page.
        status, _, body = fetch(base + "/no-such-page/")
        assert status == 404
        assert b"error-heading" in body and b"technical_404" not in body

        # Static files are collected, hashed, compressed and cached for good (WhiteNoise).
        _, _, page = fetch(base + "/")
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "no hashed stylesheet in the page"
        status, headers, _ = fetch(base + stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers["Cache-Control"]

        # A graceful reload keeps answering.
        os.kill(int(pidfile.read_text()), signal.SIGHUP)
        time.sleep(2)
        assert fetch(base + "/healthz")[0] == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    access_log = (tmp_path / "serve.log").read_text()
    # The access log on stdout has the status and the duration of each request.
    assert re.search(r'"GET /papers/ HTTP/1\.1" 200 \d+ \d+ms', access_log), access_log[-2000:]
