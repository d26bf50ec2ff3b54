"""Log in, profile, invitations. Password change and reset are Django's own views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from reviews.models import Presenter

from . import services
from .forms import AcceptInvitationForm, InvitationForm, PresenterProfileForm, ProfileForm
from .models import Invitation


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    presenter = Presenter.objects.filter(user=user).first() or Presenter(
        user=user, name=user.display_name
    )
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user, prefix="user")
        presenter_form = PresenterProfileForm(request.POST, instance=presenter, prefix="presenter")
        if form.is_valid() and presenter_form.is_valid():
            with transaction.atomic():
                form.save()
                presenter_form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    else:
        form = ProfileForm(instance=user, prefix="user")
        presenter_form = PresenterProfileForm(instance=presenter, prefix="presenter")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "presenter_form": presenter_form, "presenter": presenter},
    )


def _accept_url(request, invitation: Invitation) -> str:
    return request.build_absolute_uri(reverse("invitation-accept", args=[invitation.token]))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request):
    """Members and staff invite someone: the page shows the single-use link to pass on."""
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            invitation = services.create_invitation(
                created_by=request.user,
                email=form.cleaned_data["email"],
                note=form.cleaned_data["note"],
                presenter=form.cleaned_data.get("presenter"),
                accept_url_for=lambda invitation: _accept_url(request, invitation),
            )
            if invitation.email:
                messages.success(
                    request,
                    _("The invitation is sent to %(email)s.") % {"email": invitation.email},
                )
            else:
                messages.success(request, _("The invitation is ready: copy its link below."))
            return redirect(f"{reverse('invitation-create')}?new={invitation.pk}")
    else:
        form = InvitationForm(user=request.user)
    invitations = list(
        Invitation.objects.filter(created_by=request.user).select_related("used_by", "presenter")[
            :20
        ]
    )
    for invitation in invitations:
        invitation.link = _accept_url(request, invitation) if invitation.is_usable else ""
    return render(
        request,
        "accounts/invitation_create.html",
        {
            "form": form,
            "invitations": invitations,
            "new_pk": request.GET.get("new", ""),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The invitation link: a new member chooses a username and password; the link then dies."""
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in as a member."))
        return redirect("reviews:home")
    if request.method == "POST":
        form = AcceptInvitationForm(request.POST)
        if form.is_valid():
            try:
                user = services.accept_invitation(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except services.InvitationUnusable:
                return render(
                    request,
                    "accounts/invitation_invalid.html",
                    {"invitation": invitation},
                    status=410,
                )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to the study group, %(name)s!") % {"name": user.display_name}
            )
            return redirect("profile")
    else:
        form = AcceptInvitationForm(initial={"email": invitation.email})
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
