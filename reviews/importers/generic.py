"""Fallback reader for Markdown paper catalogs the specific readers do not recognise.

It understands:

* headings as topics: ``##`` then ``###`` gives ``(parent, child)``, deeper levels flatten
  into the child level (see :func:`reviews.importers.base.plan_topics`);
* month headings and bold month lines (``### 2021-03``, ``## March 2021``, ``**June, 2022**``,
  or ``March`` under a ``## 2021`` heading) as dated collections of kind ``reading_list``;
* bullet and numbered lists of papers: ``[Title](url) (NeurIPS 2020)``, ``**Title** [pdf](u)``,
  ``(2015) Title``, ``[CVPR 2019] Title``, ``- [x] Title`` (checked = reviewed); a nested item
  made only of links adds them to the paper above; a nested item with a title is a follow-up;
  a nested prose item becomes the paper's summary;
* pipe tables and HTML tables with a paper/title column (via :mod:`.tables`).

Plain bullets count as papers only when they carry a link, a year or venue, bold, a checkbox or
links under them, or read like a title (not a sentence); other bullets are prose and ignored.
Weak candidates (a bold or plain title, a checkbox, a short link) survive only in sections where
at least half the entries are clearly papers (:func:`keep_paper_sections`), so the feature
lists of an ordinary README do not become a catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from . import tables
from .base import (
    BOLD_LINE,
    KNOWN_VENUES,
    LIST_ITEM,
    MD_LINK,
    MONTHS,
    YEAR,
    Heading,
    LinkKind,
    ParsedCatalog,
    ParsedCollection,
    ParsedEntry,
    SkippedLine,
    add_link,
    classify_link,
    classify_url,
    clean_title,
    collapse_spaces,
    collection_for_month,
    document_title,
    find_headings,
    find_links,
    finish_collections,
    normalise_venue,
    parse_authors,
    parse_month_heading,
    plan_topics,
    remove_links,
    split_trailing_venue,
    strip_links,
    strip_markup,
    topics_in_order,
)

name = "generic"

_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX✓✔])\]\s+")
_LEADING_YEAR = re.compile(rf"^[(\[]\s*(?P<year>{YEAR})\s*[)\]]\s*[:\-–—]?\s*")
_LEADING_VENUE = re.compile(
    rf"^[(\[](?P<venue>[A-Za-z][\w .&'-]{{0,30}}?)\s*'?(?P<year>{YEAR})?[)\]]\s*"
)
_BOLD_START = re.compile(r"^(\*\*|__)(?P<title>.+?)\1")
_QUOTED_START = re.compile(r"^[\"“](?P<title>[^\"”]{3,})[\"”]")
_GENERIC_LABEL = re.compile(
    r"^(paper|pdf|arxiv|abs|link|code|github|official code|project( page)?|slides?|ppt|video|"
    r"review|summary|notion|blog|post|html|website|page|doi|bib(tex)?|openreview|\W*)$",
    re.I,
)
_LINK_WORDS = re.compile(
    r"\b(paper|pdf|link|code|github|project|slides?|ppt|video|review|summary|notion|blog)\b"
)
_LINK_FILLER = frozenset(
    [
        "a",
        "the",
        "of",
        "our",
        "my",
        "original",
        "official",
        "custom",
        "full",
        "here",
        "source",
        "implementation",
        "link",
        "links",
        "paper",
        "papers",
        "pdf",
        "code",
        "github",
        "project",
        "page",
        "slide",
        "slides",
        "ppt",
        "video",
        "review",
        "summary",
        "notion",
        "blog",
        "post",
        "arxiv",
    ]
)
_VENUE_IN_TEXT = re.compile(
    rf"\b(?P<venue>{'|'.join(re.escape(v) for v in KNOWN_VENUES)})(?:\s*'?(?P<year>{YEAR}))?\b"
)
_YEAR_ONLY = re.compile(rf"^{YEAR}$")
_PAPER_HOSTS = (
    "arxiv.org",
    "doi.org",
    "openreview.net",
    "aclanthology.org",
    "thecvf.com",
    "nips.cc",
    "neurips.cc",
    "mlr.press",
    "jmlr.org",
    "ieeexplore.ieee.org",
    "dl.acm.org",
    "springer.com",
    "sciencedirect.com",
    "nature.com",
    "science.org",
    "semanticscholar.org",
    "distill.pub",
    "aaai.org",
    "ijcai.org",
    "ecva.net",
    "paperswithcode.com",
    "biorxiv.org",
    "medrxiv.org",
)
# "J. Redmon", "Kaiming He"; possessive ``*+`` and ``++`` keep "ABCDEF" from being tried as
# "A"+"B"+... (exponential backtracking on long capitalised text).
_NAME = r"(?:[A-Z][\w'’-]*+\.?\ ?)++"
# "J. Redmon et al.", "A. B, C. D and E. F et al." -- authors are only read when "et al." ends them
_AUTHORS = re.compile(
    rf"""{_NAME}(?:(?:,\ *|\ ?and\ |\ ?&\ ){_NAME})*   # names separated by commas / and
        \ *,?\ *et\.?\ ?al\b\.?""",
    re.VERBOSE,
)
MAX_TITLE_WORDS = 30


def score(lines: list[str]) -> float:
    """A low score from list items and table rows, so specific readers win when they fit."""
    items = sum(1 for line in lines if (m := LIST_ITEM.match(line)) and m.group("body"))
    rows = sum(len(t.rows) for t in tables.catalog_tables(lines))
    return 0.3 * (items + rows)


# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------


@dataclass
class _Months:
    """Tracks month headings and the collections they open."""

    year: int | None = None
    current: str = ""
    level: int = 0
    collections: list[ParsedCollection] = field(default_factory=list)

    def month_of(self, text: str) -> date | None:
        """The month a heading names, using an enclosing year heading for ``March``."""
        month = parse_month_heading(text)
        plain = strip_markup(strip_links(text)).strip(" :").lower()
        if month is None and self.year and plain in MONTHS:
            month = date(self.year, MONTHS[plain], 1)
        return month

    def open(self, month: date, title: str, level: int) -> None:
        collection = collection_for_month(
            month, collapse_spaces(strip_markup(title)), "reading_list"
        )
        if all(c.key != collection.key for c in self.collections):
            self.collections.append(collection)
        self.current, self.level = collection.key, level

    def close_for(self, level: int) -> None:
        if self.current and level <= self.level:
            self.current = ""


# --------------------------------------------------------------------------------------------
# Reading one list item
# --------------------------------------------------------------------------------------------


def _is_generic_label(label: str) -> bool:
    """``paper``, ``[[official code]]``, ``Original Paper Link``: a label that is not a title."""
    text = strip_markup(label).lower().strip("[] ")
    if _GENERIC_LABEL.match(text):
        return True
    # "Original Paper Link", "our code": short, and made only of link words. A title that
    # merely contains one ("Video Swin Transformer", "Code Llama") is not generic.
    words = re.findall(r"[a-z]+", text)
    return (
        0 < len(words) <= 4
        and all(word in _LINK_FILLER for word in words)
        and bool(_LINK_WORDS.search(text))
    )


def _is_link_only(body: str) -> bool:
    """An item made only of links with generic labels and separators between them."""
    links = find_links(body)
    if not links or not all(_is_generic_label(label) for label, _ in links):
        return False
    return not re.sub(r"[\s/|,·•:;()\[\]-]", "", remove_links(body))


def _looks_like_prose(title: str) -> bool:
    words = title.split()
    if len(words) > MAX_TITLE_WORDS:
        return True
    return len(words) > 6 and title.rstrip().endswith((".", "!", ":"))


@dataclass
class _Item:
    """What one list item says, before deciding whether it is a paper."""

    title: str = ""
    year: int | None = None
    venue: str = ""
    reviewed: bool | None = None
    marked: bool = False  # bold, checkbox, year/venue or a titled link: clearly a paper
    links: list[tuple[str, str]] = field(default_factory=list)
    title_url: str = ""
    rest: str = ""


def _take_prefixes(text: str, item: _Item) -> str:
    checkbox = _CHECKBOX.match(text)
    if checkbox:
        item.reviewed, item.marked = checkbox.group("mark") != " ", True
        text = text[checkbox.end() :]
    year = _LEADING_YEAR.match(text)
    if year:
        item.year, item.marked = int(year.group("year")), True
        return text[year.end() :]
    venue = _LEADING_VENUE.match(text)
    if (
        venue
        and not MD_LINK.match(text)
        and (venue.group("year") or _is_venue(venue.group("venue")))
    ):
        item.venue = normalise_venue(venue.group("venue"))
        item.year = int(venue.group("year")) if venue.group("year") else None
        item.marked = True
        return text[venue.end() :]
    return text


def _is_venue(text: str) -> bool:
    return bool(_VENUE_IN_TEXT.fullmatch(text.strip())) or "arxiv" in text.lower()


def _take_title(text: str, item: _Item) -> None:
    link = MD_LINK.match(text)
    bold = _BOLD_START.match(text)
    quoted = _QUOTED_START.match(text)
    if link and not _is_generic_label(link.group("label")):
        item.title, item.title_url = link.group("label"), link.group("url")
        item.rest, item.marked = text[link.end() :], True
    elif bold:
        item.title, item.rest, item.marked = bold.group("title"), text[bold.end() :], True
        inner = MD_LINK.fullmatch(item.title.strip())
        if inner:
            item.title, item.title_url = inner.group("label"), inner.group("url")
    elif quoted:
        item.title, item.rest = quoted.group("title"), text[quoted.end() :]
    else:
        first_link = MD_LINK.search(text)
        cut = first_link.start() if first_link else len(text)
        item.title, item.rest = text[:cut], text[cut:]


def _take_rest(item: _Item) -> tuple[list[str], bool]:
    """Venue, year and authors from the text after the title."""
    item.title, venue, year = split_trailing_venue(collapse_spaces(strip_links(item.title)))
    item.venue = item.venue or venue
    item.year = item.year or year
    rest = collapse_spaces(strip_markup(strip_links(item.rest)))
    found = _VENUE_IN_TEXT.search(rest)
    if found:
        item.venue = item.venue or normalise_venue(found.group("venue"))
        if found.group("year"):
            item.year = item.year or int(found.group("year"))
    if not item.year and (year_match := re.search(rf"(?<!\d){YEAR}(?!\d)", rest)):
        item.year = int(year_match.group(0))
    if item.venue or item.year:
        item.marked = True
    authors = _AUTHORS.search(rest)
    return parse_authors(authors.group(0)) if authors else ([], False)


def read_item(body: str, line_no: int) -> tuple[ParsedEntry | None, bool]:
    """A list item's text as an entry (or ``None`` when it has no title) and whether it is
    clearly meant as a paper rather than prose."""
    item = _Item()
    text = _take_prefixes(body.strip(), item)
    _take_title(text, item)
    authors, et_al = _take_rest(item)
    title = clean_title(item.title)
    if not title:
        return None, item.marked or bool(find_links(body))
    entry = ParsedEntry(
        line=line_no,
        title=title,
        year=item.year,
        venue=item.venue,
        reviewed=item.reviewed,
        authors=authors,
        authors_et_al=et_al,
    )
    if item.title_url:
        add_link(entry, classify_url(item.title_url) or LinkKind.PAPER, item.title_url)
    for label, url in find_links(item.rest):
        add_link(entry, classify_link(url, label), url)
    marked = item.marked or bool(entry.links)
    return entry, marked


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------


@dataclass
class _Open:
    """An entry whose nested items may still follow."""

    indent: int
    index: int


class _Walker:
    """Walks the lines once, keeping topic, month and list nesting state."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.months = _Months()
        headings = find_headings(lines)
        month_lines = {h.index: h for h in headings if self._is_date_heading(h)}
        topic_headings = [h for h in headings if h.index not in month_lines]
        self.date_headings: dict[int, Heading] = month_lines
        self.plan = plan_topics(lines, topic_headings)
        self.topic_levels = {h.index: h.level for h in topic_headings}
        self.tables = {t.start: t for t in tables.catalog_tables(lines)}
        self.topic: tuple[str, ...] = ()
        self.entries: list[ParsedEntry] = []
        self.skipped: list[SkippedLine] = []
        self.stack: list[_Open] = []

    def _is_date_heading(self, heading: Heading) -> bool:
        text = strip_markup(strip_links(heading.text)).strip(" :")
        if _YEAR_ONLY.match(text):
            return True
        return parse_month_heading(text) is not None or text.lower() in MONTHS

    def run(self) -> None:
        index = 0
        while index < len(self.lines):
            index = self.step(index)

    def step(self, index: int) -> int:
        line = self.lines[index]
        if index in self.tables:
            return self.table(self.tables[index])
        if index in self.date_headings:
            self.date_heading(self.date_headings[index])
        elif index in self.plan:
            self.months.close_for(self.topic_levels[index])
            self.topic, self.stack = self.plan[index], []
        elif (bold := BOLD_LINE.match(line)) and (
            month := self.months.month_of(bold.group("text"))
        ):
            self.months.open(month, bold.group("text"), 7)
            self.stack = []
        elif match := LIST_ITEM.match(line):
            self.list_item(index, match)
        return index + 1

    def date_heading(self, heading: Heading) -> None:
        text = strip_markup(strip_links(heading.text)).strip(" :")
        self.stack = []
        if _YEAR_ONLY.match(text):
            self.months.close_for(heading.level)
            self.months.year = int(text)
            return
        month = self.months.month_of(text)
        if month:
            self.months.open(month, text, heading.level)

    def table(self, table: tables.Table) -> int:
        found, missed = tables.read_table(table, self.topic)
        for entry in found:
            self.add(entry, None)
        self.skipped.extend(missed)
        self.stack = []
        return max(table.end, table.start + 1)

    def add(self, entry: ParsedEntry, parent: int | None) -> int:
        entry.topic = entry.topic or self.topic
        entry.collection = self.months.current
        entry.follow_up_of = parent
        self.entries.append(entry)
        return len(self.entries) - 1

    def list_item(self, index: int, match: re.Match[str]) -> None:
        body = match.group("body") or ""
        line_no, line = index + 1, self.lines[index]
        indent = len(match.group("indent").expandtabs(4))
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()
        parent = self.stack[-1].index if self.stack else None
        if not strip_markup(body).strip("[] "):
            self.skipped.append(SkippedLine(line_no, line, "empty list item"))
            return
        if _is_link_only(body):
            if parent is None:
                self.skipped.append(SkippedLine(line_no, line, "links with no paper title"))
                return
            for label, url in find_links(body):
                add_link(self.entries[parent], classify_link(url, label), url)
            return
        entry, marked = read_item(body, line_no)
        if entry is None:
            if marked:
                self.skipped.append(SkippedLine(line_no, line, "list item has no paper title"))
            return
        if not marked and (_looks_like_prose(entry.title) or parent is not None):
            if parent is not None and not self.entries[parent].summary:
                self.entries[parent].summary = collapse_spaces(strip_markup(strip_links(body)))
            return
        self.stack.append(_Open(indent, self.add(entry, parent)))


def is_clearly_a_paper(entry: ParsedEntry) -> bool:
    """A year, a venue, an arXiv id or DOI, a PDF or slides, a link to a paper site, or a web
    link on a title of three or more words that is not a sentence."""
    if entry.year or entry.venue or entry.arxiv_id or entry.doi:
        return True
    for kind, url in entry.links.items():
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        if kind in (LinkKind.PDF, LinkKind.SLIDES):
            return True
        if any(host == h or host.endswith("." + h) for h in _PAPER_HOSTS):
            return True
        if host and len(entry.title.split()) >= 3 and not entry.title.endswith((".", "!", ":")):
            return True
    return False


def keep_paper_sections(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    """Drop entries that are only weakly paper-like (a bold or plain title, a checkbox) in
    sections (topic + collection) where fewer than half the entries are clearly papers: such
    bullets are the feature lists and to-do lists of ordinary READMEs.  Follow-up indexes are
    renumbered; a follow-up whose parent was dropped loses the link."""
    strong = [is_clearly_a_paper(e) for e in entries]
    tally: dict[tuple[tuple[str, ...], str], list[int]] = {}
    for entry, is_strong in zip(entries, strong, strict=True):
        counts = tally.setdefault((entry.topic, entry.collection), [0, 0])
        counts[0 if is_strong else 1] += 1
    renumber: dict[int, int] = {}
    kept: list[ParsedEntry] = []
    for index, (entry, is_strong) in enumerate(zip(entries, strong, strict=True)):
        n_strong, n_weak = tally[(entry.topic, entry.collection)]
        if is_strong or n_strong >= n_weak:
            renumber[index] = len(kept)
            kept.append(entry)
    for entry in kept:
        if entry.follow_up_of is not None:
            entry.follow_up_of = renumber.get(entry.follow_up_of)
    return kept


def parse(lines: list[str], source: str) -> ParsedCatalog:
    """Read any Markdown catalog of papers as well as the rules above allow."""
    walker = _Walker(lines)
    walker.run()
    entries = keep_paper_sections(walker.entries)
    return ParsedCatalog(
        format=name,
        source=source,
        topics=topics_in_order(entries),
        entries=entries,
        collections=finish_collections(walker.months.collections, entries),
        skipped=walker.skipped,
        title=document_title(lines),
    )
