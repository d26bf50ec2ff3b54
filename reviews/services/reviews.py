"""Writing, publishing and deleting reviews with their slides."""

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Nomination, Paper, Presenter, Review
from ..search import schedule_search_refresh
from ..slides import PDF, SlidesKind, render_thumbnail, validate_slides

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
    if slides is not None:
        _attach_slides(review, slides, slides_kind)
    review.full_clean()
    review.save()
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
    if slides is not None:
        _attach_slides(review, slides, slides_kind)
    elif remove_slides:
        _detach_slides(review)
    review.full_clean()
    review.save()
    _after_save(review)
    return review


@transaction.atomic
def publish_review(*, review: Review) -> Review:
    """Publish ``review``; its paper is then reviewed (and its scheduled talk presented)."""
    if not review.is_published:
        review.status = Review.Status.PUBLISHED
        review.save()
    _after_save(review)
    return review


@transaction.atomic
def after_admin_save(*, review: Review) -> None:
    """What saving a review in the admin implies: publishing marks the paper reviewed, and
    the paper's search data follows the review."""
    if review.is_published:
        publish_review(review=review)
    else:
        _after_save(review)


@transaction.atomic
def delete_review(*, review: Review) -> None:
    """Delete the review and, once the transaction commits, its files."""
    _delete_files_on_commit(review.slides.name, review.slides_thumbnail.name)
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


def _attach_slides(review: Review, upload: UploadedFile, kind: SlidesKind | None) -> None:
    kind = kind or validate_slides(upload)
    _detach_slides(review)
    original_name = PurePath(upload.name or "slides").name[:255]
    # Stored under a generated name with the extension of what the content really is.
    review.slides.save(f"slides{kind.extension}", upload, save=False)
    review.slides_name = original_name
    if kind == PDF and (thumbnail := render_thumbnail(upload)) is not None:
        review.slides_thumbnail.save(thumbnail.name, thumbnail, save=False)


def _detach_slides(review: Review) -> None:
    _delete_files_on_commit(review.slides.name, review.slides_thumbnail.name)
    review.slides = ""
    review.slides_name = ""
    review.slides_thumbnail = ""


def _delete_files_on_commit(*names: str) -> None:
    from django.core.files.storage import default_storage

    for name in filter(None, names):
        transaction.on_commit(lambda name=name: default_storage.delete(name))
