"""Reader for numbered review lists with one-line summaries (seed 001).

::

    1. [Very deep convolutional networks for large-scale image recognition](.../VGG16.md)

    => 대량의 이미지 분류에 대한 ...

Each item links to the group's review (a ``.md`` file, kind SUMMARY); the ``=>`` line under it
is the summary.  Numbered items that neither start with ``[`` nor have a summary are prose.  A title may wrap onto the next line inside the brackets; an item with an empty
link ``[Title]()`` is kept with no link.
"""

from __future__ import annotations

import re

from .base import (
    MD_LINK,
    LinkKind,
    ParsedCatalog,
    ParsedEntry,
    SkippedLine,
    add_link,
    classify_link,
    clean_title,
    collapse_spaces,
    find_links,
    heading_level_and_text,
    note_crossed_links,
    plan_topics,
    sectioned_catalog,
    split_trailing_venue,
    strip_links,
)

name = "numbered"

NUMBERED = re.compile(r"^\s{0,3}(?P<number>\d{1,4})[.)]\s+(?P<body>.*?)\s*$")
SUMMARY = re.compile(r"^\s*(?:=>|->|→|⇒)\s?(?P<text>.*?)\s*$")
MAX_WRAPPED_LINES = 3


def _summary_follows(lines: list[str], start: int) -> bool:
    for line in lines[start:]:
        if not line.strip():
            continue
        return bool(SUMMARY.match(line))
    return False


def score(lines: list[str]) -> float:
    """Count numbered ``[Title](...)`` items whose next non-blank line is an ``=>`` summary."""
    hits = 0
    for index, line in enumerate(lines):
        match = NUMBERED.match(line)
        if match and match.group("body").startswith("[") and _summary_follows(lines, index + 1):
            hits += 1
    return float(hits)


def _join_wrapped(lines: list[str], index: int, body: str) -> tuple[str, int]:
    """Join a ``[Title`` that wraps onto following lines; return the text and the last index."""
    last = index
    while (
        body.startswith("[")
        and not MD_LINK.match(body)
        and "](" not in body
        and last + 1 < len(lines)
        and last - index < MAX_WRAPPED_LINES
        and lines[last + 1].strip()
    ):
        last += 1
        body = f"{body} {lines[last].strip()}"
    return body, last


def _read_body(body: str, line_no: int) -> ParsedEntry | str:
    """An item's text as an entry, or the reason it is not one."""
    match = MD_LINK.match(body)
    title, url, rest = body, "", ""
    if match:
        title, url, rest = match.group("label"), match.group("url"), body[match.end() :]
    title, venue, year = split_trailing_venue(collapse_spaces(strip_links(title)))
    _, rest_venue, rest_year = split_trailing_venue(collapse_spaces(strip_links(rest)))
    title = clean_title(title)
    if not title:
        return "numbered item has no paper title"
    entry = ParsedEntry(
        line=line_no, title=title, venue=venue or rest_venue, year=year or rest_year
    )
    if url:
        add_link(entry, classify_link(url) or LinkKind.PAPER, url)
    for label, extra in find_links(rest):
        add_link(entry, classify_link(extra, label), extra)
    return entry


def _read_summary(lines: list[str], start: int) -> str:
    """The ``=>`` text after an item (blank lines may sit between), "" when there is none."""
    for line in lines[start:]:
        if not line.strip():
            continue
        match = SUMMARY.match(line)
        return collapse_spaces(match.group("text")) if match else ""
    return ""


def parse(lines: list[str], source: str) -> ParsedCatalog:
    """Read a numbered review list.  See the module docstring for the format."""
    plan = plan_topics(lines)
    topic: tuple[str, ...] = ()
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in plan:
            topic = plan[index]
        match = NUMBERED.match(line)
        if not match or heading_level_and_text(line):
            index += 1
            continue
        body, last = _join_wrapped(lines, index, match.group("body"))
        if not body.startswith("[") and not _summary_follows(lines, last + 1):
            index = last + 1
            continue  # a numbered step of prose, not a review entry
        result = _read_body(body, index + 1)
        if isinstance(result, str):
            skipped.append(SkippedLine(index + 1, line, result))
        else:
            result.topic = topic
            result.summary = _read_summary(lines, last + 1)
            entries.append(result)
        index = last + 1
    note_crossed_links(entries, [LinkKind.SUMMARY, LinkKind.REVIEW])
    return sectioned_catalog(
        format=name, source=source, lines=lines, entries=entries, skipped=skipped
    )
