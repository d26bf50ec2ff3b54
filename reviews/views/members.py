"""What members do: write reviews with slides, preview Markdown, nominate and vote; the feeds."""

from pathlib import PurePath

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DeleteView, DetailView, FormView, TemplateView, UpdateView

from ..forms.queue import NominationForm, ScheduleForm, presenter_choices
from ..forms.reviews import PaperChoiceForm, ReviewForm
from ..markdown import render_markdown
from ..models import Nomination, Paper, Review
from ..services import queue as queue_services
from ..services import reviews as review_services
from ..slides import kind_for_name


def can_change(user, review: Review) -> bool:
    """Writers change their own reviews; staff change any."""
    return user.is_authenticated and (user.is_staff or review.created_by_id == user.pk)


# The page embeds its PDF slides in an <object>: the only page that may.
@method_decorator(csp_replace({"object-src": [SELF]}), name="dispatch")
class ReviewDetailView(DetailView):
    context_object_name = "review"
    template_name = "reviews/review_detail.html"

    def get_queryset(self):
        return Review.objects.visible_to(self.request.user).select_related(
            "paper__venue", "presenter", "created_by"
        )

    def get_template_names(self):
        # While the slides are processed, the page asks for its slides section again.
        if self.request.headers.get("HX-Request") == "true" and self.request.GET.get("part"):
            return [f"{self.template_name}#slides-section"]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = can_change(self.request.user, self.object)
        context["slides_kind"] = kind_for_name(self.object.slides.name or "")
        return context


@login_required
@require_GET
def review_start(request):
    """Choose the paper to review (the header's entry point); also lists the member's reviews."""
    form = PaperChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("reviews:review-create", slug=form.cleaned_data["paper"].slug)
    own_reviews = Review.objects.filter(created_by=request.user).select_related("paper")
    return render(
        request, "reviews/review_start.html", {"form": form, "own_reviews": own_reviews[:50]}
    )


class ReviewCreateView(LoginRequiredMixin, FormView):
    form_class = ReviewForm
    template_name = "reviews/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.paper = get_object_or_404(Paper, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"body": review_services.OUTLINE}

    def get_context_data(self, **kwargs):
        return super().get_context_data(paper=self.paper, **kwargs)

    def form_valid(self, form):
        review = review_services.create_review(
            paper=self.paper,
            author=self.request.user,
            data=form.cleaned_data,
            slides=form.new_slides,
            slides_kind=form.slides_kind,
        )
        if review.is_published:
            messages.success(self.request, _("Your review is published."))
        else:
            messages.success(self.request, _("Your draft is saved. Only you and curators see it."))
        return redirect(review)


class OwnReviewMixin(LoginRequiredMixin):
    """Another member's draft does not exist for you (404); their published review is not yours
    to change (403)."""

    def get_queryset(self):
        return Review.objects.visible_to(self.request.user).select_related("paper", "presenter")

    def get_object(self, queryset=None):
        review = super().get_object(queryset)
        if not can_change(self.request.user, review):
            raise PermissionDenied(_("Only the writer of a review and curators can change it."))
        return review


class ReviewUpdateView(OwnReviewMixin, UpdateView):
    form_class = ReviewForm
    template_name = "reviews/review_form.html"
    context_object_name = "review"

    def get_context_data(self, **kwargs):
        return super().get_context_data(paper=self.object.paper, **kwargs)

    def form_valid(self, form):
        review = review_services.update_review(
            review=self.object,
            data=form.cleaned_data,
            slides=form.new_slides,
            slides_kind=form.slides_kind,
            remove_slides=form.cleaned_data.get("remove_slides", False),
        )
        messages.success(self.request, _("Your changes are saved."))
        return redirect(review)


class ReviewDeleteView(OwnReviewMixin, DeleteView):
    template_name = "reviews/review_confirm_delete.html"
    context_object_name = "review"

    def form_valid(self, form):
        paper = self.object.paper
        review_services.delete_review(review=self.object)
        messages.success(self.request, _("The review is deleted."))
        return redirect(paper)


@login_required
@require_POST
def review_preview(request):
    """The rendered body for the editor's preview (an htmx or fetch request)."""
    html = render_markdown(request.POST.get("body", ""))
    return render(request, "reviews/includes/review_preview.html", {"body_html": html})


def _slides_response(request, review: Review, *, thumbnail: bool = False):
    """The slides as uploaded (a download), as PDF to show inline (``?inline=1``: the upload
    itself or the rendition of a PPTX or PPT), or their thumbnail."""
    field = review.slides_thumbnail if thumbnail else review.slides
    if not field:
        raise Http404(_("This review has no slides."))
    if thumbnail:
        content_type, filename, inline = "image/png", "thumbnail.png", True
    else:
        kind = kind_for_name(field.name)
        if kind is None:
            raise Http404(_("This review has no slides."))
        content_type = kind.content_type
        filename = review.slides_name or f"slides{kind.extension}"
        inline = request.GET.get("inline") == "1"
        if inline and kind.extension != ".pdf":
            if not review.slides_pdf:
                raise Http404(_("These slides have no PDF version yet."))
            field, content_type = review.slides_pdf, "application/pdf"
            filename = f"{PurePath(filename).stem}.pdf"
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The slides file is missing.")) from error
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Never "public": a review made members-only later must not linger in shared caches.
    response["Cache-Control"] = "private, max-age=3600" if review.is_public else "private, no-store"
    return response


@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def review_slides(request, pk):
    """Slides through a view that checks who may see the review; PDFs may be shown inline."""
    review = get_object_or_404(Review.objects.visible_to(request.user), pk=pk)
    return _slides_response(request, review)


@require_GET
def review_slides_thumbnail(request, pk):
    review = get_object_or_404(Review.objects.visible_to(request.user), pk=pk)
    return _slides_response(request, review, thumbnail=True)


# --- Reading queue ------------------------------------------------------------------------------


class QueueView(LoginRequiredMixin, TemplateView):
    """The ranked nominations with who nominated them and why: a members' page."""

    template_name = "reviews/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        nominations = list(
            Nomination.objects.open()
            .ranked()
            .with_user_vote(user)
            .select_related("paper__venue", "nominated_by")
        )
        if user.is_staff:
            choices = presenter_choices()
            for nomination in nominations:
                nomination.schedule_form = schedule_form_for(nomination, choices=choices)
        context["nominations"] = nominations
        context["scheduled"] = Nomination.objects.upcoming().select_related(
            "paper__venue", "presenter"
        )
        return context


def schedule_form_for(nomination: Nomination, *, data=None, choices=None) -> ScheduleForm:
    """Each nomination's form has its own prefix, so field ids stay unique on the page."""
    return ScheduleForm(
        data, instance=nomination, prefix=f"n{nomination.pk}", presenter_choices=choices
    )


@login_required
@require_POST
def nomination_create(request, slug):
    paper = get_object_or_404(Paper, slug=slug)
    form = NominationForm(request.POST)
    if form.is_valid():
        try:
            queue_services.nominate(
                paper=paper, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("“%(paper)s” is in the reading queue.") % {"paper": paper.title}
            )
    else:
        messages.error(request, _("The reason is too long."))
    return redirect("reviews:queue")


@login_required
@require_POST
def nomination_vote(request, pk):
    """Vote for a nomination, or take the vote back with ``action=withdraw``."""
    nomination = get_object_or_404(Nomination.objects.select_related("paper"), pk=pk)
    if request.POST.get("action") == "withdraw":
        if queue_services.withdraw_vote(nomination=nomination, user=request.user):
            messages.success(request, _("Your vote is withdrawn."))
    else:
        try:
            if queue_services.vote(nomination=nomination, user=request.user):
                messages.success(request, _("Your vote is counted."))
            else:
                messages.info(request, _("You have already voted for this paper."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(reverse("reviews:queue") + f"#nomination-{nomination.pk}")


@login_required
@require_POST
def nomination_schedule(request, pk):
    if not request.user.is_staff:
        raise PermissionDenied(_("Only curators schedule presentations."))
    nomination = get_object_or_404(Nomination, pk=pk)
    form = schedule_form_for(nomination, data=request.POST)
    if form.is_valid():
        try:
            queue_services.schedule(
                nomination=nomination,
                presenter=form.cleaned_data["presenter"],
                date=form.cleaned_data["scheduled_for"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The presentation is scheduled."))
    else:
        messages.error(request, _("Choose a date for the presentation."))
    return redirect("reviews:queue")
