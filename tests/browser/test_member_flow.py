"""A member logs in, writes a review with math, previews it, uploads slides and reads it."""

from pathlib import Path

import pytest

from reviews.models import Paper, Review
from tests.factories import PaperFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]

BODY = """## Method

A residual block learns $\\mathcal{F}(x) = H(x) - x$.

$$
\\sum_{i=1}^{n} x_i^2
$$

| Model | Top-1 |
|---|---|
| ResNet-50 | 76.1 |
"""


@pytest.fixture
def browser_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_member_writes_a_review_with_math_and_slides(
    live_server, browser_page, tmp_path, pdf_bytes, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="alice", first_name="Alice", last_name="Kim")
    paper = PaperFactory(title="Deep Residual Learning for Image Recognition")
    slides = tmp_path / "ResNet talk.pdf"
    slides.write_bytes(pdf_bytes)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/?next={paper.get_absolute_url()}")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form.account-form button[type=submit]")
    page.wait_for_url(f"**{paper.get_absolute_url()}")

    page.goto(f"{live_server.url}/papers/{paper.slug}/reviews/new/")
    assert "## Problem" in page.input_value("textarea[name=body]")  # the outline
    page.fill("input[name=summary]", "Residual connections make deep networks trainable.")
    page.fill("textarea[name=body]", BODY)

    page.click("#preview-button")
    page.wait_for_selector("#review-preview .katex")
    assert page.locator("#review-preview .katex-display").count() == 1
    assert page.locator("#review-preview table").count() == 1

    page.set_input_files("input[name=slides]", str(slides))
    page.click("form.review-form button[name=status][value=published]")

    page.wait_for_selector(".markdown-body .katex")
    review = Review.objects.get()
    assert page.url == f"{live_server.url}{review.get_absolute_url()}"
    assert page.locator(".markdown-body .math.inline .katex").count() == 1
    assert page.locator(".markdown-body .math.block .katex-display").count() == 1
    assert page.locator("object.slides-viewer").count() == 1
    assert "ResNet talk.pdf" in page.inner_text(".review-materials")
    assert review.slides_name == "ResNet talk.pdf"
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REVIEWED
