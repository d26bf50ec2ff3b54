"""Writing a review: the model's own field names, slides checked by their content."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Paper, Review
from ..slides import validate_slides


class SlidesUploadMixin:
    """A review form whose ``slides`` upload is checked by its content; the file itself is
    written by the review services (generated name, original name kept, thumbnail), never by
    ``form.save()``."""

    slides_kind = None

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

    @property
    def slides_cleared(self) -> bool:
        """The admin's "clear" box was ticked (and no new file sent)."""
        return self.cleaned_data.get("slides") is False


class ReviewForm(SlidesUploadMixin, forms.ModelForm):
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
            # Sent by the button pressed: "Publish" or "Save draft" (templates/reviews/review_form.html).
            "status": forms.HiddenInput,
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
        if not (self.instance.pk and self.instance.slides):
            del self.fields["remove_slides"]
        # The form's two submit buttons carry the status; a submission without one (a script)
        # keeps the review's status, a draft for a new one.
        self.fields["status"].required = False

    def clean_status(self):
        return self.cleaned_data.get("status") or self.instance.status or Review.Status.DRAFT


class _StoredSlides:
    """What the admin's file widget shows for stored slides: their name, linked to the view that
    serves them (the private storage gives files no URL of their own)."""

    def __init__(self, url: str, name: str):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class SlidesAdminWidget(AdminFileWidget):
    def __init__(self, attrs=None, *, url: str = "", name: str = ""):
        super().__init__(attrs)
        self.url, self.name = url, name

    def is_initial(self, value):
        return bool(value)

    def format_value(self, value):
        if self.is_initial(value):
            return _StoredSlides(self.url, self.name or str(value))
        return None


class ReviewAdminForm(SlidesUploadMixin, forms.ModelForm):
    """The admin's review form (its own page and inline on the paper)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        review = self.instance
        if "slides" in self.fields and review.pk and review.slides:
            self.fields["slides"].widget = SlidesAdminWidget(
                url=reverse("reviews:review-slides", args=[review.pk]),
                name=review.slides_name,
            )

    class Meta:
        model = Review
        fields = [
            "paper",
            "presenter",
            "presented_on",
            "status",
            "visibility",
            "summary",
            "body",
            "slides",
            "slides_name",
            "slides_url",
            "summary_url",
            "video_url",
            "created_by",
        ]
        help_texts = {"slides": ReviewForm.Meta.help_texts["slides"]}


class PaperChoiceForm(forms.Form):
    paper = forms.ModelChoiceField(
        label=_("Paper"),
        queryset=Paper.objects.order_by("title"),
        empty_label=_("Choose the paper you presented"),
        help_text=_("Not in the catalog yet? Add it first, then write your review."),
    )
