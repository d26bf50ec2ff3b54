"""The demo catalog: what the README parser makes of the four seed READMEs, kept as data.

``reviews/fixtures/demo/`` holds one JSON file per seed (the parsed catalog, facts only: the
seeds' own prose such as one-line summaries is left out) and ``reviews.json`` (presenters,
reviews written for the demo, scheduled talks and nominations). ``build_fixture`` regenerates the
catalog files from the seeds through the parser; ``load_demo`` applies them through the same
``import_catalog`` service a README import uses, so one parser and one service serve both.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import aliases as alias_table
from .importers import (
    LinkKind,
    ParsedCatalog,
    ParsedCollection,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    parse_readme,
)
from .metadata import PaperMetadata
from .models import Nomination, Paper, Presenter, Review
from .search import schedule_search_refresh
from .services.papers import ImportReport, find_paper, import_catalog, published_at_for

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"
REVIEWS_FILE = "reviews.json"
SEED_GLOB = "[0-9][0-9][0-9]_*.txt"


# --- Parsed catalogs as JSON --------------------------------------------------------------------


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def catalog_to_data(catalog: ParsedCatalog) -> dict:
    """A parsed catalog as JSON-ready data, without the seeds' prose (entry summaries and the
    text of skipped lines)."""
    data = _plain(dataclasses.asdict(catalog))
    for entry in data["entries"]:
        entry["summary"] = ""
    for skipped in data["skipped"]:
        skipped["text"] = ""
    return data


def _build(cls, data: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def catalog_from_data(data: dict) -> ParsedCatalog:
    entries = []
    for raw in data["entries"]:
        entry = _build(ParsedEntry, raw)
        entry.topic = tuple(raw.get("topic") or ())
        entry.links = {LinkKind(k): v for k, v in (raw.get("links") or {}).items()}
        entry.presentations = [
            ParsedPresentation(
                presented_on=_date(p.get("presented_on")),
                presenter=p.get("presenter", ""),
                slides_url=p.get("slides_url", ""),
            )
            for p in raw.get("presentations") or []
        ]
        entries.append(entry)
    collections = []
    for raw in data.get("collections") or []:
        collection = _build(ParsedCollection, raw)
        collection.month = _date(raw.get("month"))
        collections.append(collection)
    catalog = _build(ParsedCatalog, data)
    catalog.topics = [tuple(t) for t in data.get("topics") or []]
    catalog.entries = entries
    catalog.collections = collections
    catalog.skipped = [_build(SkippedLine, s) for s in data.get("skipped") or []]
    return catalog


def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(Path(seeds_dir).glob(SEED_GLOB))


def fixture_name(seed: Path) -> str:
    return f"{seed.stem}.json"


def build_fixture(seeds_dir: Path) -> dict[str, dict]:
    """File name -> data for every seed README in ``seeds_dir``, parsed now."""
    return {
        fixture_name(seed): catalog_to_data(parse_readme(seed.read_bytes(), source=seed.name))
        for seed in seed_files(seeds_dir)
    }


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_fixture(seeds_dir: Path, target: Path = FIXTURE_DIR) -> list[Path]:
    written = []
    for name, data in build_fixture(seeds_dir).items():
        path = target / name
        path.write_text(dump(data), encoding="utf-8")
        written.append(path)
    return written


def fixture_catalogs(directory: Path = FIXTURE_DIR) -> list[ParsedCatalog]:
    """The parsed seed catalogs the project keeps, in seed order."""
    paths = sorted(p for p in directory.glob("*.json") if p.name != REVIEWS_FILE)
    return [catalog_from_data(json.loads(p.read_text(encoding="utf-8"))) for p in paths]


# --- Loading the demo ---------------------------------------------------------------------------


@dataclass
class DemoReport:
    imports: list[ImportReport] = field(default_factory=list)
    presenters_created: int = 0
    reviews_written: int = 0
    talks_scheduled: int = 0
    nominations_created: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def papers_created(self) -> int:
        return sum(report.created for report in self.imports)

    def lines(self) -> list[str]:
        lines = []
        for report in self.imports:
            lines.append(
                f"{report.source}: {report.created} papers created, {report.updated} updated, "
                f"{report.unchanged} unchanged; {report.topics_created} topics, "
                f"{report.reviews_created} presentations, "
                f"{report.collections_created} collections created."
            )
        lines.append(
            f"Presenters created: {self.presenters_created}; reviews written for the demo: "
            f"{self.reviews_written}; talks scheduled: {self.talks_scheduled}; "
            f"nominations: {self.nominations_created}."
        )
        lines.extend(f"note: {warning}" for warning in self.warnings)
        return lines


def _load_extras(directory: Path) -> dict:
    path = directory / REVIEWS_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _alias_map(extras: dict) -> dict[str, str]:
    aliases = {}
    for presenter in extras.get("presenters") or []:
        for alias in presenter.get("aliases") or []:
            aliases[alias.casefold()] = presenter["name"]
    return aliases


def _apply_aliases(catalog: ParsedCatalog, aliases: dict[str, str]) -> None:
    for entry in catalog.entries:
        for talk in entry.presentations:
            talk.presenter = aliases.get(talk.presenter.casefold(), talk.presenter)


def apply_alias_table(catalog: ParsedCatalog) -> None:
    """Give the catalog's topics and papers the names the curated alias table keeps, and its
    misplaced links to the papers they belong to, so the import merges the duplicates."""
    catalog.topics = list(
        dict.fromkeys(alias_table.canonical_topic_path(tuple(t)) for t in catalog.topics)
    )
    for entry in catalog.entries:
        entry.title = alias_table.canonical_title(entry.title)
        entry.topic = alias_table.canonical_topic_path(tuple(entry.topic))
    by_title = {alias_table.key(entry.title): entry for entry in catalog.entries}
    for entry in catalog.entries:
        for kind, url in list(entry.links.items()):
            owner = alias_table.link_owner(url)
            if owner is None or alias_table.key(owner) == alias_table.key(entry.title):
                continue
            del entry.links[kind]
            target = by_title.get(alias_table.key(owner))
            if target is not None:
                target.links.setdefault(kind, url)


def _presenter(name: str | None, report: DemoReport) -> Presenter | None:
    if not name:
        return None
    presenter = Presenter.objects.filter(name__iexact=name).first()
    if presenter is None:
        presenter = Presenter.objects.create(name=name)
        report.presenters_created += 1
    return presenter


def _paper(ref: dict, report: DemoReport) -> Paper | None:
    paper = find_paper(PaperMetadata(title=ref.get("title", ""), arxiv_id=ref.get("arxiv_id", "")))
    if paper is None:
        report.warnings.append(f"no paper {ref.get('title')!r} in the demo catalog")
    return paper


def _load_presenters(extras: dict, report: DemoReport) -> None:
    for data in extras.get("presenters") or []:
        presenter = _presenter(data["name"], report)
        changed = False
        for name in ("affiliation", "bio"):
            if data.get(name) and not getattr(presenter, name):
                setattr(presenter, name, data[name])
                changed = True
        if changed:
            presenter.save()


def _load_reviews(extras: dict, report: DemoReport) -> None:
    for data in extras.get("reviews") or []:
        paper = _paper(data["paper"], report)
        if paper is None:
            continue
        presenter = _presenter(data.get("presenter"), report)
        presented_on = _date(data.get("presented_on"))
        review = paper.reviews.filter(presented_on=presented_on).first()
        if review is None:
            review = Review(paper=paper, presented_on=presented_on)
        if review.body and review.summary:
            continue  # written already: running the demo twice changes nothing
        review.presenter = review.presenter or presenter
        review.summary = data.get("summary", "")
        review.body = data.get("body", "")
        review.status = data.get("status", Review.Status.PUBLISHED)
        review.visibility = data.get("visibility", Review.Visibility.PUBLIC)
        if review.is_published and review.presented_on:
            review.published_at = published_at_for(review.presented_on)
        review.full_clean()
        review.save()
        schedule_search_refresh([paper.pk])
        report.reviews_written += 1
        if review.is_published and paper.status != Paper.Status.REVIEWED:
            paper.status = Paper.Status.REVIEWED
            paper.save(update_fields=["status", "updated_at"])


def _load_queue(extras: dict, report: DemoReport, today: date) -> None:
    active = [Nomination.Status.OPEN, Nomination.Status.SCHEDULED]
    for data in extras.get("schedule") or []:
        paper = _paper(data["paper"], report)
        if paper is None or paper.nominations.filter(status__in=active).exists():
            continue
        Nomination.objects.create(
            paper=paper,
            reason=data.get("reason", ""),
            status=Nomination.Status.SCHEDULED,
            presenter=_presenter(data.get("presenter"), report),
            scheduled_for=today + timedelta(weeks=int(data.get("weeks_from_now", 1))),
        )
        report.talks_scheduled += 1
        if paper.status == Paper.Status.TO_READ:
            paper.status = Paper.Status.SCHEDULED
            paper.save(update_fields=["status", "updated_at"])
    for data in extras.get("nominations") or []:
        paper = _paper(data["paper"], report)
        if paper is None or paper.nominations.filter(status__in=active).exists():
            continue
        Nomination.objects.create(paper=paper, reason=data.get("reason", ""))
        report.nominations_created += 1


@transaction.atomic
def load_demo(*, directory: Path = FIXTURE_DIR, today: date | None = None) -> DemoReport:
    """Fill the catalog with the demo; loading it again changes nothing."""
    report = DemoReport()
    extras = _load_extras(directory)
    _load_presenters(extras, report)
    aliases = _alias_map(extras)
    for catalog in fixture_catalogs(directory):
        _apply_aliases(catalog, aliases)
        apply_alias_table(catalog)
        report.imports.append(import_catalog(parsed=catalog, source=catalog.source))
    _load_reviews(extras, report)
    _load_queue(extras, report, today or timezone.localdate())
    return report
