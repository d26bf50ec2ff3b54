"""Writing a review: the model's own field names, slides checked by their content."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Paper, Review
from ..slides import validate_slides


class ReviewForm(forms.ModelForm):
    remove_slides = forms.BooleanField(label=_("Remove the uploaded slides"), required=False)

    class Meta:
        model = Review
        fields = [
            "summary",
            "body",
            "presented_on",
            "slides",
            "slides_url",
            "summary_url",
            "video_url",
            "visibility",
            "status",
        ]
        widgets = {
            "summary": forms.TextInput(attrs={"size": 80}),
            "body": forms.Textarea(attrs={"rows": 22, "class": "markdown-editor"}),
            "presented_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "slides": forms.FileInput(
                attrs={
                    "accept": ".pdf,.pptx,.ppt,application/pdf,"
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
                    "application/vnd.ms-powerpoint"
                }
            ),
            "visibility": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        help_texts = {
            "body": _(
                "Markdown as on GitHub (tables, ```code```, - [ ] task lists) with math: "
                "$E = mc^2$ inline, $$...$$ on its own lines."
            ),
            "slides": _("PDF or PowerPoint (PPTX, PPT)."),
            "visibility": _("Members-only reviews and their slides are hidden from visitors."),
            "status": _("A draft is visible only to you and the curators."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slides_kind = None
        if not (self.instance.pk and self.instance.slides):
            del self.fields["remove_slides"]

    def clean_slides(self):
        upload = self.files.get(self.add_prefix("slides"))
        if upload is None:
            return self.cleaned_data.get("slides")
        self.slides_kind = validate_slides(upload)
        return upload

    @property
    def new_slides(self):
        """The uploaded file when one was sent with this form, else None."""
        return self.files.get(self.add_prefix("slides")) if self.slides_kind else None


class PaperChoiceForm(forms.Form):
    paper = forms.ModelChoiceField(
        label=_("Paper"),
        queryset=Paper.objects.order_by("title"),
        empty_label=_("Choose the paper you presented"),
        help_text=_("Not in the catalog yet? Add it first, then write your review."),
    )
