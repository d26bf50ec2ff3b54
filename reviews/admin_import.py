"""The admin's README import: upload a README, preview what it would create, update and skip,
then apply it. Wired into ``PaperAdmin.get_urls``; the work is ``import_catalog``'s."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms.imports import ReadmeImportForm
from .importers import ImportFormatError
from .models import Paper
from .services.papers import import_catalog


def import_readme_view(model_admin, request):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    applying = request.method == "POST" and "apply" in request.POST
    form = ReadmeImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["filename"]
        try:
            report = import_catalog(parsed=form.parsed, source=name, dry_run=not applying)
        except ImportFormatError as exc:
            form.add_error(None, f"{name}, line {exc.line}: {exc.message}")
        else:
            if applying:
                messages.success(
                    request,
                    _(
                        "%(file)s imported: %(created)d papers created, %(updated)d updated, "
                        "%(unchanged)d unchanged, %(skipped)d lines skipped."
                    )
                    % {
                        "file": name,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "skipped": len(report.skipped),
                    },
                )
                return redirect(reverse("admin:reviews_paper_changelist"))
            # The preview's "apply" form carries the file's text in hidden fields.
            form = ReadmeImportForm(
                initial={
                    "content": form.cleaned_data["content"],
                    "filename": name,
                    "base_url": form.cleaned_data.get("base_url") or "",
                }
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import a README") if report is None else _("Check the import"),
        "opts": Paper._meta,
        "form": form,
        "report": report,
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, "admin/reviews/paper/import_readme.html", context)
