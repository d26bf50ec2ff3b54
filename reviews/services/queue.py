"""The reading queue: nominating papers, voting for them, scheduling them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Nomination, Paper, Presenter, Vote

ACTIVE = (Nomination.Status.OPEN, Nomination.Status.SCHEDULED)


@transaction.atomic
def nominate(*, paper: Paper, user, reason: str = "") -> Nomination:
    """Put ``paper`` in the queue with the nominator's vote; a paper is in the queue once."""
    if Nomination.objects.filter(paper=paper, status__in=ACTIVE).exists():
        raise ValidationError(_("This paper is already in the reading queue."), code="queued")
    nomination = Nomination(paper=paper, nominated_by=user, reason=reason.strip())
    nomination.full_clean()
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:  # nominated by someone else at the same moment
        raise ValidationError(
            _("This paper is already in the reading queue."), code="queued"
        ) from error
    Vote.objects.create(nomination=nomination, user=user)
    return nomination


@transaction.atomic
def vote(*, nomination: Nomination, user) -> bool:
    """Give the member's one vote to an open nomination; False if they had already voted."""
    if nomination.status != Nomination.Status.OPEN:
        raise ValidationError(_("Voting is closed for this paper."), code="closed")
    __, created = Vote.objects.get_or_create(nomination=nomination, user=user)
    return created


@transaction.atomic
def withdraw_vote(*, nomination: Nomination, user) -> bool:
    """Take the member's vote back; False if there was none."""
    deleted, __ = Vote.objects.filter(nomination=nomination, user=user).delete()
    return bool(deleted)


@transaction.atomic
def schedule(
    *, nomination: Nomination, presenter: Presenter | None, date: datetime.date
) -> Nomination:
    """Staff put a nomination on the schedule: its paper is then scheduled too."""
    if nomination.status not in ACTIVE:
        raise ValidationError(_("Only a queued paper can be scheduled."), code="not_queued")
    nomination.status = Nomination.Status.SCHEDULED
    nomination.presenter = presenter
    nomination.scheduled_for = date
    nomination.full_clean(exclude=["nominated_by"])  # the nominator's account may be gone
    nomination.save()
    Paper.objects.filter(pk=nomination.paper_id, status=Paper.Status.TO_READ).update(
        status=Paper.Status.SCHEDULED
    )
    return nomination
