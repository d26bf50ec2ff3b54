"""Reader for catalogs split into review areas and monthly research trends (seed 004).

::

    ## Paper Review
    **Computer Vision**
    - Relational Knowledge Distillation (CVPR 2019)
        - [Original Paper Link](https://arxiv.org/...) / [Paper Review Link](.../210106_...pdf)

    ## Research Trends
    ### 2022
    **June, 2022**
    - SIoU Loss: More Powerful Learning for Bounding Box Regression
        - [Original Paper Link](...) / [Paper Review Link](.../2022-06-research_trends.pdf)
    May, 2022
    ...

Bold lines in the review part are areas (topics, entries marked reviewed).  In the trends part
month lines, bold or plain, open a collection; year lines (``### 2022``, ``**2021**``) only
group months.  Months with no entries are dropped.  A paper listed in both parts appears as
two entries; when both spell the same arXiv paper with different capitals, both get the better
capitalised title so the DB layer can match them.
"""

from __future__ import annotations

import re

from .base import (
    BOLD_LINE,
    LIST_ITEM,
    LinkKind,
    ParsedCatalog,
    ParsedCollection,
    ParsedEntry,
    SkippedLine,
    add_link,
    classify_link,
    clean_title,
    collapse_spaces,
    collection_for_month,
    document_title,
    find_links,
    finish_collections,
    heading_level_and_text,
    note_crossed_links,
    parse_month_heading,
    split_trailing_venue,
    strip_links,
    strip_markup,
    topics_in_order,
)

name = "areas"

_LINK_LABEL = re.compile(r"\[\s*(original\s+(paper\s+)?link|paper\s+review\s+link)\s*\]", re.I)
_TRENDS = re.compile(r"trend", re.I)
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")


def score(lines: list[str]) -> float:
    """Count ``[Original Paper Link]`` / ``[Paper Review Link]`` sub-bullets."""
    return float(sum(1 for line in lines if LIST_ITEM.match(line) and _LINK_LABEL.search(line)))


class _State:
    """Where the reader is: which part, area and month."""

    def __init__(self) -> None:
        self.part = ""  # "" (intro), "areas" or "trends"
        self.topic: tuple[str, ...] = ()
        self.collection = ""
        self.collections: list[ParsedCollection] = []

    @property
    def open(self) -> bool:
        return bool(self.topic if self.part == "areas" else self.collection)

    def heading(self, level: int, text: str) -> None:
        """``##`` headings open a part; ``#`` is the document title; deeper ones are labels."""
        if level > 2:
            if self.part:
                self.line(text)
            return
        if _TRENDS.search(text):
            self.part = "trends"
        else:
            self.part = "areas" if level == 2 else ""
        self.topic, self.collection = (), ""

    def line(self, text: str) -> bool:
        """A bold/plain label line; True when it opened an area or a month."""
        text = collapse_spaces(strip_markup(strip_links(text)))
        month = parse_month_heading(text)
        if month and self.part != "areas":
            self.part = "trends"
            collection = collection_for_month(month, text, "trends")
            self.collections.append(collection)
            self.collection = collection.key
            return True
        if self.part == "areas" and text and not _YEAR_ONLY.match(text):
            self.topic = (text,)
            return True
        return False


def _read_entry(body: str, line_no: int) -> ParsedEntry | str:
    text = collapse_spaces(strip_links(body))
    title, venue, year = split_trailing_venue(text)
    title = clean_title(title)
    if not title:
        return "list item has no paper title"
    entry = ParsedEntry(line=line_no, title=title, venue=venue, year=year)
    for label, url in find_links(body):
        add_link(entry, classify_link(url, label), url, label=label)
    return entry


def _attach_links(entry: ParsedEntry, body: str) -> None:
    for label, url in find_links(body):
        add_link(entry, classify_link(url, label), url, label=label)


def _unify_titles(entries: list[ParsedEntry]) -> None:
    """Give entries of the same arXiv paper that differ only in capitals one title."""
    by_id: dict[str, list[ParsedEntry]] = {}
    for entry in entries:
        if entry.arxiv_id:
            by_id.setdefault(entry.arxiv_id, []).append(entry)
    for group in by_id.values():
        titles = {e.title for e in group}
        if len(titles) > 1 and len({t.casefold() for t in titles}) == 1:
            best = max(sorted(titles), key=lambda t: sum(c.isupper() for c in t))
            for entry in group:
                entry.title = best


def parse(lines: list[str], source: str) -> ParsedCatalog:
    """Read an areas + research-trends catalog.  See the module docstring for the format."""
    state = _State()
    entries: list[ParsedEntry] = []
    skipped: list[SkippedLine] = []
    current: ParsedEntry | None = None
    top_indent = 0
    for index, line in enumerate(lines):
        heading = heading_level_and_text(line)
        if heading:
            state.heading(*heading)
            current = None
            continue
        item = LIST_ITEM.match(line)
        if not item:
            bold = BOLD_LINE.match(line)
            plain = line.strip()
            if (bold or (plain and parse_month_heading(plain))) and state.line(
                bold.group("text") if bold else plain
            ):
                current = None
            continue
        if not state.open:
            continue  # bullets in the introduction are prose
        body = item.group("body") or ""
        indent = len(item.group("indent").expandtabs(4))
        if current is not None and indent > top_indent:
            _attach_links(current, body)
            continue
        if _LINK_LABEL.search(body) and not strip_links(body).strip(" /|"):
            skipped.append(SkippedLine(index + 1, line, "links with no paper title above them"))
            continue
        result = _read_entry(body, index + 1)
        if isinstance(result, str):
            skipped.append(SkippedLine(index + 1, line, result))
            current = None
            continue
        top_indent = indent
        if state.part == "areas":
            result.topic, result.reviewed = state.topic, True
        else:
            result.collection = state.collection
        entries.append(result)
        current = result
    _unify_titles(entries)
    note_crossed_links(entries, [LinkKind.SLIDES])
    return ParsedCatalog(
        format=name,
        source=source,
        topics=topics_in_order(entries),
        entries=entries,
        collections=finish_collections(state.collections, entries),
        skipped=skipped,
        title=document_title(lines),
    )
