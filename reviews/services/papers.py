"""Finding or creating papers from imported metadata, and importing a whole parsed README.

``find_or_create_paper`` is the one place a paper enters the catalog from outside (the README,
BibTeX and arXiv imports, the members' "add a paper" form): an existing paper (same arXiv id,
DOI, or title once normalised) is completed rather than duplicated, filling only empty fields.
``import_catalog`` maps a :class:`~reviews.importers.ParsedCatalog` onto topics, venues, papers,
presenters, reviews and collections, atomically and idempotently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ..importers import ImportFormatError, LinkKind, ParsedCatalog, ParsedEntry, SkippedLine
from ..metadata import PaperMetadata
from ..models import (
    Category,
    Collection,
    CollectionEntry,
    Paper,
    Presenter,
    Review,
    Venue,
    normalize_key,
)
from ..search import schedule_search_refresh

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
#: A later entry of the same file that names a paper an earlier entry already gave.
REPEATED = "repeated"

# Reading statuses from least to most advanced: imports only ever move a paper forward.
_STATUS_RANK = {Paper.Status.TO_READ: 0, Paper.Status.SCHEDULED: 1, Paper.Status.REVIEWED: 2}
_SCALAR_FIELDS = ("short_name", "authors", "year", "institutions", "abstract", "arxiv_id", "doi")
_url_validator = URLValidator(schemes=["http", "https"])
# Filled in by ``save()``, so not validated before it.
_DERIVED = ["slug", "key", "title_key"]


#: Set while a README import runs: its rows are checked field by field, and the database's own
#: constraints (unique identifiers, non-empty slugs) are left to the database, which enforces
#: them anyway -- Django validates each constraint with a query of its own, which made a
#: 600-entry README take over 10 s.  ``find_paper`` has already looked the identifiers up, and
#: a violation still rolls the whole import back, with the entry's line.
_IN_BULK_IMPORT: ContextVar[bool] = ContextVar("in_bulk_import", default=False)


def _validated_save(instance) -> None:
    instance.full_clean(exclude=_DERIVED, validate_constraints=not _IN_BULK_IMPORT.get())
    instance.save()


@dataclass
class PaperOutcome:
    """What happened to one paper: created, updated (with the fields filled) or unchanged."""

    paper: Paper
    action: str
    changed: list[str] = field(default_factory=list)


# --- One paper ----------------------------------------------------------------------------------


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > 500:
        return ""
    try:
        _url_validator(url)
    except ValidationError:
        return ""
    return url


def resolve_venue(name: str) -> tuple[Venue | None, bool]:
    """The venue ``name`` denotes, created when new (``"CVPR, TMI"`` counts as CVPR)."""
    name = re.split(r"\s*[,;/]\s*", (name or "").strip())[0].strip(" .")
    if not normalize_key(name):
        return None, False
    venue = Venue.objects.resolve(name)
    if venue:
        return venue, False
    defaults = Venue.defaults_for(name)
    if "kind" not in defaults:
        lowered = name.lower()
        if "workshop" in lowered:
            defaults["kind"] = Venue.Kind.WORKSHOP
        elif any(w in lowered for w in ("journal", "transactions", "letters", "review")):
            defaults["kind"] = Venue.Kind.JOURNAL
    venue = Venue(**defaults)
    _validated_save(venue)
    return venue, True


def find_paper(metadata: PaperMetadata) -> Paper | None:
    """The catalog's paper for ``metadata``, or None.

    Besides the same arXiv id, DOI or normalised title, a nickname written before the title on
    one side ("EfficientNet – Rethinking Model Scaling ...") matches the full title on the other
    ("EfficientNet: Rethinking Model Scaling ...").
    """
    found = Paper.objects.find_existing(
        arxiv_id=metadata.arxiv_id, doi=metadata.doi, title=metadata.title
    )
    if found:
        return found
    key = normalize_key(metadata.title)
    if not key:
        return None
    if metadata.short_name:
        found = Paper.objects.filter(
            title_key=normalize_key(f"{metadata.short_name} {metadata.title}")
        ).first()
        if found:
            return found
    # The catalog's paper is "<its short name> <this title>": its title key is a suffix of
    # ``key``, so one indexed query over those suffixes finds it.
    suffixes = [key[i:] for i in range(1, len(key))]
    for paper in Paper.objects.exclude(short_name="").filter(title_key__in=suffixes):
        if normalize_key(paper.short_name) + paper.title_key == key:
            return paper
    return None


def _metadata_values(metadata: PaperMetadata) -> dict:
    values = {
        "short_name": metadata.short_name[:80],
        "authors": metadata.authors_text,
        "year": metadata.year if metadata.year and 1900 <= metadata.year <= 2100 else None,
        "institutions": metadata.institutions[:400],
        "abstract": metadata.abstract,
        "arxiv_id": Paper.normalize_arxiv_id(metadata.arxiv_id) if metadata.arxiv_id else "",
        "doi": Paper.normalize_doi(metadata.doi) if metadata.doi else "",
    }
    for name in Paper.LINK_FIELDS:
        values[name] = _clean_url(metadata.links.get(name, ""))
    return values


def _identifier_taken(name: str, value: str, paper: Paper) -> bool:
    return bool(value) and Paper.objects.filter(**{name: value}).exclude(pk=paper.pk).exists()


@transaction.atomic
def find_or_create_paper(
    *,
    metadata: PaperMetadata,
    status: str | None = None,
    topics: Iterable[Category] = (),
    tags: Iterable[str] = (),
) -> PaperOutcome:
    """The paper ``metadata`` describes: found and completed, or created.

    An existing paper keeps every field a curator filled; only empty fields are filled, topics
    and tags are added, and the reading status only moves forward (to read -> reviewed).
    """
    values = _metadata_values(metadata)
    venue, _ = resolve_venue(metadata.venue)
    paper = find_paper(metadata)
    topics = list(topics)
    if paper is None:
        for name in ("arxiv_id", "doi"):
            if _identifier_taken(name, values[name], Paper()):
                values[name] = ""
        paper = Paper(title=" ".join(metadata.title.split())[:400], venue=venue, **values)
        paper.status = status or Paper.Status.TO_READ
        _validated_save(paper)
        if topics:
            paper.topics.add(*topics)
        if tags:
            paper.tags.add(*tags)  # indexed with the paper: Paper.save's refresh runs on commit
        return PaperOutcome(paper, CREATED)

    changed = []
    for name, value in values.items():
        if value in ("", None) or getattr(paper, name) not in ("", None):
            continue
        if name in ("arxiv_id", "doi") and _identifier_taken(name, value, paper):
            continue
        setattr(paper, name, value)
        changed.append(name)
    if venue and paper.venue_id is None:
        paper.venue = venue
        changed.append("venue")
    if status and _STATUS_RANK.get(status, 0) > _STATUS_RANK.get(paper.status, 0):
        paper.status = status
        changed.append("status")
    if changed:
        _validated_save(paper)
    present = set(paper.topics.values_list("pk", flat=True))
    new_topics = [t for t in topics if t.pk not in present]
    if new_topics:
        paper.topics.add(*new_topics)
        changed.append("topics")
    present_tags = set(paper.tags.names())
    new_tags = [t for t in tags if t not in present_tags]
    if new_tags:
        paper.tags.add(*new_tags)
        changed.append("tags")
        schedule_search_refresh([paper.pk])
    return PaperOutcome(paper, UPDATED if changed else UNCHANGED, changed)


# --- A whole README -----------------------------------------------------------------------------


@dataclass
class EntryResult:
    """One parsed entry and what became of it, for the report and the admin preview."""

    line: int
    title: str
    action: str
    paper_id: int | None = None
    changed: list[str] = field(default_factory=list)
    topic: str = ""
    venue: str = ""
    year: int | None = None
    status: str = ""
    repeats_line: int | None = None


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    source: str
    format: str = ""
    dry_run: bool = False
    entries: list[EntryResult] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    topics_created: int = 0
    venues_created: int = 0
    presenters_created: int = 0
    reviews_created: int = 0
    collections_created: int = 0
    collections_updated: int = 0

    def _ids(self, action: str) -> set[int]:
        return {e.paper_id for e in self.entries if e.action == action}

    @property
    def created(self) -> int:
        return len(self._ids(CREATED))

    @property
    def updated(self) -> int:
        return len(self._ids(UPDATED) - self._ids(CREATED))

    @property
    def unchanged(self) -> int:
        return len(self._ids(UNCHANGED) - self._ids(CREATED) - self._ids(UPDATED))

    @property
    def changed_paper_ids(self) -> set[int]:
        return self._ids(CREATED) | self._ids(UPDATED)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.topics_created
            or self.venues_created
            or self.presenters_created
            or self.reviews_created
            or self.collections_created
            or self.collections_updated
        )

    def summary_lines(self) -> list[str]:
        """The report as plain text lines (English; the command's output)."""
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"{self.source or 'README'} ({self.format} format): {len(self.entries)} entries read.",
            f"Papers created: {self.created}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}.",
            f"Topics created: {self.topics_created}, venues created: {self.venues_created}, "
            f"presenters created: {self.presenters_created}, reviews created: "
            f"{self.reviews_created}, collections created: {self.collections_created}.",
        ]
        for entry in self.entries:
            if entry.action == UPDATED:
                lines.append(
                    f"  line {entry.line}: updated {entry.title!r} ({', '.join(entry.changed)})"
                )
            elif entry.action == REPEATED:
                lines.append(
                    f"  line {entry.line}: {entry.title!r} is the paper of line {entry.repeats_line}"
                )
        lines.append(f"Lines skipped: {len(self.skipped)}.")
        for skipped in self.skipped:
            lines.append(f"  line {skipped.line}: {skipped.reason}: {skipped.text.strip()}")
        for warning in self.warnings:
            lines.append(f"  note: {warning}")
        if self.dry_run:
            lines.append(f"Dry run: nothing {verb} written.")
        return lines


def entry_status(entry: ParsedEntry, *, shared_slides: str = "") -> str:
    """The reading status an entry states: bold/checked = reviewed, plain = to read; without a
    mark, a talk, a summary, review or slides of its own means the group reviewed it (someone
    else's blog article, ``entry.not_reviews``, does not)."""
    status = getattr(entry, "status", "")
    if status in Paper.Status.values:
        return status
    if entry.reviewed is True:
        return Paper.Status.REVIEWED
    if entry.reviewed is False:
        return Paper.Status.TO_READ
    others = set(getattr(entry, "not_reviews", ()))
    own = {
        k: v
        for k, v in entry.links.items()
        if not (shared_slides and v == shared_slides) and v not in others
    }
    if any(p.presented_on for p in entry.presentations) or any(
        own.get(kind) for kind in (LinkKind.SUMMARY, LinkKind.REVIEW, LinkKind.SLIDES)
    ):
        return Paper.Status.REVIEWED
    return Paper.Status.TO_READ


def entry_metadata(entry: ParsedEntry, *, shared_slides: str = "") -> PaperMetadata:
    authors = list(entry.authors)
    if entry.authors_et_al and authors:
        authors.append("et al.")
    links = {
        kind.value: url
        for kind, url in entry.links.items()
        if url and not (shared_slides and url == shared_slides)
    }
    return PaperMetadata(
        title=entry.title,
        short_name=entry.short_name,
        authors=authors,
        year=entry.year,
        venue=entry.venue,
        institutions=entry.institutions,
        arxiv_id=entry.arxiv_id,
        doi=entry.doi,
        links=links,
        source="readme",
    )


class _Catalog:
    """The rows one import works with, cached so each topic/presenter is looked up once."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.topics: dict[tuple[str, ...], Category] = {}
        self.presenters: dict[str, Presenter] = {}
        self.next_position = (Category.objects.aggregate(m=Max("position"))["m"] or 0) + 1

    def topic(self, path: tuple[str, ...]) -> Category | None:
        path = tuple(p for p in path if p.strip())[:2]
        if not path:
            return None
        if path in self.topics:
            return self.topics[path]
        parent = self.topic(path[:-1]) if len(path) > 1 else None
        name = path[-1].strip()[:120]
        category = Category.objects.filter(parent=parent, name__iexact=name).first()
        if category is None:
            category = Category(name=name, parent=parent, position=self.next_position)
            _validated_save(category)
            self.next_position += 1
            self.report.topics_created += 1
        self.topics[path] = category
        return category

    def presenter(self, name: str) -> Presenter | None:
        name = " ".join(name.split())[:120]
        if not name:
            return None
        if name not in self.presenters:
            presenter = Presenter.objects.filter(name__iexact=name).first()
            if presenter is None:
                presenter = Presenter(name=name)
                _validated_save(presenter)
                self.report.presenters_created += 1
            self.presenters[name] = presenter
        return self.presenters[name]


def published_at_for(presented_on: date | None) -> datetime | None:
    """When an imported talk counts as published: the start of its day in the site's time zone
    (None, so "now", for a review without a date)."""
    if presented_on is None:
        return None
    return timezone.make_aware(
        datetime.combine(presented_on, time.min), timezone.get_default_timezone()
    )


def _add_presentation(
    catalog: _Catalog, paper: Paper, *, presented_on: date | None, presenter: str, slides_url: str
) -> None:
    """A dated talk becomes a published, public review (once: the slides or date identify it)."""
    slides_url = _clean_url(slides_url)
    existing = paper.reviews.all()
    if slides_url:
        existing = existing.filter(slides_url=slides_url)
    else:
        existing = existing.filter(presented_on=presented_on)
    if existing.exists():
        return
    review = Review(
        paper=paper,
        presenter=catalog.presenter(presenter),
        presented_on=presented_on,
        slides_url=slides_url,
        status=Review.Status.PUBLISHED,
        visibility=Review.Visibility.PUBLIC,
        published_at=published_at_for(presented_on),
    )
    _validated_save(review)
    catalog.report.reviews_created += 1


def _add_summary_review(catalog: _Catalog, paper: Paper, entry: ParsedEntry) -> None:
    """A README's one-line summary of a paper becomes a short published review."""
    summary = " ".join(entry.summary.split())
    if not summary or paper.reviews.filter(summary=summary[:300]).exists():
        return
    review = Review(
        paper=paper,
        summary=summary[:300],
        body=summary if len(summary) > 300 else "",
        summary_url=_clean_url(entry.links.get(LinkKind.SUMMARY, "")),
        status=Review.Status.PUBLISHED,
        visibility=Review.Visibility.PUBLIC,
    )
    _validated_save(review)
    schedule_search_refresh([paper.pk])  # its text is searchable
    catalog.report.reviews_created += 1


def _collection_title(parsed_title: str, month: date | None, kind: str) -> str:
    if kind == Collection.Kind.TRENDS and month:
        return f"Research trends: {month:%B %Y}"
    return parsed_title or (f"{month:%B %Y}" if month else "Reading list")


def _import_collections(
    catalog: _Catalog, parsed: ParsedCatalog, papers_by_index: dict[int, Paper]
) -> None:
    for parsed_collection in parsed.collections:
        kind = (
            parsed_collection.kind
            if parsed_collection.kind in Collection.Kind.values
            else Collection.Kind.READING_LIST
        )
        title = _collection_title(parsed_collection.title, parsed_collection.month, kind)
        collection = None
        if parsed_collection.month:
            collection = Collection.objects.filter(
                kind=kind, month=parsed_collection.month.replace(day=1)
            ).first()
        if collection is None:
            collection = Collection.objects.filter(kind=kind, title__iexact=title).first()
        description = ""
        if parsed_collection.slides_url and _clean_url(parsed_collection.slides_url):
            description = f"Slides: {parsed_collection.slides_url}"
        if collection is None:
            collection = Collection(
                title=title, kind=kind, month=parsed_collection.month, description=description
            )
            _validated_save(collection)
            catalog.report.collections_created += 1
            created = True
        else:
            created = False
        if not created and description and not collection.description:
            collection.description = description
            collection.save(update_fields=["description", "updated_at"])
            catalog.report.collections_updated += 1
        present = set(collection.entries.values_list("paper_id", flat=True))
        position = (collection.entries.aggregate(m=Max("position"))["m"] or 0) + 1
        added = False
        for index in parsed_collection.entry_indexes:
            paper = papers_by_index.get(index)
            if paper is None or paper.pk in present:
                continue
            CollectionEntry.objects.create(collection=collection, paper=paper, position=position)
            present.add(paper.pk)
            position += 1
            added = True
        if added and not created:
            catalog.report.collections_updated += 1


def _shared_slides(parsed: ParsedCatalog) -> dict[int, str]:
    """Entry index -> the slide deck its whole collection shares (a month's digest)."""
    shared = {}
    for collection in parsed.collections:
        if collection.slides_url:
            for index in collection.entry_indexes:
                shared[index] = collection.slides_url
    return shared


def _crossed_slides(entry: ParsedEntry) -> set[str]:
    """Slide links the parser thinks belong to another entry's paper."""
    prefix = f"{LinkKind.SLIDES.value} "
    return {note.split()[1] for note in entry.notes if note.startswith(prefix)}


def import_catalog(
    *, parsed: ParsedCatalog, source: str = "", dry_run: bool = False, progress=None
) -> ImportReport:
    """Write a parsed README into the catalog, or with ``dry_run`` only report what would change.

    All or nothing: any error rolls everything back. Importing the same catalog twice changes
    nothing the second time; a second README merges into the papers already there.
    """
    report = ImportReport(source=source or parsed.source, format=parsed.format, dry_run=dry_run)
    report.skipped = list(parsed.skipped)
    token = _IN_BULK_IMPORT.set(True)
    try:
        with transaction.atomic():
            _import(parsed, report, progress=progress)
            if dry_run:
                transaction.set_rollback(True)
    finally:
        _IN_BULK_IMPORT.reset(token)
    return report


def _import(parsed: ParsedCatalog, report: ImportReport, *, progress=None) -> None:
    """``progress(done, total)``, when given, hears how far the entries are."""
    catalog = _Catalog(report)
    venues_before = Venue.objects.count()
    shared = _shared_slides(parsed)
    papers_by_index: dict[int, Paper] = {}
    first_line: dict[int, int] = {}
    for index, entry in enumerate(parsed.entries):
        if progress is not None:
            progress(index, len(parsed.entries))
        try:
            _import_entry(catalog, parsed, index, entry, shared, papers_by_index, first_line)
        except ValidationError as exc:
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in exc.message_dict.items()
            )
            raise ImportFormatError(
                f"the entry {entry.title!r} cannot be saved ({problems})", line=entry.line
            ) from exc
        except IntegrityError as exc:
            raise ImportFormatError(
                f"the entry {entry.title!r} cannot be saved (the database refuses it: {exc})",
                line=entry.line,
            ) from exc
    _import_collections(catalog, parsed, papers_by_index)
    report.venues_created = Venue.objects.count() - venues_before


def _import_entry(
    catalog: _Catalog,
    parsed: ParsedCatalog,
    index: int,
    entry: ParsedEntry,
    shared: dict[int, str],
    papers_by_index: dict[int, Paper],
    first_line: dict[int, int],
) -> None:
    """Import one entry: its topic, paper, talks and summary."""
    report = catalog.report
    shared_slides = shared.get(index, "")
    topic = catalog.topic(entry.topic)
    status = entry_status(entry, shared_slides=shared_slides)
    outcome = find_or_create_paper(
        metadata=entry_metadata(entry, shared_slides=shared_slides),
        status=status,
        topics=[topic] if topic else [],
    )
    paper = outcome.paper
    papers_by_index[index] = paper
    action = outcome.action
    repeats = None
    if paper.pk in first_line:
        repeats, action = first_line[paper.pk], REPEATED
    else:
        first_line[paper.pk] = entry.line
    report.entries.append(
        EntryResult(
            line=entry.line,
            title=paper.title,
            action=action,
            paper_id=paper.pk,
            changed=outcome.changed,
            topic=str(topic) if topic else "",
            venue=str(paper.venue) if paper.venue_id else "",
            year=paper.year,
            status=paper.get_status_display(),
            repeats_line=repeats,
        )
    )
    crossed = _crossed_slides(entry)
    for note in entry.notes:
        report.warnings.append(f"line {entry.line}: {note}")
    talks = entry.presentations
    if status == Paper.Status.SCHEDULED and talks:
        # A talk still to come is no published review; the schedule is the nominations' job.
        report.warnings.append(f"line {entry.line}: a talk still to come is not imported")
        talks = []
    for talk in talks:
        if talk.slides_url == shared_slides and shared_slides:
            continue
        if talk.slides_url in crossed or talk.presented_on is None:
            continue
        _add_presentation(
            catalog,
            paper,
            presented_on=talk.presented_on,
            presenter=talk.presenter,
            slides_url=talk.slides_url,
        )
    _add_summary_review(catalog, paper, entry)
