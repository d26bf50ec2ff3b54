"""Uploaded slides that attack the server or other members: zip bombs, PDFs with pages that
would need gigabytes to draw, and PDFs that carry scripts and actions."""

import io
import random
import struct
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reviews import slides, thumbnails
from reviews.models import Review
from tests.factories import PaperFactory
from tests.reviews.test_slides import FORM

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MIB = 1024 * 1024


@pytest.fixture
def paper(db):
    return PaperFactory()


def post_slides(client, paper, name, content, content_type="application/octet-stream"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        reverse("reviews:review-create", args=[paper.slug]), {**FORM, "slides": upload}
    )


def form_error(response) -> str:
    assert response.status_code == 200, "the upload was accepted"
    errors = response.context["form"].errors["slides"]
    return " ".join(errors)


# --- Zip bombs ------------------------------------------------------------------------------------


def pptx_with(pptx_bytes, extra: dict[str, int | bytes]) -> bytes:
    """A real PPTX plus parts: bytes as they are, or a number of zero bytes, deflated as they
    are written (a few kilobytes per 10 MB of zeros, never the whole part in memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(pptx_bytes)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, content in extra.items():
            if isinstance(content, bytes):
                target.writestr(name, content)
                continue
            with target.open(name, "w", force_zip64=content > 2**31) as part:
                chunk = bytes(MIB)
                for _ in range(content // MIB):
                    part.write(chunk)
    return buffer.getvalue()


def test_pptx_zip_bomb_is_refused_naming_the_part(member_client, paper, pptx_bytes):
    bomb = pptx_with(pptx_bytes, {"ppt/media/image1.png": 64 * MIB})
    assert len(bomb) < 200 * 1024

    error = form_error(post_slides(member_client, paper, "talk.pptx", bomb, PPTX_TYPE))

    assert "unpacks to far more than its size" in error
    assert "ppt/media/image1.png" in error
    assert not Review.objects.exists()


def test_pptx_that_unpacks_to_more_than_the_limit_in_all_is_refused(
    member_client, paper, pptx_bytes, monkeypatch
):
    monkeypatch.setattr(slides, "ZIP_MAX_UNPACKED", 2 * MIB)
    pictures = {f"ppt/media/image{n}.png": _noise(seed=n) for n in (1, 2)}

    error = form_error(
        post_slides(member_client, paper, "talk.pptx", pptx_with(pptx_bytes, pictures), PPTX_TYPE)
    )

    assert "unpacks to more than 2.0\xa0MB" in error
    assert not Review.objects.exists()


def _noise(seed: int = 0) -> bytes:
    """1.5 MB that does not compress (pictures in a PPTX are like that)."""
    return random.Random(seed).randbytes(3 * MIB // 2)


def _lie_about_size(archive: bytes, name: str, declared: int) -> bytes:
    """``archive`` with the uncompressed size of ``name`` changed in both of its headers."""
    data = bytearray(archive)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                data[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(data)


def test_pptx_part_that_unpacks_to_more_than_it_declares_is_refused(
    member_client, paper, pptx_bytes
):
    honest = pptx_with(pptx_bytes, {"ppt/media/image1.png": 32 * MIB})
    liar = _lie_about_size(honest, "ppt/media/image1.png", 1000)

    response = post_slides(member_client, paper, "talk.pptx", liar, PPTX_TYPE)

    assert "is not a PDF or PowerPoint presentation" in form_error(response)
    assert not Review.objects.exists()


def test_pptx_with_an_oversized_central_directory_is_refused_before_it_is_read(
    pptx_bytes, monkeypatch
):
    monkeypatch.setattr(slides, "ZIP_MAX_DIRECTORY", 4 * 1024)
    many = pptx_with(pptx_bytes, {f"ppt/slides/_rels/extra{n}.xml": b"" for n in range(200)})
    upload = SimpleUploadedFile("talk.pptx", many)

    with pytest.raises(slides.ValidationError) as error:
        slides.validate_slides(upload)

    assert error.value.code == "zip_bomb"


def test_ordinary_pptx_with_pictures_is_still_accepted(member_client, paper, pptx_bytes):
    with_pictures = pptx_with(pptx_bytes, {"ppt/media/image1.png": _noise()})

    response = post_slides(member_client, paper, "talk.pptx", with_pictures, PPTX_TYPE)

    assert response.status_code == 302
    assert Review.objects.get().slides.name.endswith(".pptx")


# --- Thumbnails of hostile pages -----------------------------------------------------------------


def pdf_of_page(width: float, height: float) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def stored_thumbnail_size(paper) -> tuple[int, int]:
    review = Review.objects.get(paper=paper)
    with review.slides_thumbnail.open("rb") as stored:
        return Image.open(stored).size


def test_very_tall_page_gets_a_thumbnail_bounded_in_both_dimensions(member_client, paper):
    # Scaled to 480 pixels wide, this page would be 480 x 48,000 pixels (92 MB of bitmap);
    # at the PDF's largest size (14,400 points tall) a 3-point-wide page would need gigabytes.
    response = post_slides(member_client, paper, "tall.pdf", pdf_of_page(20, 2000))

    assert response.status_code == 302
    width, height = stored_thumbnail_size(paper)
    assert height <= thumbnails.MAX_HEIGHT
    assert width * height <= thumbnails.MAX_PIXELS


def test_ordinary_slide_gets_a_thumbnail_480_pixels_wide(member_client, paper):
    post_slides(member_client, paper, "talk.pdf", pdf_of_page(720, 405))

    assert stored_thumbnail_size(paper) == (480, 270)


def test_slides_whose_thumbnail_takes_too_long_are_saved_without_one(
    member_client, paper, monkeypatch
):
    monkeypatch.setattr(thumbnails, "TIME_LIMIT", 0.001)

    response = post_slides(member_client, paper, "talk.pdf", pdf_of_page(720, 405))

    assert response.status_code == 302
    review = Review.objects.get()
    assert review.slides.name.endswith(".pdf")
    assert not review.slides_thumbnail


def test_slides_whose_thumbnail_needs_too_much_memory_are_saved_without_one(
    member_client, paper, monkeypatch
):
    # Too little address space for the renderer even to load: the child fails, not the upload.
    monkeypatch.setattr(thumbnails, "MEMORY_LIMIT", 16 * MIB)

    response = post_slides(member_client, paper, "talk.pdf", pdf_of_page(720, 405))

    assert response.status_code == 302
    assert not Review.objects.get().slides_thumbnail


def test_thumbnail_renderer_is_a_plain_function_of_bytes():
    png = thumbnails.render_thumbnail_png(pdf_of_page(3, 14400))
    assert png is None  # a page 3 points wide and 14,400 tall has no sensible thumbnail
    png = thumbnails.render_thumbnail_png(pdf_of_page(400, 300))
    assert Image.open(io.BytesIO(png)).size == (480, 360)
    assert thumbnails.render_thumbnail_png(b"%PDF-1.7 not really") is None


# --- PDFs with scripts and actions ---------------------------------------------------------------


def pdf_with(change=None, *, object_streams=False) -> bytes:
    """A one-page PDF, changed by ``change(pdf)``; with its objects packed into compressed
    object streams when asked (a search of the file's bytes then finds no names at all)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(720, 405))
    if change:
        change(pdf)
    buffer = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(buffer, object_stream_mode=mode, compress_streams=True)
    return buffer.getvalue()


def _open_action_script(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def _document_script(pdf):
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), script]))
    )


def _page_open_action(pdf):
    pdf.pages[0].obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    )


def _link_that_launches(pdf):
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 100, 100],
                    A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
                )
            ]
        )
    )


def _embedded_file(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00")


ACTIVE = {
    "script run on opening": _open_action_script,
    "document-level script": _document_script,
    "page open action": _page_open_action,
    "link that starts a program": _link_that_launches,
    "embedded file": _embedded_file,
}


@pytest.mark.parametrize("object_streams", [False, True], ids=["plain", "in object streams"])
@pytest.mark.parametrize("kind", ACTIVE)
def test_pdf_with_scripts_or_actions_is_refused_with_a_clear_message(
    member_client, paper, kind, object_streams
):
    content = pdf_with(ACTIVE[kind], object_streams=object_streams)

    error = form_error(post_slides(member_client, paper, "talk.pdf", content))

    assert "would run in the viewer of everyone who opens your slides" in error
    assert not Review.objects.exists()


def test_pdf_script_written_with_hex_escaped_names_is_refused(member_client, paper):
    content = (
        pdf_with(_open_action_script)
        .replace(b"/JS ", b"/J#53 ")
        .replace(b"/JavaScript", b"/Java#53cript")
    )
    assert b"/JS " not in content and b"/JavaScript" not in content

    error = form_error(post_slides(member_client, paper, "talk.pdf", content))

    assert "JS" in error and "JavaScript" in error
    assert not Review.objects.exists()


def test_pdf_that_opens_on_its_first_page_and_links_to_the_web_is_accepted(member_client, paper):
    def beamer_like(pdf):
        page = pdf.pages[0].obj
        pdf.Root.OpenAction = pikepdf.Array([page, pikepdf.Name.Fit])
        page.Annots = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 100, 100],
                    A=pikepdf.Dictionary(
                        S=pikepdf.Name.URI, URI=pikepdf.String("https://arxiv.org/abs/1512.03385")
                    ),
                )
            ]
        )

    response = post_slides(member_client, paper, "talk.pdf", pdf_with(beamer_like))

    assert response.status_code == 302
    assert Review.objects.get().slides.name.endswith(".pdf")
