"""Parsers that turn a study group's README paper catalog into plain dataclasses.

Use :func:`parse_readme`; it detects the format itself.  Nothing here touches Django models
or the database.
"""

from __future__ import annotations

from urllib.parse import urljoin

from . import areas, bullets, tree
from .base import (
    ImportFormatError,
    LinkKind,
    ParsedCatalog,
    ParsedCollection,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    is_relative_url,
    mark_review_evidence,
    prepare_lines,
    topics_in_order,
    year_from_arxiv_id,
)

__all__ = [
    "READERS",
    "ImportFormatError",
    "LinkKind",
    "ParsedCatalog",
    "ParsedCollection",
    "ParsedEntry",
    "ParsedPresentation",
    "SkippedLine",
    "detect_format",
    "parse_readme",
    "validate_mapping",
]

#: The roles a table column can be given in a mapping.
COLUMN_ROLES = (
    "title",
    "year",
    "venue",
    "authors",
    "institutions",
    "date",
    "presenter",
    "status",
    "summary",
    "links",
    "index",
    "ignore",
)

#: Every reader, the specific ones first; on a tied score the earlier one wins.  ``tree`` is
#: the one general reader: it scores candidate entries in any README's Markdown tree (lists,
#: headings, blocks, pipe and HTML tables) and reads seed 001's numbered list and seed 003's
#: tables exactly.  Two specific readers remain for the seed shapes it does not read exactly
#: yet: ``bullets`` (seed 000: bold "(year) Nick – Title" bullets, nicknames, follow-ups) and
#: ``areas`` (seed 004: bold area lines as topics, research-trend months).
READERS = (bullets, areas, tree)


def _ranked(lines: list[str], general: ParsedCatalog) -> list[tuple[float, int]]:
    scores = [
        (tree.score_catalog(general) if reader is tree else reader.score(lines), position)
        for position, reader in enumerate(READERS)
    ]
    return sorted(((s, p) for s, p in scores if s > 0), key=lambda sp: (-sp[0], sp[1]))


def detect_format(text: str) -> str:
    """The name of the reader that scores best on ``text`` ("" when none applies)."""
    lines = prepare_lines(text)
    ranked = _ranked(lines, tree.parse(lines, ""))
    return READERS[ranked[0][1]].name if ranked else ""


def parse_readme(
    text: str | bytes, *, source: str = "", base_url: str = "", mapping: dict | None = None
) -> ParsedCatalog:
    """Parse a README paper catalog, picking the format by scoring every reader on the text.

    The best-scoring reader parses the text; if it finds no entries the next one is tried.
    A curator's ``mapping`` (see :func:`apply_mapping`) makes the general reader read it.
    ``base_url`` (``https://github.com/OWNER/REPO/blob/BRANCH/``) makes relative links absolute;
    without it they still count as the group's review evidence and are noted.
    Raises :class:`ImportFormatError` when the text is not text (NUL bytes, not UTF-8), no
    reader finds a single entry, or (without a mapping) none of the entries reads as a paper.
    """
    lines = prepare_lines(text)
    general = tree.parse(lines, source, mapping)
    reads_tree = mapping and (mapping.get("columns") or mapping.get("include_sections"))
    ranked = [(0.0, READERS.index(tree))] if reads_tree else _ranked(lines, general)
    for _, position in ranked:
        reader = READERS[position]
        catalog = general if reader is tree else reader.parse(lines, source)
        catalog = apply_mapping(catalog, mapping)
        if catalog.entries:
            if not mapping and not any(tree.is_plausible_paper(e) for e in catalog.entries):
                raise ImportFormatError(
                    f"none of the {len(catalog.entries)} entries found reads as a paper (no "
                    "identifier, year, venue, authors, paper link or paper-like title): "
                    "nothing was imported; check the file or give a mapping"
                )
            mark_review_evidence(catalog.entries, base_url)
            for entry in catalog.entries:
                entry.year = entry.year or year_from_arxiv_id(entry.arxiv_id)
                resolve_relative_links(entry, base_url)
            return catalog
    raise ImportFormatError("no paper entries found: this does not look like a paper catalog")


def apply_mapping(catalog: ParsedCatalog, mapping: dict | None) -> ParsedCatalog:
    """Drop what the curator said is not a paper.

    A mapping is a dict (saved as JSON): ``columns`` maps a table header to a role (``title``,
    ``year``, ``venue``, ``authors``, ``date``, ``presenter``, ``status``, ``summary``,
    ``links``, ``ignore``), ``exclude_sections`` lists headings whose entries are not papers,
    ``not_papers`` lists line numbers that are not papers.
    """
    if not mapping:
        return catalog
    lines = {int(n) for n in mapping.get("not_papers", [])}
    excluded = {str(s).lower() for s in mapping.get("exclude_sections", [])}
    kept, renumber = [], {}
    for index, entry in enumerate(catalog.entries):
        if entry.line in lines:
            catalog.skipped.append(SkippedLine(entry.line, entry.title, "marked as not a paper"))
        elif any(part.lower() in excluded for part in entry.topic):
            catalog.skipped.append(SkippedLine(entry.line, entry.title, "section excluded"))
        else:
            renumber[index] = len(kept)
            kept.append(entry)
    for entry in kept:
        if entry.follow_up_of is not None:
            entry.follow_up_of = renumber.get(entry.follow_up_of)
    for collection in catalog.collections:
        collection.entry_indexes = [renumber[i] for i in collection.entry_indexes if i in renumber]
    catalog.entries = kept
    catalog.topics = topics_in_order(kept)
    return catalog


def resolve_relative_links(entry: ParsedEntry, base_url: str) -> None:
    """Make ``notes/x.md`` absolute against ``base_url``; without one, note that it is relative
    (it still counts as the group's review of the paper)."""
    for kind, url in list(entry.links.items()):
        if not is_relative_url(url):
            continue
        if base_url:
            absolute = urljoin(base_url.rstrip("/") + "/", url.removeprefix("./").lstrip("/"))
            entry.links[kind] = absolute
            for talk in entry.presentations:
                if talk.slides_url == url:
                    talk.slides_url = absolute
        else:
            entry.notes.append(
                f"relative link {url} counts as the group's review; "
                "give the repository's base URL to keep it"
            )


def validate_mapping(data) -> dict:
    """A curator's mapping as :func:`parse_readme` takes it, checked; ``ValueError`` says what
    is wrong.  Keys: ``columns`` ({header: role}), ``exclude_sections`` and
    ``include_sections`` (heading texts), ``not_papers`` (line numbers)."""
    if not isinstance(data, dict):
        raise ValueError("a mapping is a JSON object")
    unknown = set(data) - {"columns", "exclude_sections", "include_sections", "not_papers"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and v in COLUMN_ROLES for k, v in columns.items()
    ):
        raise ValueError(f"columns maps a header to one of: {', '.join(COLUMN_ROLES)}")
    mapping: dict = {"columns": dict(columns)} if columns else {}
    for key in ("exclude_sections", "include_sections"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{key} is a list of headings")
        if value:
            mapping[key] = list(dict.fromkeys(value))
    lines = data.get("not_papers", [])
    if not isinstance(lines, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in lines
    ):
        raise ValueError("not_papers is a list of line numbers")
    if lines:
        mapping["not_papers"] = sorted(set(lines))
    return mapping
