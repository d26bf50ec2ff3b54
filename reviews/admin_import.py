"""The admin's README import: upload a README, preview what it would create, update and skip,
correct how it was read (the mapping), see the preview again, then apply it. With a task
worker (TASKS_BACKEND=database) the import runs in the background and a page follows its
progress. Wired into ``PaperAdmin.get_urls``; the work is ``import_catalog``'s."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from .forms.imports import ROLE_LABELS, ReadmeImportForm
from .importers import ImportFormatError, prepare_lines, tree
from .models import Paper
from .services.papers import import_catalog
from .tasks import import_progress_key, import_readme_in_background

#: How the preview names what a heading or table was taken for.
SECTION_KINDS = {
    "topic": gettext_lazy("topic"),
    "wrapper": gettext_lazy("heading, no topic"),
    "excluded": gettext_lazy("not papers"),
    "date": gettext_lazy("date"),
    "table": gettext_lazy("table"),
}


def outline_rows(content: str, mapping: dict, entries) -> list[dict]:
    """The headings and tables found, ready for the template's controls: each column with the
    role it got and the names of its select and hidden fields."""
    rows = []
    for number, section in enumerate(tree.outline(prepare_lines(content), mapping, entries)):
        rows.append(
            {
                "number": number,
                "line": section.line,
                "heading": section.heading,
                "kind": section.kind,
                "kind_label": SECTION_KINDS.get(section.kind, section.kind),
                "excluded": section.excluded,
                "entries": section.entries,
                "columns": [
                    {"name": f"{number}_{position}", "header": header, "role": role}
                    for position, (header, role) in enumerate(section.columns)
                ],
            }
        )
    return rows


def import_readme_view(model_admin, request):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    applying = request.method == "POST" and "apply" in request.POST
    form = ReadmeImportForm(request.POST or None, request.FILES or None)
    report = None
    outline = []
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["filename"]
        if applying and not form.mapping_was_previewed:
            applying = False  # never apply a reading the curator has not seen
            messages.warning(request, _("The mapping changed: check the new preview, then apply."))
        if applying and default_task_backend.supports_defer:
            # A worker imports it; the next page follows its progress.
            result = import_readme_in_background.enqueue(
                content=form.cleaned_data["content"],
                filename=name,
                mapping=form.mapping,
                base_url=form.cleaned_data.get("base_url") or "",
            )
            return redirect(reverse("admin:reviews_paper_import_readme_job", args=[result.id]))
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
            outline = outline_rows(form.cleaned_data["content"], form.mapping, form.parsed.entries)
            mapping_json = form.cleaned_data["mapping_json"]
            # The preview's form carries the file's text and the mapping in its fields.
            form = ReadmeImportForm(
                initial={
                    "content": form.cleaned_data["content"],
                    "filename": name,
                    "base_url": form.cleaned_data.get("base_url") or "",
                    "mapping": "" if mapping_json == "{}" else mapping_json,
                    "previewed": mapping_json,
                }
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import a README") if report is None else _("Check the import"),
        "opts": Paper._meta,
        "form": form,
        "report": report,
        "outline": outline,
        "roles": list(ROLE_LABELS.items()),
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, "admin/reviews/paper/import_readme.html", context)


def import_readme_job_view(model_admin, request, result_id):
    """How far a README import running in the background has come, then what it did."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    try:
        result = import_readme_in_background.get_result(str(result_id))
    except TaskResultDoesNotExist as exc:
        raise Http404(_("There is no such import.")) from exc
    progress = cache.get(import_progress_key(result.id)) or {}
    finished = result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Importing %(file)s") % {"file": result.kwargs.get("filename", "README")},
        "opts": Paper._meta,
        "result": result,
        "succeeded": result.status == TaskResultStatus.SUCCESSFUL,
        "failed": result.status == TaskResultStatus.FAILED,
        "finished": finished,
        "summary": result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None,
        "error": progress.get("error", ""),
        "done": progress.get("done", 0),
        "total": progress.get("total", 0),
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, "admin/reviews/paper/import_readme_job.html", context)
