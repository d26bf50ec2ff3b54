"""CSV and JSON of a set of papers (the catalog's current view): one row or object per paper."""

from __future__ import annotations

import csv
import io
import json
import re
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
# Spreadsheet programs run cells that start with these as formulas, also after spaces or
# control characters they trim, and in their full-width forms (Excel in East Asian locales).
_FORMULA_START = re.compile(r"^[\s\x00-\x1f]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")
# Characters JSON may leave as they are but HTML or JavaScript would read as markup or a line
# end: escaped, so the document is safe to embed or to open in a browser.
JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_dumps(data, **kwargs) -> str:
    """``json.dumps`` whose output holds no ``<``, ``>``, ``&``, U+2028 or U+2029 (all of them
    can only occur inside strings, where the escapes mean the same characters)."""
    return json.dumps(data, **kwargs).translate(JSON_ESCAPES)


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
        "status": paper.public_status,
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
    return json_dumps({"count": len(records), "papers": records}, ensure_ascii=False, indent=2)


def _csv_value(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = "" if value is None else str(value)
    if _FORMULA_START.match(text):
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
