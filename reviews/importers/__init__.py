"""Parsers that turn a study group's README paper catalog into plain dataclasses.

Use :func:`parse_readme`; it detects the format itself.  Nothing here touches Django models
or the database.
"""

from __future__ import annotations

from . import areas, bullets, generic, numbered, tables
from .base import (
    ImportFormatError,
    LinkKind,
    ParsedCatalog,
    ParsedCollection,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    prepare_lines,
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
]

#: Every reader, the specific ones first; on a tied score the earlier one wins.
READERS = (bullets, numbered, areas, tables, generic)


def _ranked(lines: list[str]) -> list[tuple[float, int]]:
    scores = [(reader.score(lines), position) for position, reader in enumerate(READERS)]
    return sorted(((s, p) for s, p in scores if s > 0), key=lambda sp: (-sp[0], sp[1]))


def detect_format(text: str) -> str:
    """The name of the reader that scores best on ``text`` ("" when none applies)."""
    ranked = _ranked(prepare_lines(text))
    return READERS[ranked[0][1]].name if ranked else ""


def parse_readme(text: str | bytes, *, source: str = "") -> ParsedCatalog:
    """Parse a README paper catalog, picking the format by scoring every reader on the text.

    The best-scoring reader parses the text; if it finds no entries the next one is tried.
    Raises :class:`ImportFormatError` when the text is not text (NUL bytes, not UTF-8) or no
    reader finds a single paper entry.
    """
    lines = prepare_lines(text)
    for _, position in _ranked(lines):
        catalog = READERS[position].parse(lines, source)
        if catalog.entries:
            for entry in catalog.entries:
                entry.year = entry.year or year_from_arxiv_id(entry.arxiv_id)
            return catalog
    raise ImportFormatError("no paper entries found: this does not look like a paper catalog")
