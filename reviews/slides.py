"""Uploaded slides: what a file really is (by its content, never its name) and its thumbnail.

Accepted: PDF, PowerPoint 2007+ (PPTX, a ZIP package with a presentation part) and PowerPoint
97-2003 (PPT, an OLE2 compound file with a "PowerPoint Document" stream). Anything else, such as
an HTML page, an SVG image, a script or a program renamed ``.pdf``, is refused.

Slides are opened inline in other members' browsers, so what is accepted is also checked for
what it would do there: a PDF that carries scripts or actions is refused (see
:func:`_check_pdf_actions`), and a PPTX that unpacks to far more than its size (a zip bomb) is
refused before any of it is unpacked into memory (see :func:`check_zip_sizes`).
"""

import logging
import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
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

#: What a ZIP package (PPTX) may unpack to: in all, and per part larger than a megabyte relative
#: to its packed size (XML packs 5 to 20 times, pictures about once; zeros a thousand times).
ZIP_MAX_UNPACKED = 512 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024
#: The central directory (one record per part) may be this large: about 10,000 parts.
ZIP_MAX_DIRECTORY = 1024 * 1024
ZIP_CHUNK = 64 * 1024


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
ZIP_BOMB = _(
    "This presentation unpacks to far more than its size (its part %(part)s alone is "
    "%(size)s), as a zip bomb does. Save it again from PowerPoint, or export your slides "
    "as PDF and upload that file."
)
ZIP_TOO_BIG = _(
    "This presentation unpacks to more than %(limit)s. Export your slides as PDF and upload "
    "that file."
)
PDF_ACTIVE = _(
    "This PDF contains scripts, automatic actions or embedded files (%(what)s), which would run "
    "in the viewer of everyone who opens your slides. Export the slides as PDF again without "
    "them (for example with Print to PDF) and upload that file."
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
    upload.seek(0)
    _check_pdf_actions(upload)


#: Dictionary keys that hold scripts, automatic actions or embedded files: document and page
#: scripts (/JS, the /JavaScript name tree), additional actions run on open, close, focus or
#: keystrokes (/AA), attached files (/EF, the /EmbeddedFiles name tree) and XFA forms.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EF", "/EmbeddedFiles", "/XFA"})
#: Action types (/S) that run code, start programs, send or import data, or play embedded media.
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
        "/Movie",
        "/Sound",
    }
)
_ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Movie", "/Sound"})


def _check_pdf_actions(upload) -> None:
    """Refuse a PDF that would do anything but show pages and follow links.

    Refused rather than cleaned: stripping actions rewrites the member's file behind their back
    (and a form or a slide that relied on a script would quietly break), while a refusal says
    what is wrong and a plain export fixes it. An /OpenAction that only shows a page (what
    PowerPoint and LaTeX write) is kept; one that runs an action is refused by its type.

    Every object is read through pikepdf (qpdf), so names written with #xx escapes (/J#53),
    objects packed in compressed object streams and broken cross-reference tables are seen
    as a viewer sees them, which a search of the bytes would miss.
    """
    import pikepdf

    try:
        with pikepdf.open(upload) as pdf:
            found = sorted(_active_content(pdf))
    except pikepdf.PasswordError as error:
        raise ValidationError(
            _("This PDF is protected by a password. Export it again without one and retry."),
            code="broken_pdf",
        ) from error
    except pikepdf.PdfError as error:
        raise ValidationError(
            _("This PDF cannot be read (%(reason)s). Export it again and retry.")
            % {"reason": error},
            code="broken_pdf",
        ) from error
    if found:
        raise ValidationError(
            PDF_ACTIVE % {"what": ", ".join(name.lstrip("/") for name in found)},
            code="active_pdf",
        )


def _active_content(pdf) -> set[str]:
    """The names of the scripts, actions and embedded files anywhere in ``pdf``."""
    import pikepdf

    found = set()
    pending = list(pdf.objects)
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key, value in obj.items():
                name = str(value) if isinstance(value, pikepdf.Name) else ""
                if key in _ACTIVE_KEYS:
                    found.add(key)
                elif (key == "/S" and name in _ACTIVE_ACTIONS) or (
                    key in ("/Type", "/Subtype") and name in _ACTIVE_TYPES
                ):
                    found.add(name)
                # Indirect objects are in pdf.objects already: following them could loop.
                if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and (
                    not value.is_indirect
                ):
                    pending.append(value)
        elif isinstance(obj, pikepdf.Array):
            pending.extend(
                item
                for item in obj
                if isinstance(item, pikepdf.Dictionary | pikepdf.Array) and not item.is_indirect
            )
    return found


def _check_pptx(upload) -> None:
    try:
        _check_zip_directory(upload)
        with zipfile.ZipFile(upload) as package:
            check_zip_sizes(package)
            names = set(package.namelist())
            content_types = (
                read_zip_member(package, "[Content_Types].xml", limit=ZIP_CHUNK * 16)
                if "[Content_Types].xml" in names
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise ValidationError(NOT_SLIDES, code="not_slides") from error
    if "ppt/presentation.xml" not in names or b"presentationml" not in content_types:
        raise ValidationError(NOT_SLIDES, code="not_slides")


def _check_zip_directory(upload) -> None:
    """Refuse, before ``zipfile`` reads it into memory, a central directory larger than
    ``ZIP_MAX_DIRECTORY`` (millions of tiny entries) or in ZIP64 form (no PPTX needs it)."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_size = min(size, 22 + 65535)
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) - end < 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries, directory_size = struct.unpack("<10xHI", tail[end : end + 16])
    zip64_locator = end >= 20 and tail[end - 20 : end - 16] == b"PK\x06\x07"
    if zip64_locator or directory_size > ZIP_MAX_DIRECTORY or entries == 0xFFFF:
        raise ValidationError(
            ZIP_TOO_BIG % {"limit": filesizeformat(ZIP_MAX_UNPACKED)}, code="zip_bomb"
        )


def check_zip_sizes(package: zipfile.ZipFile) -> None:
    """Refuse a ZIP archive whose parts unpack to too much, checking what each part declares
    (in all, and against its packed size) and then what it really unpacks to, read in chunks
    and stopped at the limit: nothing is unpacked into memory whole."""
    total = 0
    for info in package.infolist():
        total += info.file_size
        if total > ZIP_MAX_UNPACKED:
            raise ValidationError(
                ZIP_TOO_BIG % {"limit": filesizeformat(ZIP_MAX_UNPACKED)}, code="zip_bomb"
            )
        if info.file_size > ZIP_RATIO_FROM and (
            info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _zip_bomb(info.filename, info.file_size)
    unpacked = 0
    for info in package.infolist():
        # zipfile stops each part at its declared size and checks its CRC at the end, so a
        # part that lies about its size is refused as broken rather than unpacked further.
        read = 0
        with package.open(info) as member:
            while chunk := member.read(ZIP_CHUNK):
                read += len(chunk)
                unpacked += len(chunk)
                if read > info.file_size:
                    raise _zip_bomb(info.filename, read)
                if unpacked > ZIP_MAX_UNPACKED:
                    raise ValidationError(
                        ZIP_TOO_BIG % {"limit": filesizeformat(ZIP_MAX_UNPACKED)},
                        code="zip_bomb",
                    )


def read_zip_member(package: zipfile.ZipFile, name: str, *, limit: int) -> bytes:
    """The part ``name`` of ``package``, read in chunks; refused when it is over ``limit``."""
    chunks = []
    size = 0
    with package.open(name) as member:
        while chunk := member.read(ZIP_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _zip_bomb(name, size)
            chunks.append(chunk)
    return b"".join(chunks)


def _zip_bomb(name: str, size: int) -> ValidationError:
    return ValidationError(ZIP_BOMB % {"part": name, "size": filesizeformat(size)}, code="zip_bomb")


def _check_ppt(upload) -> None:
    """An OLE2 compound file is a PowerPoint file when its directory names that stream."""
    data = upload.read()
    if "PowerPoint Document".encode("utf-16-le") not in data:
        raise ValidationError(NOT_SLIDES, code="not_slides")
