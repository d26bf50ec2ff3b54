"""Reader for table catalogs (seed 003), in Markdown pipe tables or HTML ``<table>`` form.

::

    ## Transformer
    From | Year | Authors | Paper | Institution | url
    ---- | ---- | ---- | ---- | ---- | ----
    Arxiv | 2020 | H. Touvron et al. | [Training ...](https://arxiv.org/...) | FAIR | [[ppt]](...)

Columns are recognised by their header names, so their order and number may vary; a table
without a paper/title column is not a catalog table.  Link cells are classified by label
(``[[official code]]``, ``[[custom code]]``, ``[[summary]]``, ``[[ppt]]``) and URL; a label with
no URL (``[official code]``) means there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .base import (
    YEAR,
    LinkKind,
    ParsedCatalog,
    ParsedEntry,
    ParsedPresentation,
    SkippedLine,
    add_link,
    classify_link,
    classify_url,
    clean_title,
    find_links,
    normalise_venue,
    parse_authors,
    parse_year,
    plan_topics,
    sectioned_catalog,
    strip_links,
    strip_markup,
)

name = "tables"

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("title", re.compile(r"^(papers?|titles?|paper titles?|paper names?)$")),
    ("year", re.compile(r"^(year|yr)$")),
    ("venue", re.compile(r"^(from|venue|conf(erence)?|published|publication|journal|source)$")),
    ("authors", re.compile(r"^(authors?|writers?)$")),
    ("institutions", re.compile(r"^(institutions?|affiliations?|organi[sz]ations?|orgs?|labs?)$")),
    ("date", re.compile(r"^(date|presented|presented on|when|study date)$")),
    ("presenter", re.compile(r"^(presenter|speaker|reviewer|by)$")),
    ("summary", re.compile(r"^(summary|tl;?dr|description|one[- ]line summary|comment)$")),
    ("status", re.compile(r"^(status|reading status|state|read\??|reviewed\??)$")),
)
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")


@dataclass
class Row:
    """One table row: its 1-based line and its cells as Markdown-ish text."""

    line: int
    cells: list[str]


@dataclass
class Table:
    """A table found in the text: header names, body rows, and where it starts."""

    start: int  # 0-based line index of the header
    end: int  # 0-based line index just after the table
    headers: list[str]
    rows: list[Row]


# --------------------------------------------------------------------------------------------
# Finding tables
# --------------------------------------------------------------------------------------------


def split_cells(line: str) -> list[str]:
    """Split a pipe-table row on ``|`` outside ``[...]``, ``(...)``, code and ``\\|``."""
    cells, current, depth, in_code = [], [], 0, False
    previous = ""
    for char in line.strip():
        if char == "`":
            in_code = not in_code
        elif not in_code and char in "[(":
            depth += 1
        elif not in_code and char in "])" and depth:
            depth -= 1
        if char == "|" and depth == 0 and not in_code and previous != "\\":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        previous = char
    cells.append("".join(current))
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.strip().endswith("|") and cells:
        cells = cells[:-1]
    return [cell.replace("\\|", "|").strip() for cell in cells]


def find_pipe_tables(lines: list[str]) -> list[Table]:
    """Pipe tables: a header row, a ``---|---`` row, then rows up to a line with no ``|``."""
    tables = []
    index = 0
    while index + 1 < len(lines):
        header, separator = lines[index], lines[index + 1]
        if "|" in header and _SEPARATOR.match(separator) and "-" in separator:
            rows = []
            cursor = index + 2
            while cursor < len(lines) and "|" in lines[cursor] and lines[cursor].strip():
                rows.append(Row(cursor + 1, split_cells(lines[cursor])))
                cursor += 1
            tables.append(Table(index, cursor, split_cells(header), rows))
            index = cursor
        else:
            index += 1
    return tables


_TABLE_BLOCK = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_TR = re.compile(r"<tr\b[^>]*>(?P<body>.*?)(?=<tr\b|</tr\s*>|</table)", re.I | re.S)
_CELL = re.compile(r"<t(?P<kind>[hd])\b[^>]*>(?P<body>.*?)(?=<t[hd]\b|</t[hd]\s*>|$)", re.I | re.S)
_ANCHOR = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>(.*?)</a\s*>""", re.I | re.S)


def _html_cell_to_markdown(cell: str) -> str:
    cell = _ANCHOR.sub(lambda m: f"[{strip_markup(m.group(2))}]({m.group(1)})", cell)
    return strip_markup(cell)


def find_html_tables(lines: list[str]) -> list[Table]:
    """``<table>`` catalogs: the first row (``<th>`` or not) names the columns."""
    text = "\n".join(lines)
    tables = []
    for block in _TABLE_BLOCK.finditer(text):
        rows = []
        for tr in _TR.finditer(block.group(0)):
            cells = [
                _html_cell_to_markdown(c.group("body")) for c in _CELL.finditer(tr.group("body"))
            ]
            if cells:
                line = text.count("\n", 0, block.start() + tr.start()) + 1
                rows.append(Row(line, cells))
        if rows:
            start = text.count("\n", 0, block.start())
            end = text.count("\n", 0, block.end()) + 1
            tables.append(Table(start, end, rows[0].cells, rows[1:]))
    return tables


def column_roles(headers: list[str]) -> dict[int, str]:
    """Which column plays which role (``title``, ``year``...); others hold links."""
    roles: dict[int, str] = {}
    for position, header in enumerate(headers):
        key = strip_markup(strip_links(header)).lower().strip(" :")
        for role, pattern in _COLUMN_ROLES:
            if pattern.match(key) and role not in roles.values():
                roles[position] = role
                break
    return roles


def catalog_tables(lines: list[str]) -> list[Table]:
    """All tables (pipe and HTML) that have a paper/title column, in document order."""
    tables = find_pipe_tables(lines) + find_html_tables(lines)
    tables = [t for t in tables if "title" in column_roles(t.headers).values()]
    return sorted(tables, key=lambda t: t.start)


def score(lines: list[str]) -> float:
    """Count body rows of catalog tables."""
    return float(sum(len(t.rows) for t in catalog_tables(lines)))


# --------------------------------------------------------------------------------------------
# Reading rows
# --------------------------------------------------------------------------------------------


def _parse_date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _read_title_cell(entry: ParsedEntry, cell: str) -> None:
    """The title, and its link classified by URL alone (the label is the title itself)."""
    entry.title = clean_title(cell)
    for position, (label, url) in enumerate(find_links(cell)):
        if position == 0 and clean_title(label) == entry.title:
            add_link(entry, classify_url(url) or LinkKind.PAPER, url)
        else:
            add_link(entry, classify_link(url, label), url)


def _read_link_cell(entry: ParsedEntry, cell: str, header: str) -> None:
    for label, url in find_links(cell):
        add_link(entry, classify_link(url, f"{label} {header}"), url)


def _apply_presentation_cells(entry: ParsedEntry, when: date | None, presenter: str) -> None:
    if when is None and not presenter:
        return
    if not entry.presentations:
        slides = entry.links.get(LinkKind.SLIDES, "")
        entry.presentations.append(ParsedPresentation(when, presenter, slides))
        return
    talk = entry.presentations[0]
    talk.presented_on = talk.presented_on or when
    talk.presenter = talk.presenter or presenter


_STATUS_WORDS = (
    (re.compile(r"\b(to[ -]?read|todo|unread|not yet|no)\b|[❌✗☐]|^\s*\[ \]"), "to_read"),
    (re.compile(r"\b(scheduled|planned|next|upcoming)\b|📅"), "scheduled"),
    (re.compile(r"\b(reviewed|done|read|presented|yes)\b|[✅✔✓☑]|^\s*\[x\]", re.I), "reviewed"),
)


def _read_status_cell(entry: ParsedEntry, cell: str) -> None:
    """A Status column: "Reviewed" / "✅", "Scheduled", "To read" (as the exporter writes them)."""
    text = strip_markup(strip_links(cell)).lower()
    for pattern, status in _STATUS_WORDS:
        if pattern.search(text):
            entry.status = status
            entry.reviewed = status == "reviewed"
            return


def read_row(row: Row, headers: list[str], roles: dict[int, str]) -> ParsedEntry | str:
    """One table row as an entry, or the reason it is not one."""
    entry = ParsedEntry(line=row.line, title="")
    when, presenter = None, ""
    for position, cell in enumerate(row.cells):
        role = roles.get(position, "links")
        header = headers[position] if position < len(headers) else ""
        if role == "title":
            _read_title_cell(entry, cell)
        elif role == "year":
            entry.year = parse_year(cell) if re.search(YEAR, cell) else None
        elif role == "venue":
            entry.venue = normalise_venue(strip_markup(strip_links(cell)))
        elif role == "authors":
            entry.authors, entry.authors_et_al = parse_authors(strip_links(cell))
        elif role == "institutions":
            entry.institutions = strip_markup(strip_links(cell))
        elif role == "date":
            when = _parse_date(cell)
        elif role == "presenter":
            presenter = strip_markup(strip_links(cell))
        elif role == "status":
            _read_status_cell(entry, cell)
        elif role == "summary" and not find_links(cell):
            entry.summary = strip_markup(cell).strip(" -")
        else:
            _read_link_cell(entry, cell, header)
    if not entry.title:
        return "table row has no paper title"
    _apply_presentation_cells(entry, when, presenter)
    return entry


def read_table(table: Table, topic: tuple[str, ...]) -> tuple[list[ParsedEntry], list[SkippedLine]]:
    """Entries from one catalog table, all under ``topic``; rows with no title are skipped."""
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    roles = column_roles(table.headers)
    for row in table.rows:
        if not any(cell.strip(" -") for cell in row.cells):
            continue
        result = read_row(row, table.headers, roles)
        if isinstance(result, str):
            skipped.append(SkippedLine(row.line, " | ".join(row.cells), result))
            continue
        result.topic = topic
        entries.append(result)
    return entries, skipped


def read_tables(
    lines: list[str], plan: dict[int, tuple[str, ...]]
) -> tuple[list[ParsedEntry], list[SkippedLine]]:
    """Entries from every catalog table, each under the topic of the heading above it."""
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    headings = sorted(plan)
    for table in catalog_tables(lines):
        above = [i for i in headings if i < table.start]
        found, missed = read_table(table, plan[above[-1]] if above else ())
        entries.extend(found)
        skipped.extend(missed)
    return entries, skipped


def parse(lines: list[str], source: str) -> ParsedCatalog:
    """Read a table catalog.  See the module docstring for the format."""
    entries, skipped = read_tables(lines, plan_topics(lines))
    return sectioned_catalog(
        format=name, source=source, lines=lines, entries=entries, skipped=skipped
    )
