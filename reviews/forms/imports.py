"""The admin's README import: upload a file, preview what it would do, correct how it was read
(a column's role, a section that is or is not papers, lines that are not papers), then apply."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..importers import COLUMN_ROLES, ImportFormatError, parse_readme, validate_mapping

MAX_README_BYTES = 2 * 1024 * 1024

#: What the preview offers for a table column, in the order the select lists them.
ROLE_LABELS = {
    "title": _("title"),
    "year": _("year"),
    "venue": _("venue"),
    "authors": _("authors"),
    "institutions": _("institutions"),
    "date": _("presentation date"),
    "presenter": _("presenter"),
    "status": _("status"),
    "summary": _("summary"),
    "links": _("links"),
    "index": _("number"),
    "ignore": _("ignore"),
}
assert set(ROLE_LABELS) == set(COLUMN_ROLES)


def parse_line_numbers(text: str) -> list[int]:
    """``"12, 15-17"`` -> ``[12, 15, 16, 17]``; ``ValueError`` for anything else."""
    numbers: set[int] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,\s]+", text))):
        match = re.fullmatch(r"(\d{1,6})(?:-(\d{1,6}))?", part)
        if not match:
            raise ValueError(part)
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 0 < first <= last or last - first > 10_000:
            raise ValueError(part)
        numbers.update(range(first, last + 1))
    return sorted(numbers)


class ReadmeImportForm(forms.Form):
    readme = forms.FileField(
        label=_("README file"),
        required=False,
        help_text=_("A Markdown paper catalog (README.md), at most 2 MB."),
    )
    base_url = forms.URLField(
        label=_("Base URL of relative links"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Where the README's relative links (notes/x.md) point, e.g. "
            "https://github.com/OWNER/REPO/blob/BRANCH/. Without it they still count as reviews."
        ),
    )
    mapping = forms.CharField(
        label=_("Mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "How to read this README, as JSON: columns (header to role), exclude_sections, "
            "include_sections, not_papers (line numbers). Save it in a file and give it to "
            "manage.py import_readme --mapping FILE to import the README the same way again."
        ),
    )
    not_papers = forms.CharField(
        label=_("Lines that are not papers"),
        required=False,
        help_text=_("Line numbers, e.g. 12, 15-18."),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)
    #: The mapping the shown preview was made with: applying anything else needs a new preview.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_mapping(self):
        text = self.cleaned_data.get("mapping", "").strip()
        if not text:
            return {}
        try:
            return validate_mapping(json.loads(text))
        except ValueError as exc:
            raise ValidationError(
                _("The mapping is not valid: %(problem)s") % {"problem": exc}, code="mapping"
            ) from exc

    def clean_not_papers(self):
        try:
            return parse_line_numbers(self.cleaned_data.get("not_papers", ""))
        except ValueError as exc:
            raise ValidationError(
                _("%(part)s is not a line number or a range of them.") % {"part": exc},
                code="lines",
            ) from exc

    def _curated(self, mapping: dict, not_papers: list[int]) -> dict:
        """The mapping with the preview's controls applied: column roles changed from what was
        shown, sections newly marked as papers or not, entries ticked as not papers."""
        mapping = json.loads(json.dumps(mapping))
        data = self.data
        columns = mapping.get("columns", {})
        for key in data:
            if not key.startswith("colname_"):
                continue
            suffix = key.removeprefix("colname_")
            chosen, shown = data.get(f"col_{suffix}"), data.get(f"colshown_{suffix}")
            if chosen in ROLE_LABELS and chosen != shown:
                columns[data[key]] = chosen
        excluded = list(mapping.get("exclude_sections", []))
        included = list(mapping.get("include_sections", []))
        for key in data:
            if not key.startswith("section_"):
                continue
            suffix, heading = key.removeprefix("section_"), data[key]
            was = data.get(f"sectionshown_{suffix}") == "1"
            now = data.get(f"exclude_{suffix}") == "1"
            if now and not was:
                excluded, included = excluded + [heading], [h for h in included if h != heading]
            elif was and not now:
                excluded, included = [h for h in excluded if h != heading], included + [heading]
        lines = set(mapping.get("not_papers", [])) | set(not_papers)
        for value in data.getlist("not_paper") if hasattr(data, "getlist") else []:
            if value.isdigit():
                lines.add(int(value))
        return validate_mapping(
            {
                "columns": columns,
                "exclude_sections": excluded,
                "include_sections": included,
                "not_papers": sorted(lines),
            }
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("readme")
        if upload:
            if upload.size > MAX_README_BYTES:
                raise ValidationError(_("The file is larger than 2 MB."))
            data = upload.read()
            cleaned["filename"] = upload.name
        elif cleaned.get("content"):
            # The preview's hidden copy of the file is as untrusted as the upload itself.
            data = cleaned["content"].encode("utf-8")
            if len(data) > MAX_README_BYTES:
                raise ValidationError(_("The file is larger than 2 MB."))
        else:
            raise ValidationError(_("Choose a README file to import."))
        if "mapping" not in cleaned or "not_papers" not in cleaned:
            return cleaned  # the field's own error says what is wrong
        name = cleaned.get("filename") or "README.md"
        self.mapping = self._curated(cleaned["mapping"], cleaned["not_papers"])
        cleaned["mapping_json"] = json.dumps(self.mapping, ensure_ascii=False, sort_keys=True)
        try:
            self.parsed = parse_readme(
                data,
                source=name,
                base_url=cleaned.get("base_url") or "",
                mapping=self.mapping or None,
            )
        except ImportFormatError as exc:
            where = _("%(file)s, line %(line)s") % {"file": name, "line": exc.line}
            raise ValidationError(
                f"{where if exc.line else name}: {exc.message}", code="format"
            ) from exc
        cleaned["content"] = data.decode("utf-8")
        cleaned["filename"] = name
        return cleaned

    @property
    def mapping_was_previewed(self) -> bool:
        """Whether the mapping to apply is the one the curator saw the preview of."""
        previewed = self.cleaned_data.get("previewed") or "{}"
        return previewed == (self.cleaned_data.get("mapping_json") or "{}")
