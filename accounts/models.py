import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A study member (or curator). Visitors need no account."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link through which a new member joins the closed group."""

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_invitation_token)
    email = models.EmailField(_("email"), blank=True, help_text=_("Optional: who it is for."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    presenter = models.ForeignKey(
        "reviews.Presenter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("past presenter"),
        help_text=_("Links the new account to this past presenter"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_invitation_expiry)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("used by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email or self.token[:8]

    def clean(self):
        if (
            not self.is_used
            and self.presenter_id is not None
            and self.presenter.user_id is not None
        ):
            raise ValidationError(
                {"presenter": _("This presenter already has an account.")}, code="claimed"
            )

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_used and not self.is_expired
