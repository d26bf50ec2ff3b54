"""Adding a paper: paste an identifier or a BibTeX entry, then confirm the metadata found."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

from ..metadata import (
    MetadataError,
    MetadataUnavailable,
    PaperMetadata,
    arxiv_id_from,
    doi_from,
    looks_like_bibtex,
    lookup,
)
from ..models import Category, Paper, Venue

# An ``@article`` entry with a journal that is not arXiv: the venue is a journal.
_BIBTEX_ARTICLE = re.compile(r"^\s*@\s*article\s*[{(]", re.IGNORECASE)
_BIBTEX_JOURNAL = re.compile(r"^\s*journal\s*=", re.IGNORECASE | re.MULTILINE)


class BoundedTagField(TagField):
    """taggit's comma-separated tags, each no longer than a tag's name may be (PostgreSQL
    refuses a longer one: a server error, not a form error, without this)."""

    def clean(self, value):
        tags = super().clean(value)
        limit = Tag._meta.get_field("name").max_length
        if any(len(tag) > limit for tag in tags):
            raise ValidationError(
                _("A tag can be at most %(limit)d characters long."),
                params={"limit": limit},
                code="max_length",
            )
        return tags


class PaperLookupForm(forms.Form):
    source = forms.CharField(
        label=_("arXiv id or URL, DOI, or BibTeX entry"),
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True, "spellcheck": "false"}),
        max_length=20000,
        help_text=_(
            "For example 1512.03385, https://arxiv.org/abs/1512.03385, "
            "10.1109/CVPR.2016.90, or @inproceedings{...}."
        ),
    )

    def clean_source(self):
        text = self.cleaned_data["source"].strip()
        self.venue_kind = ""  # a kind the pasted text states (journal for an @article)
        if not looks_like_bibtex(text):
            # A paper the catalog already has needs no outside service (which may be down).
            existing = Paper.objects.find_existing(arxiv_id=arxiv_id_from(text), doi=doi_from(text))
            if existing:
                self.metadata = PaperMetadata.from_paper(existing)
                return text
        try:
            self.metadata = lookup(text)
        except MetadataUnavailable as exc:
            raise ValidationError(
                _(
                    "%(error)s Meanwhile you can paste the paper’s BibTeX entry instead: "
                    "it needs neither arXiv nor Crossref."
                ),
                params={"error": exc},
                code="unavailable",
            ) from exc
        except MetadataError as exc:
            raise ValidationError(str(exc)) from exc
        if (
            looks_like_bibtex(text)
            and _BIBTEX_ARTICLE.match(text)
            and _BIBTEX_JOURNAL.search(text)
            and self.metadata.venue.lower() != "arxiv"
        ):
            self.venue_kind = Venue.Kind.JOURNAL
        return text


class PaperConfirmForm(forms.Form):
    """The metadata found, for the member to check (and correct) before it is saved."""

    title = forms.CharField(label=_("Title"), max_length=400)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One author per line, in the paper's order."),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    # A new venue is saved under this name, so it fits the venue's short name.
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=Venue._meta.get_field("short_name").max_length,
    )
    arxiv_id = forms.CharField(label=_("arXiv id"), required=False, max_length=40)
    doi = forms.CharField(label=_("DOI"), required=False, max_length=200)
    url = forms.URLField(
        label=_("Paper page"),
        required=False,
        max_length=500,
    )
    pdf_url = forms.URLField(label=_("PDF"), required=False, max_length=500)
    venue_kind = forms.ChoiceField(
        label=_("Kind of venue"),
        required=False,
        choices=[("", _("Guess from its name")), *Venue.Kind.choices],
        help_text=_("Used only when the venue is new to the catalog."),
    )
    abstract = forms.CharField(
        label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        required=False,
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The topic pages this paper appears on."),
    )
    tags = BoundedTagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g. attention, self-supervised."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each topic right after its parent: parents in their order, subtopics under them.
        self.fields["topics"].queryset = Category.objects.select_related("parent").order_by(
            Coalesce("parent__position", "position"),
            Coalesce("parent__name", "name"),
            F("parent").asc(nulls_first=True),
            "position",
            "name",
        )

    @classmethod
    def initial_from(cls, metadata: PaperMetadata, *, venue_kind: str = "") -> dict:
        return {
            "venue_kind": venue_kind,
            "title": metadata.title,
            "authors": metadata.authors_text,
            "year": metadata.year,
            "venue": metadata.venue,
            "arxiv_id": metadata.arxiv_id,
            "doi": metadata.doi,
            "url": metadata.links.get("url", ""),
            "pdf_url": metadata.links.get("pdf_url", ""),
            "abstract": metadata.abstract,
        }

    def clean_arxiv_id(self):
        value = Paper.normalize_arxiv_id(self.cleaned_data["arxiv_id"])
        if value:
            probe = Paper(title="-", arxiv_id=value)
            try:
                probe.clean()
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["arxiv_id"]) from exc
        return value

    def clean_doi(self):
        value = Paper.normalize_doi(self.cleaned_data["doi"])
        if value and not value.startswith("10."):
            raise ValidationError(_("A DOI starts with 10. (e.g. 10.1109/CVPR.2016.90)."))
        return value

    def metadata(self) -> PaperMetadata:
        data = self.cleaned_data
        return PaperMetadata(
            title=" ".join(data["title"].split()),
            authors=[line.strip() for line in data["authors"].splitlines() if line.strip()],
            year=data["year"],
            venue=data["venue"].strip(),
            abstract=data["abstract"].strip(),
            arxiv_id=data["arxiv_id"],
            doi=data["doi"],
            links={name: data[name] for name in ("url", "pdf_url") if data[name]},
            source="form",
        )
