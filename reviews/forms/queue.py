"""The reading queue: nominating a paper, scheduling a nomination."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Nomination, Presenter


class NominationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why read it?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def presenter_choices() -> list[tuple]:
    """The schedule form's presenter choices, evaluated once for a page of forms."""
    field = ScheduleForm.base_fields["presenter"]
    return [("", field.empty_label)] + [
        (presenter.pk, field.label_from_instance(presenter))
        for presenter in Presenter.objects.order_by("name")
    ]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["presenter", "scheduled_for"]
        widgets = {"scheduled_for": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, presenter_choices=None, **kwargs):
        """With ``presenter_choices`` (from ``presenter_choices()``), a page that shows one form
        per nomination lists the presenters with one query rather than one per form."""
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Presenter.objects.order_by("name")
        if presenter_choices is not None:
            self.fields["presenter"].choices = presenter_choices
        self.fields["scheduled_for"].required = True
