"""In a real browser: PPTX slides uploaded by a member show "processing", then, once the worker
has run, the inline PDF viewer and the thumbnail, without reloading the page."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from reviews.models import Review
from tests.factories import PaperFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]


def test_pptx_slides_appear_in_the_viewer_once_the_worker_has_converted_them(
    live_server, browser, tmp_path, pptx_bytes, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    UserFactory(username="alice")
    paper = PaperFactory(title="Deep Residual Learning for Image Recognition")
    slides = tmp_path / "ResNet talk.pptx"
    slides.write_bytes(pptx_bytes)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "correct horse battery")
        page.click("form.account-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}/papers/{paper.slug}/reviews/new/")
        page.fill("input[name=summary]", "Residual connections.")
        page.set_input_files("input[name=slides]", str(slides))
        page.click("form.review-form button[name=status][value=published]")
        page.wait_for_selector(".slides-processing")
        assert "being processed" in page.inner_text("#slides-section")
        assert page.locator("#slides-section img").count() == 0  # no broken image meanwhile

        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        # The page asks again every few seconds and swaps in the finished section.
        page.wait_for_selector("object.slides-viewer", timeout=20_000)
        review = Review.objects.get()
        viewer = page.locator("object.slides-viewer")
        assert viewer.get_attribute("data") == f"/reviews/{review.pk}/slides/?inline=1"
        thumbnail = page.locator("object.slides-viewer img")
        assert thumbnail.get_attribute("src") == f"/reviews/{review.pk}/slides/thumbnail.png"
        response = page.request.get(f"{live_server.url}/reviews/{review.pk}/slides/?inline=1")
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")
    finally:
        context.close()
