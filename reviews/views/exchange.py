"""Getting papers in and out: downloads of the catalog view, BibTeX per paper, adding a paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exporters.bibtex import paper_to_bibtex, papers_to_bibtex
from ..exporters.readme import export_readme
from ..exporters.tabular import export_csv, export_json
from ..filters import PaperFilter
from ..forms.papers import PaperConfirmForm, PaperLookupForm
from ..models import Paper
from ..services.papers import (
    CREATED,
    UNCHANGED,
    find_or_create_paper,
    find_paper,
    resolve_venue,
)

EXPORT_FORMATS = {
    "readme": ("md", "text/markdown; charset=utf-8"),
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "json": ("json", "application/json; charset=utf-8"),
}


def _download(content: str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def paper_export(request, fmt):
    """The catalog's current view (same GET filters as the page) as README, BibTeX, CSV or JSON."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    # Without the request: a download holds what a visitor may see, whoever asks for it.
    papers = PaperFilter(request.GET, queryset=Paper.objects.all()).qs
    extension, content_type = EXPORT_FORMATS[fmt]

    def page_url(paper):
        return request.build_absolute_uri(paper.get_absolute_url())

    if fmt == "readme":
        filtered = any(value for key, value in request.GET.items() if key not in ("page", "sort"))
        title = _("Paper catalog (filtered)") if filtered else _("Paper catalog")
        content = export_readme(papers, title=title)
    elif fmt == "bibtex":
        content = papers_to_bibtex(papers.select_related("venue"))
    elif fmt == "csv":
        content = export_csv(papers, page_url=page_url)
    else:
        content = export_json(papers, page_url=page_url)
    filename = f"papershelf-{timezone.localdate():%Y%m%d}.{extension}"
    return _download(content, filename=filename, content_type=content_type)


def paper_bibtex(request, slug):
    paper = get_object_or_404(Paper.objects.select_related("venue"), slug=slug)
    return _download(
        paper_to_bibtex(paper),
        filename=f"{paper.slug}.bib",
        content_type=EXPORT_FORMATS["bibtex"][1],
    )


@transaction.atomic
def _save_confirmed_paper(form: PaperConfirmForm):
    """The confirmed paper, found or created, with the topics and tags the member chose.

    A venue new to the catalog takes the kind the member confirmed (a journal named in an
    ``@article`` entry stays a journal); a venue the catalog knows keeps its own.
    """
    metadata = form.metadata()
    kind = form.cleaned_data["venue_kind"]
    if kind and metadata.venue:
        venue, created = resolve_venue(metadata.venue)
        if created and venue.kind != kind:
            venue.kind = kind
            venue.save(update_fields=["kind"])
    return find_or_create_paper(
        metadata=metadata,
        topics=form.cleaned_data["topics"],
        tags=form.cleaned_data["tags"],
    )


@login_required
def paper_add(request):
    """Paste an arXiv id/URL, DOI or BibTeX; check what was found; save it once."""
    if request.method == "POST" and request.POST.get("step") == "save":
        form = PaperConfirmForm(request.POST)
        if form.is_valid():
            outcome = _save_confirmed_paper(form)
            paper = outcome.paper
            if outcome.action == CREATED:
                messages.success(request, _("“%(title)s” was added.") % {"title": paper.title})
            elif outcome.action == UNCHANGED:
                messages.info(
                    request,
                    _("“%(title)s” was already in the catalog.") % {"title": paper.title},
                )
            else:
                messages.success(
                    request,
                    _("“%(title)s” was already in the catalog; its empty fields were filled.")
                    % {"title": paper.title},
                )
            return redirect(paper)
        return render(request, "reviews/paper_add_confirm.html", {"form": form})

    if request.method == "POST":
        lookup_form = PaperLookupForm(request.POST)
        if lookup_form.is_valid():
            metadata = lookup_form.metadata
            form = PaperConfirmForm(
                initial=PaperConfirmForm.initial_from(metadata, venue_kind=lookup_form.venue_kind)
            )
            context = {"form": form, "existing": find_paper(metadata), "metadata": metadata}
            return render(request, "reviews/paper_add_confirm.html", context)
    else:
        lookup_form = PaperLookupForm()
    return render(request, "reviews/paper_add.html", {"form": lookup_form})
