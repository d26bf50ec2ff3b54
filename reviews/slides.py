"""Uploaded slides: what a file really is (by its content, never its name) and its thumbnail.

Accepted: PDF, PowerPoint 2007+ (PPTX, a ZIP package with a presentation part) and PowerPoint
97-2003 (PPT, an OLE2 compound file with a "PowerPoint Document" stream). Anything else, such as
an HTML page, an SVG image, a script or a program renamed ``.pdf``, is refused.
"""

import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
THUMBNAIL_WIDTH = 480


@dataclass(frozen=True)
class SlidesKind:
    name: str
    extension: str
    content_type: str


PDF = SlidesKind("PDF", ".pdf", "application/pdf")
PPTX = SlidesKind(
    "PPTX",
    ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
PPT = SlidesKind("PPT", ".ppt", "application/vnd.ms-powerpoint")
KINDS_BY_EXTENSION = {kind.extension: kind for kind in (PDF, PPTX, PPT)}

NOT_SLIDES = _(
    "This file is not a PDF or PowerPoint presentation (PPTX, PPT), whatever its name says. "
    "Export your slides as PDF and upload that file."
)


# --- Where slides live ---------------------------------------------------------------------------


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept outside ``MEDIA_ROOT`` and never served as static files: they have no URL.
    Slides and their thumbnails reach readers only through views that check permission."""

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")


class _SlidesStorage(LazyObject):
    """``STORAGES["slides"]``, looked up when first used (and again after settings change)."""

    def _setup(self):
        self._wrapped = storages["slides"]


_slides_storage = _SlidesStorage()


def slides_storage():
    """The storage of review slides and thumbnails (the FileFields' callable ``storage``)."""
    return _slides_storage


@receiver(setting_changed)
def _reset_slides_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _slides_storage._wrapped = empty


def kind_for_name(name: str) -> SlidesKind | None:
    """The kind of a stored slides file: stored names carry the extension of the checked kind."""
    for extension, kind in KINDS_BY_EXTENSION.items():
        if name.lower().endswith(extension):
            return kind
    return None


def validate_slides(upload) -> SlidesKind:
    """Check an uploaded file's size and content; return its kind or raise ``ValidationError``."""
    limit = settings.SLIDES_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; slides may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(PDF_MAGIC):
            _check_pdf(upload)
            return PDF
        if head.startswith(ZIP_MAGIC):
            _check_pptx(upload)
            return PPTX
        if head.startswith(OLE2_MAGIC):
            _check_ppt(upload)
            return PPT
    finally:
        upload.seek(0)
    raise ValidationError(NOT_SLIDES, code="not_slides")


def _check_pdf(upload) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(upload.read())
    except pdfium.PdfiumError as error:
        raise ValidationError(
            _("This PDF cannot be read (%(reason)s). Export it again and retry.")
            % {"reason": error},
            code="broken_pdf",
        ) from error
    try:
        if len(document) == 0:
            raise ValidationError(_("This PDF has no pages."), code="broken_pdf")
    finally:
        document.close()


def _check_pptx(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            content_types = (
                package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(NOT_SLIDES, code="not_slides") from error
    if "ppt/presentation.xml" not in names or b"presentationml" not in content_types:
        raise ValidationError(NOT_SLIDES, code="not_slides")


def _check_ppt(upload) -> None:
    """An OLE2 compound file is a PowerPoint file when its directory names that stream."""
    data = upload.read()
    if "PowerPoint Document".encode("utf-16-le") not in data:
        raise ValidationError(NOT_SLIDES, code="not_slides")


def render_thumbnail(upload) -> ContentFile | None:
    """A PNG of a PDF's first page, ``THUMBNAIL_WIDTH`` pixels wide; None if it cannot be made."""
    import pypdfium2 as pdfium

    upload.seek(0)
    try:
        document = pdfium.PdfDocument(upload.read())
        try:
            page = document[0]
            scale = THUMBNAIL_WIDTH / max(page.get_width(), 1)
            image = page.render(scale=scale).to_pil()
        finally:
            document.close()
    except Exception:  # a thumbnail is a nicety: never lose the upload over it
        logger.exception("Could not render a thumbnail of uploaded slides")
        return None
    finally:
        upload.seek(0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="thumbnail.png")
