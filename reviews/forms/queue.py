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


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["presenter", "scheduled_for"]
        widgets = {"scheduled_for": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Presenter.objects.order_by("name")
        self.fields["scheduled_for"].required = True
