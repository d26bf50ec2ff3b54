import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Review
from tests.factories import PaperFactory, ReviewFactory
from tests.reviews.admin_data import paper_admin_data

FORM = {
    "summary": "Residual learning eases very deep networks.",
    "body": "## Method\n\n$y = F(x) + x$",
    "presented_on": "2024-03-14",
    "slides_url": "",
    "summary_url": "",
    "video_url": "",
    "visibility": "public",
    "status": "published",
}
NOT_SLIDES = "is not a PDF or PowerPoint presentation"


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_review(client, paper, slides):
    return client.post(
        reverse("reviews:review-create", args=[paper.slug]), {**FORM, "slides": slides}
    )


@pytest.fixture
def paper(db):
    return PaperFactory()


def test_real_pdf_is_accepted_stored_under_a_generated_name_with_a_thumbnail(
    member_client, paper, pdf_bytes
):
    response = post_review(member_client, paper, upload("ResNet 발표.pdf", pdf_bytes))
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.slides_name == "ResNet 발표.pdf"
    assert review.slides.name.startswith("slides/")
    assert review.slides.name.endswith(".pdf")
    assert "ResNet" not in review.slides.name
    assert review.slides_thumbnail.name.endswith(".png")
    assert review.slides_thumbnail.read(8) == b"\x89PNG\r\n\x1a\n"


def test_real_pptx_is_accepted(member_client, paper, pptx_bytes):
    pptx_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    response = post_review(member_client, paper, upload("talk.pptx", pptx_bytes, pptx_type))
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.slides.name.endswith(".pptx")
    assert review.slides_state != Review.SlidesState.FAILED  # a rendition, or download-only


def test_real_pdf_named_pptx_is_stored_as_what_it_really_is(member_client, paper, pdf_bytes):
    post_review(member_client, paper, upload("talk.pptx", pdf_bytes))
    assert Review.objects.get().slides.name.endswith(".pdf")


def _zip_without_presentation():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


DISGUISED = {
    "html": b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
    "html-after-whitespace": b"\n\n  <html><script>alert(1)</script></html>",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "shell script": b"#!/bin/sh\nrm -rf ~\n",
    "javascript": b"fetch('/accounts/password_change/')",
    "elf executable": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120,
    "windows executable": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120,
    "pdf header only": b"%PDF-1.7\n<html><script>alert(1)</script></html>",
    "word document zip": _zip_without_presentation(),
    "ole2 without powerpoint": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
}


@pytest.mark.parametrize("kind", DISGUISED)
def test_disguised_file_renamed_pdf_is_refused_with_a_form_error(member_client, paper, kind):
    response = post_review(member_client, paper, upload("slides.pdf", DISGUISED[kind]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "PDF" in content
    assert ("is not a PDF" in content) or ("cannot be read" in content)
    assert not Review.objects.exists()


def test_oversized_file_is_refused_with_the_limit_in_the_error(
    member_client, paper, pdf_bytes, settings
):
    settings.SLIDES_MAX_UPLOAD_SIZE = 1024
    response = post_review(member_client, paper, upload("big.pdf", pdf_bytes + b"\0" * 2048))
    assert response.status_code == 200
    assert "slides may be at most 1.0\xa0KB" in response.content.decode()
    assert not Review.objects.exists()


def _review_with_slides(member_client, paper, content, name, **fields):
    post_review(member_client, paper, upload(name, content))
    review = Review.objects.get()
    Review.objects.filter(pk=review.pk).update(**fields)
    return review


def test_download_has_type_nosniff_and_original_name(member_client, paper, pdf_bytes):
    review = _review_with_slides(member_client, paper, pdf_bytes, "ResNet slides.pdf")
    response = member_client.get(reverse("reviews:review-slides", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="ResNet slides.pdf"'
    assert b"".join(response.streaming_content) == pdf_bytes


def test_pptx_download_has_the_powerpoint_content_type(member_client, paper, pptx_bytes):
    review = _review_with_slides(member_client, paper, pptx_bytes, "talk.pptx")
    response = member_client.get(reverse("reviews:review-slides", args=[review.pk]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )


def test_non_ascii_file_name_is_kept_in_the_download(member_client, paper, pdf_bytes):
    review = _review_with_slides(member_client, paper, pdf_bytes, "레즈넷.pdf")
    response = member_client.get(reverse("reviews:review-slides", args=[review.pk]))
    assert "filename*=utf-8''%EB%A0%88%EC%A6%88%EB%84%B7.pdf" in response["Content-Disposition"]


def test_pdf_can_be_shown_inline_on_the_review_page(member_client, paper, pdf_bytes):
    review = _review_with_slides(member_client, paper, pdf_bytes, "a.pdf")
    page = member_client.get(review.get_absolute_url()).content.decode()
    inline_url = reverse("reviews:review-slides", args=[review.pk]) + "?inline=1"
    assert f'data="{inline_url}"' in page
    response = member_client.get(inline_url)
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_members_only_slides_need_login(client, member, paper, pdf_bytes):
    client.force_login(member)
    review = _review_with_slides(
        client, paper, pdf_bytes, "secret.pdf", visibility=Review.Visibility.MEMBERS
    )
    client.logout()
    response = client.get(reverse("reviews:review-slides", args=[review.pk]))
    assert response.status_code == 404
    thumbnail = client.get(reverse("reviews:review-slides-thumbnail", args=[review.pk]))
    assert thumbnail.status_code == 404
    client.force_login(member)
    assert client.get(reverse("reviews:review-slides", args=[review.pk])).status_code == 200


def test_review_without_slides_has_no_download(client, db):
    review = ReviewFactory()
    assert client.get(reverse("reviews:review-slides", args=[review.pk])).status_code == 404


def test_replacing_slides_deletes_the_old_file(
    member_client, paper, pdf_bytes, pptx_bytes, django_capture_on_commit_callbacks
):
    review = _review_with_slides(member_client, paper, pdf_bytes, "v1.pdf")
    old_name = review.slides.name
    old_thumbnail = review.slides_thumbnail.name
    assert old_thumbnail
    storage = review.slides.storage
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("reviews:review-update", args=[review.pk]),
            {**FORM, "slides": upload("v2.pptx", pptx_bytes)},
        )
    review.refresh_from_db()
    assert review.slides_name == "v2.pptx"
    assert not storage.exists(old_name)
    assert not storage.exists(old_thumbnail)
    assert review.slides_thumbnail.name != old_thumbnail


# --- Where slides are stored ----------------------------------------------------------------------


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def private_root(settings):
    from pathlib import Path

    return Path(settings.STORAGES["slides"]["OPTIONS"]["location"])


def test_slides_are_stored_outside_media_root_without_a_url(
    member_client, paper, pdf_bytes, settings, private_root
):
    review = _review_with_slides(member_client, paper, pdf_bytes, "talk.pdf")
    assert stored_files(settings.MEDIA_ROOT) == []
    assert len(stored_files(private_root)) == 2  # the slides and their thumbnail
    with pytest.raises(ValueError):
        review.slides.url  # noqa: B018
    with pytest.raises(ValueError):
        review.slides_thumbnail.url  # noqa: B018


def test_public_slides_are_cached_only_privately(client, member, paper, pdf_bytes):
    client.force_login(member)
    review = _review_with_slides(client, paper, pdf_bytes, "talk.pdf")
    client.logout()
    for name in ("reviews:review-slides", "reviews:review-slides-thumbnail"):
        response = client.get(reverse(name, args=[review.pk]))
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_refused_upload_leaves_no_file_in_storage(member_client, paper, private_root):
    response = post_review(member_client, paper, upload("evil.pdf", b"<html><script>x</script>"))
    assert NOT_SLIDES in response.content.decode()
    assert stored_files(private_root) == []


def test_review_that_fails_validation_leaves_no_slides_in_storage(
    member, paper, pdf_bytes, private_root
):
    from django.core.exceptions import ValidationError

    from reviews.services.reviews import create_review

    with pytest.raises(ValidationError):
        create_review(
            paper=paper,
            author=member,
            data={**FORM, "presented_on": None, "visibility": "everyone"},
            slides=upload("talk.pdf", pdf_bytes),
        )
    assert not Review.objects.exists()
    assert stored_files(private_root) == []


# --- Slides uploaded in the admin ------------------------------------------------------------------


def admin_review_data(review, **changes):
    data = {
        "paper": review.paper_id,
        "presenter": review.presenter_id,
        "summary": review.summary,
        "body": review.body,
        "visibility": review.visibility,
        "status": review.status,
    }
    return {**data, **changes}


def test_admin_refuses_a_disguised_file_with_a_form_error(staff_client, private_root):
    review = ReviewFactory()
    response = staff_client.post(
        reverse("admin:reviews_review_change", args=[review.pk]),
        admin_review_data(review, slides=upload("evil.pdf", b"<svg onload=alert(1)>")),
    )
    assert response.status_code == 200
    assert NOT_SLIDES in response.content.decode()
    review.refresh_from_db()
    assert not review.slides
    assert stored_files(private_root) == []


def test_admin_upload_keeps_the_original_name_and_makes_a_thumbnail(staff_client, pdf_bytes):
    review = ReviewFactory()
    response = staff_client.post(
        reverse("admin:reviews_review_change", args=[review.pk]),
        admin_review_data(review, slides=upload("ResNet talk.pptx", pdf_bytes)),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.slides_name == "ResNet talk.pptx"
    assert review.slides.name.endswith(".pdf")  # what the content really is
    assert "ResNet" not in review.slides.name
    assert review.slides_thumbnail.read(8) == b"\x89PNG\r\n\x1a\n"
    page = staff_client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert reverse("reviews:review-slides", args=[review.pk]) in page.content.decode()


def test_paper_admin_inline_refuses_a_disguised_file(staff_client, private_root):
    review = ReviewFactory()
    url = reverse("admin:reviews_paper_change", args=[review.paper_id])
    data = paper_admin_data(staff_client, review, slides=upload("evil.pdf", b"MZ\x90\x00"))
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert NOT_SLIDES in response.content.decode()
    assert stored_files(private_root) == []


def test_paper_admin_inline_upload_gets_a_thumbnail_and_its_name(staff_client, pdf_bytes):
    review = ReviewFactory()
    url = reverse("admin:reviews_paper_change", args=[review.paper_id])
    data = paper_admin_data(staff_client, review, slides=upload("talk.pdf", pdf_bytes))
    response = staff_client.post(url, data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.slides_name == "talk.pdf"
    assert review.slides_thumbnail


def test_deleting_a_review_inline_on_its_paper_deletes_its_files(
    staff_client, member, paper, pdf_bytes, private_root, django_capture_on_commit_callbacks
):
    from reviews.services.reviews import create_review

    review = create_review(
        paper=paper, author=member, data=FORM, slides=upload("talk.pdf", pdf_bytes)
    )
    assert len(stored_files(private_root)) == 2
    url = reverse("admin:reviews_paper_change", args=[paper.pk])
    data = paper_admin_data(staff_client, review, DELETE="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302
    assert not Review.objects.exists()
    assert stored_files(private_root) == []


# --- The first-page thumbnail ----------------------------------------------------------------------


@pytest.fixture
def review_with_thumbnail(member, paper, pdf_bytes):
    from reviews.services.reviews import create_review

    return create_review(
        paper=paper, author=member, data=FORM, slides=upload("talk.pdf", pdf_bytes)
    )


def thumbnail_tag(review) -> str:
    return f'<img src="{reverse("reviews:review-slides-thumbnail", args=[review.pk])}" width="'


@pytest.mark.parametrize("page", ["review", "paper", "presenter"])
def test_slides_thumbnail_is_shown_with_size_and_alt_text(client, review_with_thumbnail, page):
    review = review_with_thumbnail
    url = {
        "review": review.get_absolute_url(),
        "paper": review.paper.get_absolute_url(),
        "presenter": review.presenter.get_absolute_url(),
    }[page]
    content = client.get(url).content.decode()
    assert thumbnail_tag(review) in content
    tag = content[content.index(thumbnail_tag(review)) :].split(">", 1)[0]
    assert 'height="' in tag
    assert f'alt="First slide of the talk on {review.paper.title}"' in tag
    response = client.get(reverse("reviews:review-slides-thumbnail", args=[review.pk]))
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("page", ["paper", "presenter"])
def test_members_only_slides_thumbnail_is_not_shown_to_visitors(
    client, member, review_with_thumbnail, page
):
    review = review_with_thumbnail
    Review.objects.filter(pk=review.pk).update(visibility=Review.Visibility.MEMBERS)
    url = (
        review.paper.get_absolute_url() if page == "paper" else review.presenter.get_absolute_url()
    )
    assert thumbnail_tag(review) not in client.get(url).content.decode()
    client.force_login(member)
    assert thumbnail_tag(review) in client.get(url).content.decode()


def test_deleting_a_paper_in_the_admin_deletes_its_reviews_files(
    staff_client, member, paper, pdf_bytes, private_root, django_capture_on_commit_callbacks
):
    from reviews.services.reviews import create_review

    create_review(paper=paper, author=member, data=FORM, slides=upload("talk.pdf", pdf_bytes))
    assert len(stored_files(private_root)) == 2
    url = reverse("admin:reviews_paper_delete", args=[paper.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Review.objects.exists()
    assert stored_files(private_root) == []
