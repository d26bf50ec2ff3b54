"""Background work, on Django's Tasks API (the django-tasks backport).

On the embedded default the immediate backend runs a task when it is enqueued; in production the
database backend stores it and ``manage.py db_worker`` runs it, on any machine that reaches the
database. Every task here is idempotent (running it twice leaves what running it once does) and
retries transient failures with backoff; a task that fails for good is marked failed with its
error, which staff see in the admin's task list and can run again from there.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from .metadata import ARXIV_BATCH_SIZE, MetadataUnavailable, PaperMetadata, fetch_arxiv_batch
from .models import Review, SlidesState
from .renditions import ConversionFailed, ConversionUnavailable, convert_to_pdf
from .slides import kind_for_name, slides_storage, validate_slides
from .thumbnails import render_thumbnail_png

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth another try later: the network, the database or the object store away."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError, OperationalError]
    try:
        from botocore.exceptions import BotoCoreError

        errors.append(BotoCoreError)
    except ImportError:  # pragma: no cover - boto3 is a dependency
        pass
    return tuple(errors)


def backoff(attempt: int) -> datetime.timedelta:
    """15 s, 30 s, 1 min, 2 min... at most 10 minutes."""
    return datetime.timedelta(seconds=min(600, 15 * 2 ** (attempt - 1)))


def retry_later(task_obj, *, attempt: int, **kwargs) -> bool:
    """Enqueue the task again after a backoff; False when it has had its tries or the backend
    cannot run a task later (the immediate one): the caller then fails for good."""
    backend = task_backends[task_obj.backend]
    if attempt >= MAX_ATTEMPTS or not backend.supports_defer:
        return False
    task_obj.using(run_after=timezone.now() + backoff(attempt)).enqueue(
        attempt=attempt + 1, **kwargs
    )
    return True


# --- Slides ---------------------------------------------------------------------------------------


def enqueue_after_commit(task_obj, **kwargs) -> None:
    """Enqueue once the current transaction commits, so that a worker finds the rows it needs.
    The immediate backend runs the task here and now instead, in this transaction, as the
    request would have done the work itself."""
    if isinstance(task_backends[task_obj.backend], ImmediateBackend):
        task_obj.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_obj.enqueue(**kwargs))


def enqueue_slides_processing(review: Review) -> None:
    """Make the rendition and thumbnail of the review's new slides."""
    enqueue_after_commit(process_slides, review_id=review.pk, slides_name=review.slides.name)


def _read(name: str) -> bytes:
    with slides_storage().open(name, "rb") as handle:
        data = handle.read(settings.SLIDES_MAX_UPLOAD_SIZE + 1)
    if len(data) > settings.SLIDES_MAX_UPLOAD_SIZE:
        raise ValidationError("The stored slides are larger than the upload limit.")
    return data


def _check_rendition(pdf: bytes) -> None:
    """A rendition is shown inline like an uploaded PDF, so it passes the same checks."""
    upload = ContentFile(pdf, name="rendition.pdf")
    upload.content_type = "application/pdf"
    validate_slides(upload)


@task()
def process_slides(review_id: int, slides_name: str, attempt: int = 1) -> str:
    """The PDF rendition (PPTX, PPT) and first-page thumbnail of a review's slides."""
    review = Review.objects.filter(pk=review_id).first()
    if review is None or review.slides.name != slides_name:
        return "stale: the review or its slides changed"
    if review.slides_state == SlidesState.READY:
        return "already done"
    kind = kind_for_name(slides_name)
    if kind is None:
        _finish(review_id, slides_name, state=SlidesState.FAILED, error="Unknown slides type.")
        return "unknown type"
    try:
        data = _read(slides_name)
        rendition = None
        if kind.extension == ".pdf":
            pdf = data
        else:
            pdf = rendition = convert_to_pdf(data, extension=kind.extension)
            _check_rendition(pdf)
        thumbnail = render_thumbnail_png(pdf)
    except ConversionUnavailable as error:
        _finish(review_id, slides_name, state=SlidesState.DOWNLOAD_ONLY, error=str(error))
        return "download only: no LibreOffice"
    except (ConversionFailed, ValidationError) as error:
        message = " ".join(getattr(error, "messages", [str(error)]))
        _finish(review_id, slides_name, state=SlidesState.FAILED, error=message)
        raise
    except _transient_errors() as error:
        if retry_later(
            process_slides, attempt=attempt, review_id=review_id, slides_name=slides_name
        ):
            logger.warning("Slides of review %s: %s; trying again later", review_id, error)
            return f"retrying after: {error}"
        _finish(review_id, slides_name, state=SlidesState.FAILED, error=str(error))
        raise
    _finish(
        review_id, slides_name, state=SlidesState.READY, rendition=rendition, thumbnail=thumbnail
    )
    return "ready"


def _finish(review_id, slides_name, *, state, error="", rendition=None, thumbnail=None) -> None:
    """Store what the task made, unless the slides changed meanwhile; replaced files go."""
    storage = slides_storage()
    written = []
    try:
        with transaction.atomic():
            review = Review.objects.select_for_update().filter(pk=review_id).first()
            if review is None or review.slides.name != slides_name:
                return
            old = [review.slides_pdf.name, review.slides_thumbnail.name]
            if rendition is not None:
                review.slides_pdf.save("slides.pdf", ContentFile(rendition), save=False)
                written.append(review.slides_pdf.name)
            if thumbnail is not None:
                review.slides_thumbnail.save("thumbnail.png", ContentFile(thumbnail), save=False)
                written.append(review.slides_thumbnail.name)
            Review.objects.filter(pk=review_id).update(
                slides_pdf=review.slides_pdf.name if rendition is not None else "",
                slides_thumbnail=review.slides_thumbnail.name if thumbnail is not None else "",
                slides_state=state,
                slides_error=error[:2000],
            )
            for name in filter(None, old):
                if name not in written:
                    transaction.on_commit(lambda name=name: storage.delete(name))
    except BaseException:
        for name in written:
            storage.delete(name)
        raise


# --- Metadata look-ups ----------------------------------------------------------------------------


class ArxivImportError(Exception):
    """An id arXiv does not know: nothing is imported (not worth a retry)."""


@task()
def import_arxiv_papers(ids: list[str], attempt: int = 1) -> list[str]:
    """Add or complete the papers with these bare arXiv ids, all or none: every batch is fetched
    before anything is written. arXiv being unreachable is retried later."""
    from .services.papers import find_or_create_paper

    found: dict[str, PaperMetadata] = {}
    try:
        for start in range(0, len(ids), ARXIV_BATCH_SIZE):
            found.update(fetch_arxiv_batch(ids[start : start + ARXIV_BATCH_SIZE]))
    except MetadataUnavailable as error:
        if retry_later(import_arxiv_papers, attempt=attempt, ids=ids):
            return [f"retrying: {error}"]
        raise
    missing = [bare for bare in ids if bare not in found]
    if missing:
        raise ArxivImportError(
            "; ".join(f"{bare}: arXiv has no paper {bare}" for bare in missing) + "."
        )
    with transaction.atomic():
        outcomes = [find_or_create_paper(metadata=found[bare]) for bare in ids]
    return [f"{o.action}: {o.paper.title} ({o.paper.arxiv_id})" for o in outcomes]


# --- README imports from the admin ----------------------------------------------------------------


def import_progress_key(result_id) -> str:
    return f"readme-import:{result_id}"


@task(takes_context=True)
def import_readme_in_background(
    context, content: str, filename: str, mapping: dict, base_url: str = ""
) -> dict:
    """A README import the curator started from the admin, with its progress in the cache
    (shared by web servers and workers through Redis) for the page that follows it."""
    from .importers import ImportFormatError, parse_readme
    from .services.papers import import_catalog

    key = import_progress_key(context.task_result.id)

    def progress(done: int, total: int) -> None:
        if done % 10 == 0 or done == total - 1:
            cache.set(key, {"done": done, "total": total}, 24 * 3600)

    try:
        parsed = parse_readme(
            content.encode("utf-8"), source=filename, base_url=base_url, mapping=mapping or None
        )
        cache.set(key, {"done": 0, "total": len(parsed.entries)}, 24 * 3600)
        report = import_catalog(parsed=parsed, source=filename, progress=progress)
    except ImportFormatError as error:
        where = f"{filename}, line {error.line}" if error.line else filename
        cache.set(key, {"error": f"{where}: {error.message}"}, 24 * 3600)
        raise
    summary = {
        "file": filename,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
    }
    cache.set(key, {"done": len(parsed.entries), "total": len(parsed.entries)}, 24 * 3600)
    return summary
