"""Account forms: joining through an invitation, the profile, inviting someone."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from reviews.models import Presenter

from .models import Invitation


def presenters_without_account():
    return Presenter.objects.filter(user__isnull=True).order_by("name")


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "note", "presenter"]
        help_texts = {
            "email": _("Optional: we send the link there. You can also copy the link yourself."),
            "note": _("Optional: a reminder for yourself, e.g. who it is for."),
            "presenter": _(
                "Optional: when you invite someone who presented before, choose them here so "
                "that their past talks become theirs. Otherwise the new member gets a new "
                "presenter profile."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_staff:
            # Handing a past presenter's talks to a new account is the staff's call: for
            # anyone else the field is not there, so a posted value is ignored.
            del self.fields["presenter"]
            return
        field = self.fields["presenter"]
        field.queryset = presenters_without_account()
        field.empty_label = _("No: a new presenter")


class AcceptInvitationForm(UserCreationForm):
    """The new member's account. Which presenter it is linked to was decided by whoever
    created the invitation, never by the person holding the link."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A member with this email address already exists."))
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class PresenterProfileForm(forms.ModelForm):
    class Meta:
        model = Presenter
        fields = ["name", "affiliation", "bio"]
        labels = {"name": _("Name shown on your reviews")}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by the task queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from .tasks import send_email_after_commit

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        send_email_after_commit(subject=subject, body=body, to=[to_email], html_body=html_body)
