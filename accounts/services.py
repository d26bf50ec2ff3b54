"""Invitations: creating them and joining through them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import Presenter

from .models import Invitation
from .tasks import send_email_after_commit


class InvitationUnusable(ValidationError):
    """The invitation was used already or has expired."""


@transaction.atomic
def create_invitation(
    *,
    created_by,
    email: str = "",
    note: str = "",
    presenter: Presenter | None = None,
    accept_url_for,
) -> Invitation:
    """A single-use invitation; when it names an address, the link is mailed there.

    ``presenter`` is the past presenter (without an account) the new account takes over: only
    staff may choose one. ``accept_url_for`` turns the invitation into its absolute link (it
    needs the request).
    """
    if presenter is not None and not created_by.is_staff:
        raise PermissionDenied("only staff may hand a past presenter to an invitation")
    invitation = Invitation(
        created_by=created_by, email=email.strip(), note=note.strip(), presenter=presenter
    )
    invitation.full_clean()
    invitation.save()
    if invitation.email:
        context = {
            "invitation": invitation,
            # One line: a name cannot add paragraphs (or links) of its own to the message.
            "inviter": " ".join(created_by.display_name.split()),
            "url": accept_url_for(invitation),
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        subject = _("You are invited to join the PaperShelf study group")
        body = render_to_string("accounts/invitation_email.txt", context)
        send_email_after_commit(subject=str(subject), body=body, to=[invitation.email])
    return invitation


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    username: str,
    password: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
):
    """Create the member's account from an invitation, once. It takes over the past presenter
    the invitation names (chosen by its creator); otherwise it gets a new Presenter."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise InvitationUnusable(_("This invitation has already been used or has expired."))
    user = get_user_model()(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()

    linked = None
    if invitation.presenter_id is not None:
        linked = Presenter.objects.select_for_update().filter(pk=invitation.presenter_id).first()
        if linked is not None and linked.user_id is not None:
            linked = None  # someone claimed it meanwhile: give this member their own profile
    if linked is None:
        linked = Presenter(name=user.display_name)
    linked.user = user
    linked.full_clean(exclude=["slug"])  # save() derives the slug from the name
    linked.save()

    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    return user
