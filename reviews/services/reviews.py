"""Writing, publishing and deleting reviews with their slides."""

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Nomination, Paper, Presenter, Review
from ..search import schedule_search_refresh
from ..slides import SlidesKind, slides_storage, validate_slides
from ..tasks import enqueue_slides_processing

# The fields a member writes; everything else (paper, author, presenter, files) is set here.
REVIEW_FIELDS = (
    "summary",
    "body",
    "presented_on",
    "slides_url",
    "summary_url",
    "video_url",
    "visibility",
    "status",
)

# The outline a new review starts from, in the reader's language.
OUTLINE = _(
    """## Problem

What question does the paper answer, and why does it matter?

## Method

The key idea, e.g. a residual block computes $y = \\mathcal{F}(x, \\{W_i\\}) + x$.

## Results

| Dataset | Metric | Result |
|---------|--------|--------|
|         |        |        |

## Limitations

## Takeaways

- [ ] What we want to try ourselves
"""
)


def presenter_for(user) -> Presenter:
    """The member's Presenter, created under their name the first time they need one."""
    presenter = Presenter.objects.filter(user=user).first()
    if presenter is None:
        presenter = Presenter(name=user.display_name, user=user)
        presenter.full_clean(exclude=["slug"])  # save() derives the slug from the name
        presenter.save()
    return presenter


@transaction.atomic
def create_review(
    *,
    paper: Paper,
    author,
    data: dict,
    slides: UploadedFile | None = None,
    slides_kind: SlidesKind | None = None,
) -> Review:
    """A new review of ``paper`` by ``author`` (presented by the author's Presenter)."""
    review = Review(paper=paper, created_by=author, presenter=presenter_for(author))
    _apply(review, data)
    _save_with_slides(review, slides=slides, slides_kind=slides_kind)
    _after_save(review)
    return review


@transaction.atomic
def update_review(
    *,
    review: Review,
    data: dict,
    slides: UploadedFile | None = None,
    slides_kind: SlidesKind | None = None,
    remove_slides: bool = False,
) -> Review:
    """Save the writer's changes; new slides replace the old file, which is then deleted."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _apply(review, data)
    _save_with_slides(review, slides=slides, slides_kind=slides_kind, remove_slides=remove_slides)
    _after_save(review)
    return review


@transaction.atomic
def save_admin_review(
    *,
    review: Review,
    slides: UploadedFile | None = None,
    slides_kind: SlidesKind | None = None,
    remove_slides: bool = False,
) -> Review:
    """Save a review edited in the admin (its own page or inline on its paper): slides get the
    same checks, generated name, original name and thumbnail as a member's upload.

    The admin form has already put its values on ``review``, including the upload (or the
    cleared value) in ``slides``; the stored file stays until this replaces or removes it.
    Call ``after_admin_save`` once the review is saved.
    """
    stored = (
        Review.objects.select_for_update().filter(pk=review.pk).values_list("slides", flat=True)
        if review.pk
        else []
    )
    review.slides = next(iter(stored), "")
    _save_with_slides(review, slides=slides, slides_kind=slides_kind, remove_slides=remove_slides)
    return review


@transaction.atomic
def publish_review(*, review: Review) -> Review:
    """Publish ``review``; its paper is then reviewed (and its scheduled talk presented).

    Visitors see the paper reviewed only if they may read a review of it: the paper's
    ``public_status`` follows the reviews' visibility (kept by Review.save() and the
    querysets), so a review for members only tells them nothing."""
    if not review.is_published:
        review.status = Review.Status.PUBLISHED
        review.save()
    _after_save(review)
    return review


@transaction.atomic
def after_admin_save(*, review: Review) -> None:
    """What saving a review in the admin implies: publishing marks the paper reviewed (for
    members; visitors only through a public review), and the paper's search data follows the
    review."""
    if review.is_published:
        publish_review(review=review)
    else:
        _after_save(review)


@transaction.atomic
def delete_review(*, review: Review) -> None:
    """Delete the review and, once the transaction commits, its files."""
    _delete_files_on_commit(
        review.slides.name, review.slides_thumbnail.name, review.slides_pdf.name
    )
    paper_id = review.paper_id
    review.delete()
    schedule_search_refresh([paper_id])


def _apply(review: Review, data: dict) -> None:
    for field in REVIEW_FIELDS:
        if field in data:
            setattr(review, field, data[field])


def _after_save(review: Review) -> None:
    # Public reviews feed the paper's search data: refresh it after any change.
    schedule_search_refresh([review.paper_id])
    if not review.is_published:
        return
    Paper.objects.filter(pk=review.paper_id).exclude(status=Paper.Status.REVIEWED).update(
        status=Paper.Status.REVIEWED
    )
    review.paper.status = Paper.Status.REVIEWED
    Nomination.objects.filter(paper_id=review.paper_id, status=Nomination.Status.SCHEDULED).update(
        status=Nomination.Status.DONE
    )


def _save_with_slides(
    review: Review,
    *,
    slides: UploadedFile | None,
    slides_kind: SlidesKind | None,
    remove_slides: bool = False,
) -> None:
    """Validate, then write the files, then save: a refused upload or a failed save leaves no
    file behind in storage."""
    kind = validate_slides(slides) if slides is not None and slides_kind is None else slides_kind
    review.full_clean(exclude=["slides", "slides_thumbnail", "slides_pdf"])
    previous_paper_id = (
        Review.objects.filter(pk=review.pk).values_list("paper_id", flat=True).first()
        if review.pk
        else None
    )
    written = []
    try:
        if slides is not None:
            written = _attach_slides(review, slides, kind)
        elif remove_slides:
            _detach_slides(review)
        review.save()
    except BaseException:
        for name in written:
            slides_storage().delete(name)
        raise
    if slides is not None:
        # The rendition and thumbnail are made in the background, after the commit.
        enqueue_slides_processing(review)
    if previous_paper_id is not None and previous_paper_id != review.paper_id:
        # The review's words leave the search data of the paper it was on.
        schedule_search_refresh([previous_paper_id])


def _attach_slides(review: Review, upload: UploadedFile, kind: SlidesKind) -> list[str]:
    """Store ``upload`` (already validated); return the names written. Its rendition and
    thumbnail come from the ``process_slides`` task."""
    _detach_slides(review)
    original_name = PurePath(upload.name or "slides").name[:255]
    # Stored under a generated name with the extension of what the content really is.
    review.slides.save(f"slides{kind.extension}", upload, save=False)
    review.slides_name = original_name
    review.slides_state = Review.SlidesState.PROCESSING
    return [review.slides.name]


def _detach_slides(review: Review) -> None:
    _delete_files_on_commit(
        review.slides.name, review.slides_thumbnail.name, review.slides_pdf.name
    )
    review.slides = ""
    review.slides_name = ""
    review.slides_thumbnail = ""
    review.slides_pdf = ""
    review.slides_state = Review.SlidesState.NONE
    review.slides_error = ""


def _delete_files_on_commit(*names: str) -> None:
    storage = slides_storage()
    for name in filter(None, names):
        transaction.on_commit(lambda name=name: storage.delete(name))
