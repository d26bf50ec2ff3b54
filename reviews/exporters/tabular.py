"""CSV and JSON of a set of papers (the catalog's current view): one row or object per paper."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from django.db.models import Prefetch, QuerySet

from ..models import Category, Paper

FIELDS = (
    "id",
    "title",
    "short_name",
    "authors",
    "year",
    "venue",
    "topics",
    "tags",
    "status",
    "arxiv_id",
    "doi",
    "institutions",
    *Paper.LINK_FIELDS,
    "page",
)
# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _papers(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    return papers.select_related("venue").prefetch_related(
        Prefetch("topics", queryset=Category.objects.select_related("parent")), "tags"
    )


def paper_record(paper: Paper, *, page_url: Callable[[Paper], str] | None = None) -> dict:
    """One paper as plain data: lists for authors, topics and tags."""
    record = {
        "id": paper.pk,
        "title": paper.title,
        "short_name": paper.short_name,
        "authors": paper.author_list,
        "year": paper.year,
        "venue": paper.venue.short_name if paper.venue_id else "",
        "topics": [str(topic) for topic in paper.topics.all()],
        "tags": sorted(tag.name for tag in paper.tags.all()),
        "status": paper.status,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "institutions": paper.institutions,
    }
    for name in Paper.LINK_FIELDS:
        record[name] = getattr(paper, name)
    record["page"] = page_url(paper) if page_url else paper.get_absolute_url()
    return record


def export_json(papers: QuerySet[Paper], *, page_url=None) -> str:
    records = [paper_record(p, page_url=page_url) for p in _papers(papers)]
    return json.dumps({"count": len(records), "papers": records}, ensure_ascii=False, indent=2)


def _csv_value(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def export_csv(papers: QuerySet[Paper], *, page_url=None) -> str:
    """CSV with a header row; list fields joined with "; "; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for paper in _papers(papers):
        record = paper_record(paper, page_url=page_url)
        writer.writerow([_csv_value(record[name]) for name in FIELDS])
    return buffer.getvalue()
