"""Reading one list item (or any one-line candidate) of a paper catalog.

The general reader (:mod:`.tree`) hands each candidate's text to :func:`read_item`, which
understands ``[Title](url) (NeurIPS 2020)``, ``**Title** [pdf](u)``, ``(2015) Title``,
``[CVPR 2019] Title``, ``- [x] Title`` (checked = reviewed), titles followed by links, venue,
year and ``A. Author et al.``; :func:`is_clearly_a_paper` says whether an entry carries the
marks of a paper (a year, venue, identifier, PDF, or a web link on a title); :class:`_Months`
tracks month headings that open dated collections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from .base import (
    KNOWN_VENUES,
    MD_LINK,
    MONTHS,
    YEAR,
    LinkKind,
    ParsedCollection,
    ParsedEntry,
    add_link,
    classify_link,
    classify_url,
    clean_title,
    collapse_spaces,
    collection_for_month,
    find_links,
    is_relative_url,
    normalise_venue,
    parse_authors,
    parse_month_heading,
    remove_links,
    split_trailing_venue,
    strip_links,
    strip_markup,
)

_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX✓✔])\]\s+")
_LEADING_YEAR = re.compile(rf"^[(\[【［]\s*(?P<year>{YEAR})\s*[)\]】］]\s*[:\-–—]?\s*")
_LEADING_VENUE = re.compile(
    rf"^[(\[【［](?P<venue>[A-Za-z][\w .&'-]{{0,30}}?)\s*'?(?P<year>{YEAR})?[)\]】］]\s*"
)
_BOLD_START = re.compile(r"^(\*\*|__)(?P<title>.+?)\1")
_QUOTED_START = re.compile(r"^[\"“](?P<title>[^\"”]{3,})[\"”]")
_GENERIC_LABEL = re.compile(
    r"^(paper|pdf|arxiv|abs|link|code|github|official code|project( page)?|slides?|ppt|video|"
    r"review|summary|notes?|memo|poster|talk|demo|notion|blog|post|html|website|page|doi|"
    r"bib(tex)?|openreview|\W*)$",
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
_FULL_DATE = re.compile(
    rf"(?<!\d){YEAR}\s*(?:[-./]\s*\d{{1,2}}\s*[-./]\s*\d{{1,2}}|년\s*\d{{1,2}}\s*월(?:\s*\d{{1,2}}\s*일)?|"
    rf"年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)(?!\d)"
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
    undated = _FULL_DATE.sub(" ", rest)  # a talk's date (2023-05-12) is no publication year
    if not item.year and (year_match := re.search(rf"(?<!\d){YEAR}(?!\d)", undated)):
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
        add_link(entry, classify_link(url, label), url, label=label)
    marked = item.marked or bool(entry.links)
    return entry, marked


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
        linked = host or is_relative_url(url)  # the group's own notes on it count too
        if linked and len(entry.title.split()) >= 3 and not entry.title.endswith((".", "!", ":")):
            return True
    return False
