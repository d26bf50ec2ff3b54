"""The admin's README import: upload a file, preview what it would do, then apply it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..importers import ImportFormatError, parse_readme

MAX_README_BYTES = 2 * 1024 * 1024


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
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)

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
        name = cleaned.get("filename") or "README.md"
        try:
            self.parsed = parse_readme(data, source=name, base_url=cleaned.get("base_url") or "")
        except ImportFormatError as exc:
            where = _("%(file)s, line %(line)s") % {"file": name, "line": exc.line}
            raise ValidationError(
                f"{where if exc.line else name}: {exc.message}", code="format"
            ) from exc
        cleaned["content"] = data.decode("utf-8")
        cleaned["filename"] = name
        return cleaned
