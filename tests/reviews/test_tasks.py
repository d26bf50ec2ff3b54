"""Slides processed in the background: thumbnails, PDF renditions by LibreOffice, retries,
failures that staff see and run again."""

import contextlib
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import tasks
from reviews.models import Review, SlidesState
from reviews.slides import slides_storage
from tests.factories import PaperFactory

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FORM = {
    "summary": "Residual blocks.",
    "body": "Body.",
    "visibility": "public",
    "status": "published",
}
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (libreoffice-impress) is not installed"
)


@pytest.fixture
def paper(db):
    return PaperFactory(title="Deep Residual Learning")


@pytest.fixture
def database_tasks(settings):
    """The production backend: tasks wait in the database for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post(client, paper, name, content, content_type):
    return client.post(
        reverse("reviews:review-create", args=[paper.slug]),
        {**FORM, "slides": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def stored_names() -> set[str]:
    storage = slides_storage()
    names = set()
    for folder in ("slides", "slides/thumbnails", "slides/renditions"):
        with contextlib.suppress(FileNotFoundError):
            names |= {f"{folder}/{name}" for name in storage.listdir(folder)[1]}
    return names


def test_the_page_says_processing_until_the_worker_has_made_the_thumbnail(
    transactional_db, member, paper, pdf_bytes, database_tasks
):
    from django.core.management import call_command
    from django.test import Client

    client = Client()
    client.force_login(member)
    post(client, paper, "talk.pdf", pdf_bytes, "application/pdf")
    review = Review.objects.get()
    assert review.slides_state == SlidesState.PROCESSING
    page = client.get(review.get_absolute_url()).content.decode()
    assert "The slides are being processed" in page
    assert 'data-hx-trigger="every 3s"' in page
    assert "thumbnail.png" not in page  # never a broken image
    assert "<object" not in page

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    review.refresh_from_db()
    assert review.slides_state == SlidesState.READY
    assert review.slides_thumbnail.read(8) == b"\x89PNG\r\n\x1a\n"
    # The poll gets the finished section alone.
    part = client.get(f"{review.get_absolute_url()}?part=slides", HTTP_HX_REQUEST="true")
    assert part.content.decode().lstrip().startswith('<div id="slides-section"')
    assert "<object" in part.content.decode()
    assert "being processed" not in part.content.decode()


@needs_libreoffice
def test_pptx_slides_get_a_pdf_rendition_shown_inline_and_the_original_stays_downloadable(
    member_client, paper, pptx_bytes
):
    post(member_client, paper, "ResNet talk.pptx", pptx_bytes, PPTX_TYPE)
    review = Review.objects.get()
    assert review.slides_state == SlidesState.READY, review.slides_error
    assert review.slides_pdf.read(5) == b"%PDF-"
    assert review.slides_thumbnail.read(8) == b"\x89PNG\r\n\x1a\n"

    page = member_client.get(review.get_absolute_url()).content.decode()
    slides_url = reverse("reviews:review-slides", args=[review.pk])
    assert f'data="{slides_url}?inline=1"' in page
    inline = member_client.get(f"{slides_url}?inline=1")
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content).startswith(b"%PDF-")
    download = member_client.get(slides_url)
    assert download["Content-Type"] == PPTX_TYPE
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pptx_bytes


def test_without_libreoffice_pptx_slides_stay_download_only_and_say_so(
    member_client, paper, pptx_bytes, settings
):
    settings.LIBREOFFICE_COMMAND = "no-such-libreoffice"
    post(member_client, paper, "talk.pptx", pptx_bytes, PPTX_TYPE)
    review = Review.objects.get()
    assert review.slides_state == SlidesState.DOWNLOAD_ONLY
    assert "LibreOffice" in review.slides_error
    assert not review.slides_pdf
    page = member_client.get(review.get_absolute_url()).content.decode()
    assert "can be downloaded but not shown here" in page
    assert "being processed" not in page
    slides_url = reverse("reviews:review-slides", args=[review.pk])
    assert member_client.get(f"{slides_url}?inline=1").status_code == 404


def test_a_task_for_slides_that_were_replaced_meanwhile_writes_nothing(
    member_client, paper, pdf_bytes
):
    post(member_client, paper, "old.pdf", pdf_bytes, "application/pdf")
    review = Review.objects.get()
    Review.objects.filter(pk=review.pk).update(slides_state=SlidesState.PROCESSING)
    before = stored_names()
    result = tasks.process_slides.call(review_id=review.pk, slides_name="slides/other.pdf")
    assert result.startswith("stale")
    assert stored_names() == before
    review.refresh_from_db()
    assert review.slides_state == SlidesState.PROCESSING


def test_running_the_task_twice_leaves_one_thumbnail(
    member_client, paper, pdf_bytes, django_capture_on_commit_callbacks
):
    post(member_client, paper, "talk.pdf", pdf_bytes, "application/pdf")
    review = Review.objects.get()
    after_first = stored_names()
    assert tasks.process_slides.call(review_id=review.pk, slides_name=review.slides.name) == (
        "already done"
    )
    # Even forced to run again, it replaces its files instead of adding to them.
    Review.objects.filter(pk=review.pk).update(slides_state=SlidesState.PROCESSING)
    with django_capture_on_commit_callbacks(execute=True):  # the replaced files go on commit
        outcome = tasks.process_slides.call(review_id=review.pk, slides_name=review.slides.name)
    assert outcome == "ready"
    assert len(stored_names()) == len(after_first)


def test_a_transient_error_is_retried_later_with_backoff(
    transactional_db, member, paper, pdf_bytes, database_tasks, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    review = Review.objects.create(paper=paper, slides_state=SlidesState.PROCESSING)
    Review.objects.filter(pk=review.pk).update(slides="slides/talk.pdf")
    slides_storage().save("slides/talk.pdf", SimpleUploadedFile("talk.pdf", pdf_bytes))

    def unreachable(name):
        raise ConnectionError("object storage unreachable")

    monkeypatch.setattr(tasks, "_read", unreachable)
    outcome = tasks.process_slides.call(review_id=review.pk, slides_name="slides/talk.pdf")
    assert outcome.startswith("retrying")
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None
    review.refresh_from_db()
    assert review.slides_state == SlidesState.PROCESSING  # still on its way


def test_a_failed_task_is_listed_for_staff_with_its_error_and_can_be_run_again(
    transactional_db, staff, paper, database_tasks, monkeypatch
):
    from django.core.management import call_command
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    review = Review.objects.create(paper=paper, slides_state=SlidesState.PROCESSING)
    Review.objects.filter(pk=review.pk).update(slides="slides/broken.pptx")
    slides_storage().save("slides/broken.pptx", SimpleUploadedFile("b.pptx", b"PK not really"))

    def broken(data, *, extension):
        raise tasks.ConversionFailed("LibreOffice could not convert the slides (exit 1)")

    monkeypatch.setattr(tasks, "convert_to_pdf", broken)
    tasks.process_slides.enqueue(review_id=review.pk, slides_name="slides/broken.pptx")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    review.refresh_from_db()
    assert review.slides_state == SlidesState.FAILED
    assert "could not convert" in review.slides_error

    client = Client()
    client.force_login(staff)
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert listing.status_code == 200
    assert "process_slides" in listing.content.decode()
    detail = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.pk])
    ).content.decode()
    assert "could not convert" in detail

    monkeypatch.undo()
    Review.objects.filter(pk=review.pk).update(slides_state=SlidesState.PROCESSING)
    response = client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "run_again", "_selected_action": [result.pk]},
    )
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(status="READY").count() == 1


# --- Metadata look-ups ----------------------------------------------------------------------------


def test_import_arxiv_with_a_worker_queues_the_look_up_and_the_worker_adds_the_paper(
    transactional_db, database_tasks, capsys
):
    from unittest import mock

    from django.core.management import call_command

    from reviews import metadata
    from reviews.models import Paper
    from tests.reviews.test_import_other import recorded

    call_command("import_arxiv", "arXiv:1512.03385v2")
    assert "Queued as task" in capsys.readouterr().out
    assert not Paper.objects.exists()
    with mock.patch.object(metadata.requests, "get", return_value=recorded("arxiv_1512.03385.xml")):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert Paper.objects.get().title == "Deep Residual Learning for Image Recognition"


def test_arxiv_unreachable_is_tried_again_later(transactional_db, database_tasks):
    from unittest import mock

    import requests
    from django_tasks_db.models import DBTaskResult

    from reviews import metadata

    with mock.patch.object(metadata.requests, "get", side_effect=requests.ConnectionError("down")):
        outcome = tasks.import_arxiv_papers.call(ids=["1512.03385"])
    assert outcome[0].startswith("retrying")
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"ids": ["1512.03385"], "attempt": 2}


def test_process_slides_makes_what_slides_from_before_lack(db, paper, pdf_bytes, capsys):
    from django.core.management import call_command

    review = Review.objects.create(paper=paper)
    name = slides_storage().save("slides/old.pdf", SimpleUploadedFile("old.pdf", pdf_bytes))
    Review.objects.filter(pk=review.pk).update(slides=name, slides_state=SlidesState.DOWNLOAD_ONLY)
    call_command("process_slides")
    assert "1 review(s)" in capsys.readouterr().out
    review.refresh_from_db()
    assert review.slides_state == SlidesState.READY
    assert review.slides_thumbnail


@needs_libreoffice
@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("SLIDES_CONVERSION_MEMORY", 300 * 1024 * 1024, "could not convert"),
        ("SLIDES_CONVERSION_TIMEOUT", 0, "took longer than"),
    ],
)
def test_a_conversion_over_its_memory_or_time_limit_fails_cleanly(
    member_client, paper, pptx_bytes, settings, setting, value, message
):
    setattr(settings, setting, value)
    with pytest.raises(tasks.ConversionFailed):
        tasks.convert_to_pdf(pptx_bytes, extension=".pptx")
    post(member_client, paper, "talk.pptx", pptx_bytes, PPTX_TYPE)
    review = Review.objects.get()
    assert review.slides_state == SlidesState.FAILED
    assert message in review.slides_error
    page = member_client.get(review.get_absolute_url()).content.decode()
    assert "can be downloaded but not shown here" in page
