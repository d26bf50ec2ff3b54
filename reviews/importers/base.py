"""Shared data shapes and helpers for the README catalog parsers.

Everything here is plain Python: no Django import, no database.  The readers in the sibling
modules turn a README's text into a :class:`ParsedCatalog`; a separate service maps that onto
model rows.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol
from urllib.parse import unquote, urlsplit

import ftfy

# --------------------------------------------------------------------------------------------
# Data shapes
# --------------------------------------------------------------------------------------------


class LinkKind(StrEnum):
    """The kind of a link; the values are the Paper model's URL field names."""

    PAPER = "url"  # arXiv abs page, DOI, openaccess page, distill.pub article ...
    PDF = "pdf_url"  # arxiv.org/pdf/..., *.pdf of the paper itself
    CODE = "code_url"  # official code (GitHub etc.)
    OUR_CODE = "our_code_url"  # the group's own implementation
    SUMMARY = "summary_url"  # Notion page, blog post, review .md in the group's repo
    SLIDES = "slides_url"  # a slides PDF/PPTX
    REVIEW = "review_url"  # a written review document
    VIDEO = "video_url"  # YouTube etc.


@dataclass
class ParsedPresentation:
    """One talk about a paper, as far as a slide file name tells it."""

    presented_on: date | None
    presenter: str  # "" when the file name names nobody
    slides_url: str


@dataclass
class ParsedEntry:
    """One paper as a README lists it."""

    line: int  # 1-based line number where the entry starts
    title: str
    short_name: str = ""
    year: int | None = None
    venue: str = ""
    authors: list[str] = field(default_factory=list)
    authors_et_al: bool = False
    institutions: str = ""
    topic: tuple[str, ...] = ()
    reviewed: bool | None = None
    links: dict[LinkKind, str] = field(default_factory=dict)
    arxiv_id: str = ""
    doi: str = ""
    summary: str = ""
    presentations: list[ParsedPresentation] = field(default_factory=list)
    follow_up_of: int | None = None
    collection: str = ""
    #: Things a human should check, e.g. a review link that seems to belong to another paper.
    notes: list[str] = field(default_factory=list)
    #: A reading status the README states outright (a Status column): "to_read", "scheduled"
    #: or "reviewed"; "" when it does not say.
    status: str = ""
    #: The label each link had in the README (``review``, ``블로그``, the paper's title ...).
    link_labels: dict[str, str] = field(default_factory=dict)
    #: Summary/review links that are not the group's own notes (someone else's blog article):
    #: kept as links, but no evidence that the group reviewed the paper.
    not_reviews: list[str] = field(default_factory=list)


@dataclass
class ParsedCollection:
    """A dated group of entries, e.g. one month of research-trend picks."""

    key: str
    title: str
    month: date | None
    kind: str = "trends"
    entry_indexes: list[int] = field(default_factory=list)
    #: One slide deck shared by the whole collection, when every entry points at the same one.
    slides_url: str = ""


@dataclass
class SkippedLine:
    """A line that looked like an entry but could not be read as one."""

    line: int
    text: str
    reason: str


@dataclass
class ParsedCatalog:
    """Everything a reader got out of one README."""

    format: str
    source: str
    topics: list[tuple[str, ...]]
    entries: list[ParsedEntry]
    collections: list[ParsedCollection]
    skipped: list[SkippedLine]
    #: The document's own title (its lone ``#`` heading), "" when it has none.
    title: str = ""


class ImportFormatError(ValueError):
    """The text is not a README catalog this package can read."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class Reader(Protocol):
    """What every format module provides."""

    name: str

    def score(self, lines: list[str]) -> float:
        """How strongly the text looks like this format (0 = not at all)."""

    def parse(self, lines: list[str], source: str) -> ParsedCatalog:
        """Read the catalog; ``lines`` are already cleaned by :func:`prepare_lines`."""


# --------------------------------------------------------------------------------------------
# Text preparation and mojibake repair
# --------------------------------------------------------------------------------------------


def prepare_lines(text: str | bytes) -> list[str]:
    """Check that ``text`` is text, normalise line ends and repair mojibake, line by line.

    Raises :class:`ImportFormatError` for bytes that are not UTF-8 and for NUL bytes, with the
    line number of the first offending byte.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            raise ImportFormatError("the file is not UTF-8 text", line=line) from exc
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ImportFormatError("the file is not text (it contains NUL bytes)", line=line)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [repair_mojibake(line) for line in text.split("\n")]


def _mac_roman_high_chars() -> str:
    chars = bytes(range(0x80, 0x100)).decode("mac_roman")
    return "".join(re.escape(c) for c in chars)


# A run of two or more non-ASCII characters that all exist in Mac Roman: UTF-8 bytes of one
# character (2-4 bytes, all >= 0x80) decoded as Mac Roman always give such a run.
_MAC_ROMAN_RUN = re.compile(f"[{_mac_roman_high_chars()}]{{2,}}")


def _undo_mac_roman(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        fixed = run.encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return run
    if any("\x80" <= ch <= "\x9f" for ch in fixed):  # C1 controls: not a real repair
        return run
    if unicodedata.category(fixed[0]).startswith("M"):  # a lone combining mark: "Ã©" -> "̩"
        return run
    return fixed


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Mac Roman (``√ñ. √ái√ßek`` -> ``Ö. Çiçek``).

    ftfy's ``fix_encoding`` goes first (Windows-1252/Latin-1 ``Ã©`` and much Mac Roman; its
    other, riskier fixes stay off).  Then each remaining run of two or more non-ASCII Mac Roman
    characters is re-encoded as Mac Roman and decoded as UTF-8 -- ftfy misses short runs such as
    the emoji in ``# \uf8ffüé≤ Paper-code-review``.  A run that is not valid UTF-8 afterwards
    (``Café``, ``µLayer``, ``–``) or would start with a combining mark is kept as it is.
    """
    if text.isascii():
        return text
    text = ftfy.fix_encoding(text)
    return _MAC_ROMAN_RUN.sub(_undo_mac_roman, text)


# --------------------------------------------------------------------------------------------
# Markdown bits
# --------------------------------------------------------------------------------------------

HEADING = re.compile(r"^\s{0,3}(?P<hashes>\#{1,6})\s+(?P<text>.*?)\s*\#*\s*$")
BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
LIST_ITEM = re.compile(
    r"""^(?P<indent>[ \t]*)
        (?P<marker>[-*+]|\d{1,4}[.)])
        (?:[ \t]+(?P<body>.*?))?\s*$""",
    re.VERBOSE,
)
# [label](url) and [[label]](url); the URL may hold one level of balanced parentheses.
MD_LINK = re.compile(
    r"""\[\[?(?P<label>[^\[\]]*)\]?\]
        \(\s*(?P<url>(?:[^()\s]|\([^()\s]*\))*)\s*(?:"[^"]*")?\)""",
    re.VERBOSE,
)
HTML_LINK = re.compile(
    r"""<a\s[^>]*?href\s*=\s*["']?(?P<url>[^"'\s>]+)[^>]*>(?P<label>.*?)</a>""", re.I
)
BARE_URL = re.compile(r"""(?<![(\["'=])\bhttps?://[^\s<>()\[\]"']+""")
HTML_TAG = re.compile(r"<[^>]+>")
MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`|~~)")


def heading_level_and_text(line: str) -> tuple[int, str] | None:
    """``"## CNN "`` -> ``(2, "CNN")``; ``None`` for a line that is not an ATX heading."""
    match = HEADING.match(line)
    if not match:
        return None
    return len(match.group("hashes")), match.group("text")


def find_links(text: str) -> list[tuple[str, str]]:
    """All ``(label, url)`` pairs in Markdown, HTML or bare form, in order of appearance.

    ``[[official code]](u)`` gives ``("official code", u)``; ``[Title]()`` gives
    ``("Title", "")``.  A bracketed label with no ``(url)`` is not a link.
    """
    found: list[tuple[int, str, str]] = []
    for match in MD_LINK.finditer(text):
        found.append((match.start(), match.group("label").strip(), match.group("url").strip()))
    for match in HTML_LINK.finditer(text):
        label = strip_markup(match.group("label"))
        found.append((match.start(), label, html.unescape(match.group("url"))))
    covered = [m.span() for m in MD_LINK.finditer(text)] + [
        m.span() for m in HTML_LINK.finditer(text)
    ]
    for match in BARE_URL.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            url = match.group(0).rstrip(".,;:")
            found.append((match.start(), "", url))
    return [(label, url) for _, label, url in sorted(found)]


def strip_links(text: str) -> str:
    """Replace Markdown/HTML links by their labels and drop bare URLs."""
    text = MD_LINK.sub(lambda m: m.group("label"), text)
    text = HTML_LINK.sub(lambda m: m.group("label"), text)
    return BARE_URL.sub("", text)


def remove_links(text: str) -> str:
    """Drop links entirely, labels included, keeping the text around them."""
    return BARE_URL.sub("", HTML_LINK.sub("", MD_LINK.sub("", text)))


def strip_markup(text: str) -> str:
    """Drop HTML tags (``<br>`` becomes a space), entities, and Markdown emphasis markers."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = HTML_TAG.sub("", text)
    text = html.unescape(text)
    text = MD_EMPHASIS.sub("", text)
    return collapse_spaces(text)


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space and trim."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


_EMOJI_EDGE = re.compile(r"^[^\w(\[]+|[^\w)\]?!.+]+$")


def clean_topic(text: str) -> str:
    """Heading text as a topic name: no links, markup or emoji; ``CNN(Conv..)`` spaced."""
    text = strip_markup(strip_links(text))
    text = _EMOJI_EDGE.sub("", text)
    text = re.sub(r"(?<=[A-Za-z0-9])\((?=[A-Za-z])", " (", text)
    return collapse_spaces(text)


# --------------------------------------------------------------------------------------------
# Titles, venues, years, authors
# --------------------------------------------------------------------------------------------

KNOWN_VENUES = [
    "AAAI",
    "ACCV",
    "ACL",
    "ACM",
    "AISTATS",
    "BMVC",
    "CHI",
    "CoRL",
    "COLING",
    "CVPR",
    "CVPRW",
    "ECCV",
    "EMNLP",
    "ICASSP",
    "ICCV",
    "ICDAR",
    "ICLR",
    "ICML",
    "ICRA",
    "IJCAI",
    "IJCV",
    "INTERSPEECH",
    "IROS",
    "JMLR",
    "KDD",
    "MICCAI",
    "MIDL",
    "NAACL",
    "NeurIPS",
    "NIPS",
    "RecSys",
    "CIKM",
    "ICDM",
    "EACL",
    "LREC",
    "RSS",
    "SIGGRAPH",
    "SIGIR",
    "TACL",
    "TIP",
    "TMI",
    "TNNLS",
    "TPAMI",
    "UAI",
    "WACV",
    "WSDM",
    "WWW",
    "Nature",
    "Science",
    "arXiv",
    "Arxiv",
]
_VENUE_WORDS = {v.lower() for v in KNOWN_VENUES}

YEAR = r"(?:19[5-9]\d|20\d\d)"
# "(CVPR 2019)", "(2019)", "(ICCV Workshop 2019)", "(NeurIPS)", "(Tech report. arXiv v2)", "()"
_TRAILING_PAREN = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")
_VENUE_YEAR = re.compile(
    rf"""^(?P<venue>[A-Za-z][\w&.,'/ -]{{0,60}}?)?[\s,'’]*(?P<year>{YEAR})$""", re.VERBOSE
)


def normalise_venue(venue: str) -> str:
    """Trim a venue; anything mentioning arXiv becomes ``"arXiv"``.  The DB layer does the rest."""
    venue = collapse_spaces(venue).strip(" .,;:")
    if "arxiv" in venue.lower():
        return "arXiv"
    return venue


def looks_like_venue(text: str) -> bool:
    """True for "CVPR", "ICCV Workshop", "Tech report. arXiv v2"; False for "You Only Look Once"."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words or len(words) > 6:
        return False
    if "arxiv" in text.lower():
        return True
    return words[0].lower() in _VENUE_WORDS


def parse_venue_year(inner: str) -> tuple[str, int | None] | None:
    """Read the inside of a trailing parenthesis as venue and year; ``None`` if it is neither.

    ``"CVPR 2019"`` -> ``("CVPR", 2019)``, ``"2019"`` -> ``("", 2019)``,
    ``"Tech report. arXiv v2"`` -> ``("arXiv", None)``, ``""`` -> ``("", None)``.
    """
    inner = collapse_spaces(inner)
    if not inner:
        return "", None
    match = _VENUE_YEAR.match(inner)
    if match:
        venue = (match.group("venue") or "").strip()
        if not venue or looks_like_venue(venue) or re.fullmatch(r"[A-Z][a-z]*[A-Z]\w*", venue):
            return normalise_venue(venue), int(match.group("year"))
        return None
    if looks_like_venue(inner):
        return normalise_venue(inner), None
    return None


def split_trailing_venue(text: str) -> tuple[str, str, int | None]:
    """``"GhostNet: ... (CVPR 2020)"`` -> ``("GhostNet: ...", "CVPR", 2020)``.

    A trailing parenthesis that is not a venue/year (``"YOLO(You Only Look Once)"``) stays.
    A dangling word "Paper" before the parenthesis is dropped ("... deployment Paper (NeurIPS)").
    """
    match = _TRAILING_PAREN.search(text)
    if not match:
        return text, "", None
    parsed = parse_venue_year(match.group("inner"))
    if parsed is None:
        return text, "", None
    rest = text[: match.start()].rstrip(" ,;-–—")
    if parsed[0]:
        rest = re.sub(r"\s+Paper$", "", rest)
    return rest, parsed[0], parsed[1]


def parse_year(text: str) -> int | None:
    """The first plausible publication year in ``text`` ("2019", "CVPR'19" is not read)."""
    match = re.search(rf"(?<!\d){YEAR}(?!\d)", text)
    return int(match.group(0)) if match else None


def _undouble(title: str) -> str:
    """``"Masked ... LearnersMasked ... Learners"`` (pasted twice) -> once."""
    half, rest = divmod(len(title), 2)
    for cut in {half, half + rest}:
        left, right = title[:cut].strip(), title[cut:].strip()
        if len(left) > 10 and left == right:
            return left
    return title


def clean_title(text: str) -> str:
    """A paper title as a reader should store it.

    Drops markup and links, collapses spaces, removes an empty ``()``, undoes a title pasted
    twice, adds the missing space in ``YOLO9000:Better,Faster`` and turns ``_`` between words
    into spaces (``Post_Training``), except in code-like words such as ``torch.manual_seed``.
    """
    text = strip_markup(strip_links(text))
    text = re.sub(r"(?<![\w.])\(\s*\)", "", text)  # but ``LLM.int8()`` keeps its own
    text = re.sub(r"(?<=[A-Za-z0-9])([:,])(?=[A-Za-z])", r"\1 ", text)
    words = [
        w if re.search(r"[.()]", w) else re.sub(r"(?<=[A-Za-z])_(?=[A-Za-z])", " ", w)
        for w in text.split(" ")
    ]
    text = collapse_spaces(" ".join(words)).strip(" -–—,;")
    return _undouble(text)


_ET_AL = re.compile(r"\s*,?\s*\bet\.?\s*al\.?\s*$", re.I)


def parse_authors(text: str) -> tuple[list[str], bool]:
    """``"A. B, C. D, and E. F et al."`` -> ``(["A. B", "C. D", "E. F"], True)``."""
    text = strip_markup(text).strip(" .;")
    et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text)
    parts = re.split(r"\s*(?:,\s*and\s+|,|;|\band\b|&)\s*", text)
    names = [collapse_spaces(p).strip(" .") for p in parts]
    names = [n + "." if re.search(r"\b[A-Z]$", n) else n for n in names if n]
    return names, et_al


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

_ARXIV = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I
)
_BARE_ARXIV_ID = re.compile(
    r"(?<![\w/.])arxiv\s*[:：]?\s*(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?!\d)", re.I
)
_DOI = re.compile(r"(?:doi\.org/|doi:\s*)(?P<doi>10\.\d{4,9}/[^\s?#]+)", re.I)
_SLIDE_EXT = (".ppt", ".pptx", ".key", ".odp")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")
_SUMMARY_HOSTS = (
    "notion.so",
    "notion.site",
    "medium.com",
    "velog.io",
    "tistory.com",
    "brunch.co.kr",
    "hackmd.io",
    "blog.naver.com",
    "wordpress.com",
    "substack.com",
)
_SLIDE_HOSTS = ("slideshare.net", "speakerdeck.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "tv.naver.com")

# Labels, lower-cased with brackets stripped, that name a kind outright.
_LABEL_KINDS: tuple[tuple[re.Pattern[str], LinkKind], ...] = (
    (
        re.compile(r"\b(custom|our|own|re-?implementation)\b.*\bcode\b|\bour implementation\b"),
        LinkKind.OUR_CODE,
    ),
    (re.compile(r"\b(official )?(code|github|implementation|repo)\b"), LinkKind.CODE),
    (re.compile(r"\b(ppt|pptx|slides?|deck|presentation)\b"), LinkKind.SLIDES),
    (re.compile(r"\b(video|youtube|talk|recording)\b"), LinkKind.VIDEO),
    (re.compile(r"\b(summary|notion|blog|post|notes?)\b"), LinkKind.SUMMARY),
)


# Link labels in Korean, Chinese and Japanese, read as the English label they mean.
_FOREIGN_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"코드|代码|コード|源码"), "code"),
    (re.compile(r"슬라이드|발표 ?자료|幻灯片|スライド|ppt"), "slides"),
    (re.compile(r"리뷰|레뷰|レビュー|评审|讲解"), "review"),
    (re.compile(r"정리|요약|노트|블로그|笔记|解读|博客|メモ|ノート|解説"), "summary"),
    (re.compile(r"영상|视频|動画"), "video"),
    (re.compile(r"논문|원문|论文|論文"), "paper"),
)


def _host_and_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return host, unquote(parts.path).lower()


def _host_is(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def classify_url(url: str) -> LinkKind | None:
    """The kind a URL has by itself, or ``None`` when only the label can tell."""
    host, path = _host_and_path(url)
    if not host:
        return _classify_relative(url, path)
    if _host_is(host, _VIDEO_HOSTS):
        return LinkKind.VIDEO
    if _host_is(host, ("arxiv.org",)):
        return LinkKind.PDF if path.startswith("/pdf/") else LinkKind.PAPER
    if path.endswith(_SLIDE_EXT) or _host_is(host, _SLIDE_HOSTS) or "/presentation/" in path:
        return LinkKind.SLIDES
    if _host_is(host, _CODE_HOSTS):
        if path.endswith(".pdf"):
            return LinkKind.SLIDES  # a PDF kept in a study group's repo is its slide deck
        if path.endswith((".md", ".markdown", ".ipynb")):
            return LinkKind.SUMMARY
        return LinkKind.CODE
    if _host_is(host, _SUMMARY_HOSTS) or "blog" in host:
        return LinkKind.SUMMARY
    if path.endswith(".pdf"):
        return LinkKind.PDF
    return LinkKind.PAPER


_RELATIVE_NOTES = (".md", ".markdown", ".ipynb", ".html", ".htm", ".txt", ".rst", ".org")


def is_relative_url(url: str) -> bool:
    """``notes/x.md``, ``./reviews/x.md``, ``/docs/x.md``: a path in the README's own repository."""
    url = url.strip()
    if not url or url.startswith(("#", "//")):
        return False
    return not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)


def _classify_relative(url: str, path: str) -> LinkKind | None:
    """A link into the group's own repository: its notes are a summary, a PDF or deck its slides."""
    if not is_relative_url(url):
        return None
    if path.endswith(_RELATIVE_NOTES) or path.endswith("/"):
        return LinkKind.SUMMARY
    if path.endswith((".pdf", *_SLIDE_EXT)):
        return LinkKind.SLIDES
    return None


def classify_link(url: str, label: str = "") -> LinkKind | None:
    """Classify a link by its label first (``[[official code]]``), then by its URL.

    Returns ``None`` for an empty URL.  Labels naming the paper ("Original Paper Link",
    "paper", "pdf") let the URL decide between :attr:`LinkKind.PAPER` and :attr:`LinkKind.PDF`;
    "review" labels pick slides, a summary or a review document from the URL.
    """
    if not url or url.startswith("#"):
        return None
    by_url = classify_url(url)
    text = strip_markup(label).lower().strip("[] ")
    for pattern, kind in _FOREIGN_LABELS:
        if pattern.search(text):
            text = kind
            break
    if re.search(r"(?<![a-z])review", text):
        if by_url in (LinkKind.SLIDES, LinkKind.SUMMARY, LinkKind.VIDEO):
            return by_url
        return LinkKind.REVIEW
    for pattern, kind in _LABEL_KINDS:
        if pattern.search(text):
            return kind
    if re.search(r"\b(paper|pdf|arxiv|original|abs|link)\b", text):
        if by_url in (LinkKind.PDF, LinkKind.PAPER):
            return by_url
        return LinkKind.PDF if urlsplit(url).path.lower().endswith(".pdf") else LinkKind.PAPER
    return by_url


def link_arxiv_ids(text: str) -> str:
    """``arXiv:2106.09685`` (an identifier written without a URL) as a link to its abstract."""
    return _BARE_ARXIV_ID.sub(lambda m: f"[](https://arxiv.org/abs/{m.group('id')})", text)


def year_from_arxiv_id(arxiv_id: str) -> int | None:
    """The year a new-style arXiv id was issued in: "2204.03475" was first posted in 2022."""
    match = re.fullmatch(r"(\d{2})(\d{2})\.\d{4,5}", arxiv_id)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return 2000 + int(match.group(1))


def arxiv_id_from_url(url: str) -> str:
    """``https://arxiv.org/pdf/1904.05068v2.pdf`` -> ``"1904.05068"``; "" for other URLs."""
    match = _ARXIV.search(url)
    return match.group("id") if match else ""


def doi_from_url(url: str) -> str:
    """``https://doi.org/10.1109/CVPR.2016.90`` -> ``"10.1109/CVPR.2016.90"``; "" otherwise."""
    match = _DOI.search(unquote(url))
    return match.group("doi").rstrip(".") if match else ""


def add_link(entry: ParsedEntry, kind: LinkKind | None, url: str, *, label: str = "") -> None:
    """Record ``url`` on ``entry``: first URL of each kind wins; arXiv ids, DOIs and slide
    presentations are filled in on the way."""
    if kind is None or not url:
        return
    entry.links.setdefault(kind, url)
    if label:
        entry.link_labels.setdefault(url, strip_markup(label))
    if not entry.arxiv_id and kind in (LinkKind.PAPER, LinkKind.PDF):
        entry.arxiv_id = arxiv_id_from_url(url)
    if not entry.doi and kind is LinkKind.PAPER:
        entry.doi = doi_from_url(url)
    if kind is LinkKind.SLIDES and all(p.slides_url != url for p in entry.presentations):
        found = presentation_from_url(url)
        talk = next((p for p in entry.presentations if not p.slides_url), None)
        if talk is None:
            entry.presentations.append(found)
        else:  # the talk read from a date or presenter line: these are its slides
            talk.slides_url = url
            talk.presented_on = talk.presented_on or found.presented_on
            talk.presenter = talk.presenter or found.presenter


# --------------------------------------------------------------------------------------------
# Slide file names
# --------------------------------------------------------------------------------------------

_SLIDE_DATE = re.compile(
    r"""^(?:
        (?P<y4>(?:19|20)\d\d)[-._]?(?P<m4>[01]\d)[-._]?(?P<d4>[0-3]\d)   # 20200808, 2020-08-08
      | (?P<y2>[0-3]\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)                    # 211105
    )(?=[-_ .]|$)""",
    re.VERBOSE,
)
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
_LATIN_WORD = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)?$")  # "Kim", "SungchulKim"
# Capitalised words that end like ordinary English words rather than names.
_NOT_NAME = re.compile(
    r"(ing|tion|sion|ment|ness|ity|ics|ence|ance|ize|ise|ive|ous|able|ers|net|nets|former|gan)$",
    re.I,
)


def looks_like_person(text: str) -> bool:
    """A Korean name of 2-4 syllables (``김성철``), or 1-3 capitalised Latin words that are not
    ordinary title words (``SungchulKim``, ``Sungchul Kim``; not ``Distillation``)."""
    if _HANGUL_NAME.match(text):
        return True
    words = text.split()
    if not 1 <= len(words) <= 3:
        return False
    if len(words) == 1 and not re.match(r"^[A-Z][a-z]+[A-Z][a-z]+$", words[0]):
        return False  # one plain word ("Distillation", "Kim") is too ambiguous
    return all(_LATIN_WORD.match(w) and not _NOT_NAME.search(w) for w in words)


def parse_slide_filename(name: str) -> tuple[date | None, str]:
    """Read the date and presenter a slide file name carries.

    ``"20200314-KDGAN-김성철.pdf"`` -> ``(date(2020, 3, 14), "김성철")``;
    ``"191019_EfficientNet.pdf"`` -> ``(date(2019, 10, 19), "")``; ``"GIoU.pdf"`` -> ``(None, "")``.
    The name may be a URL or URL-encoded.  The presenter is the last ``-``-separated part when
    the name has a date, at least a title part before it, and that part looks like a person.
    """
    stem = unquote(name.rsplit("/", 1)[-1]).strip()
    stem = re.sub(r"\.(pdf|pptx?|key|odp)$", "", stem, flags=re.I)
    match = _SLIDE_DATE.match(stem)
    if not match:
        return None, ""
    if match.group("y4"):
        y, m, d = int(match.group("y4")), int(match.group("m4")), int(match.group("d4"))
    else:
        y, m, d = 2000 + int(match.group("y2")), int(match.group("m2")), int(match.group("d2"))
    try:
        when = date(y, m, d)
    except ValueError:
        return None, ""
    parts = [p.strip() for p in stem[match.end() :].lstrip("-_ .").split("-")]
    presenter = ""
    if len(parts) >= 2 and looks_like_person(parts[-1]):
        presenter = parts[-1]
    return when, presenter


def presentation_from_url(url: str) -> ParsedPresentation:
    """A :class:`ParsedPresentation` for a slide deck URL, dated from its file name."""
    presented_on, presenter = parse_slide_filename(urlsplit(url).path)
    return ParsedPresentation(presented_on=presented_on, presenter=presenter, slides_url=url)


# --------------------------------------------------------------------------------------------
# Topics from headings
# --------------------------------------------------------------------------------------------


@dataclass
class Heading:
    """A heading line as the topic planner sees it."""

    index: int  # 0-based line index
    level: int
    text: str


def find_headings(lines: list[str], *, max_level: int = 4) -> list[Heading]:
    """ATX headings up to ``max_level``; deeper ones (``#####``) are used as small print."""
    found = []
    for index, line in enumerate(lines):
        parsed = heading_level_and_text(line)
        if parsed and parsed[0] <= max_level:
            found.append(Heading(index, parsed[0], parsed[1]))
    return found


def document_title(lines: list[str]) -> str:
    """The text of a lone ``#`` heading that opens the document, else ""."""
    headings = find_headings(lines, max_level=6)
    if headings and headings[0].level == 1 and sum(h.level == 1 for h in headings) == 1:
        return clean_topic(headings[0].text)
    return ""


#: Headings of a list of papers still to read ("읽을 논문", "待读", "Reading queue"): no topic,
#: and their entries are to read unless marked otherwise.
TO_READ_HEADING = (
    r"(papers )?to read|reading queue|up next|backlog|next (papers|sessions)|"
    r"읽을 ?논문( ?목록| ?리스트)?|예정( ?논문)?|다음 ?(논문|발표)|待读|待读论文|计划|読みたい論文|予定"
)

#: Headings that wrap the whole catalog ("List of papers", "발표 논문 리스트"): not a topic.
WRAPPER_HEADING = re.compile(
    r"^(the )?(list of papers|papers?( list)?|paper ?lists?|reading ?list|papers? (read|reviewed)|"
    r"(reviewed|presented) papers|catalog(ue)?|"
    r"논문 ?(리스트|목록)|발표 ?논문( ?리스트| ?목록)?|읽은 ?논문( ?목록)?|리뷰 ?논문( ?목록)?|"
    r"论文(列表|清单|目录)?|已分享|已读|論文(一覧|リスト)?|一覧|"
    r"(past |previous )?(sessions|talks|presentations)|presented|done|schedule|"
    r"this (week|month)|本期|往期|过往|이번 ?(주|달)|지난 ?(발표|세션|논문)|今回|過去の回|"
    r"일정|발표 ?일정|日程|日程安排|スケジュール|"
    r"발표 ?(기록|목록|이력)|진행한 ?(논문|발표)|分享(记录|列表)|发表记录|発表(履歴|記録)|"
    + TO_READ_HEADING
    + r")$",
    re.I,
)


def plan_topics(
    lines: list[str], headings: list[Heading] | None = None
) -> dict[int, tuple[str, ...]]:
    """Map each heading's line index to the topic path that starts there.

    Rules (the model allows one parent level):

    * A lone ``#`` heading that opens the document is its title, not a topic (mapped to ``()``).
    * The shallowest remaining level is the topic level; the next level down gives
      ``(parent, child)``; deeper levels flatten into the child level.
    * In a flat document (no child-level headings at all), a heading with nothing under it
      whose next non-blank line is another heading of the same level, and whose text is a
      short plain name (no link, at most four words), opens a *group*: it becomes the parent
      of every following same-level heading until the next such group heading.  In seed 000
      ``## CNN`` is therefore the parent of all seven topics after it.
    """
    if headings is None:
        headings = find_headings(lines)
    plan: dict[int, tuple[str, ...]] = {}
    for heading in headings:
        if WRAPPER_HEADING.match(clean_topic(heading.text).strip(" :")):
            plan[heading.index] = ()
    headings = [h for h in headings if h.index not in plan]
    if headings and headings[0].level == 1 and sum(h.level == 1 for h in headings) == 1:
        plan[headings[0].index] = ()
        headings = headings[1:]
    if not headings:
        return plan
    top = min(h.level for h in headings)
    flat = all(h.level == top for h in headings)
    parent: str | None = None
    for position, heading in enumerate(headings):
        name = clean_topic(heading.text)
        if heading.level == top:
            nxt = headings[position + 1] if position + 1 < len(headings) else None
            if flat and nxt is not None and _is_group_heading(lines, heading, nxt):
                parent = name
                plan[heading.index] = (name,)
            elif flat and parent:
                plan[heading.index] = (parent, name) if name else (parent,)
            else:
                parent = name if not flat else None
                plan[heading.index] = (name,) if name else ()
        else:
            top_name = parent if parent else ""
            plan[heading.index] = (top_name, name) if top_name and name else (top_name or name,)
    return plan


def _is_group_heading(lines: list[str], heading: Heading, nxt: Heading) -> bool:
    if nxt.level != heading.level:
        return False
    between = lines[heading.index + 1 : nxt.index]
    if any(line.strip() for line in between):
        return False
    text = heading.text
    if find_links(text) or "[" in text:
        return False
    return 1 <= len(clean_topic(text).split()) <= 4


def sectioned_catalog(
    *, format: str, source: str, lines: list[str], entries: list[ParsedEntry], skipped
) -> ParsedCatalog:
    """The catalog of a reader whose topics come from headings and that has no collections."""
    return ParsedCatalog(
        format=format,
        source=source,
        topics=topics_in_order(entries),
        entries=entries,
        collections=[],
        skipped=skipped,
        title=document_title(lines),
    )


def topics_in_order(entries: list[ParsedEntry]) -> list[tuple[str, ...]]:
    """Every topic path the entries use, parents first, in document order."""
    topics: list[tuple[str, ...]] = []
    for entry in entries:
        path = entry.topic
        for depth in range(1, len(path) + 1):
            if path[:depth] not in topics:
                topics.append(path[:depth])
    return topics


# --------------------------------------------------------------------------------------------
# Months (research-trend collections)
# --------------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME_YEAR = re.compile(rf"^(?P<month>[A-Za-z]{{3,9}})\.?,?\s+(?P<year>{YEAR})$")
_YEAR_MONTH = re.compile(rf"^(?P<year>{YEAR})\s*[-./년年]\s*(?P<month>[01]?\d)\s*[월月]?$")


def parse_month_heading(text: str) -> date | None:
    """``"June, 2022"``, ``"**May 2022**"``, ``"2021-03"``, ``"2021.3"`` -> first of that month."""
    text = strip_markup(strip_links(text)).strip(" :")
    match = _MONTH_NAME_YEAR.match(text)
    if match:
        month = MONTHS.get(match.group("month").lower())
        return date(int(match.group("year")), month, 1) if month else None
    match = _YEAR_MONTH.match(text)
    if match and 1 <= int(match.group("month")) <= 12:
        return date(int(match.group("year")), int(match.group("month")), 1)
    return None


def collection_for_month(month: date, title: str, kind: str) -> ParsedCollection:
    """A collection keyed ``"YYYY-MM"`` for a month heading."""
    return ParsedCollection(key=f"{month:%Y-%m}", title=title, month=month, kind=kind)


def finish_collections(
    collections: list[ParsedCollection], entries: list[ParsedEntry]
) -> list[ParsedCollection]:
    """Fill entry indexes, note a slide deck all entries share, and drop empty collections."""
    by_key = {c.key: c for c in collections}
    for index, entry in enumerate(entries):
        if entry.collection in by_key:
            by_key[entry.collection].entry_indexes.append(index)
    kept = [c for c in collections if c.entry_indexes]
    for collection in kept:
        decks = {entries[i].links.get(LinkKind.SLIDES, "") for i in collection.entry_indexes}
        if len(decks) == 1:
            collection.slides_url = decks.pop()
    return kept


# --------------------------------------------------------------------------------------------
# Cross-checks
# --------------------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 or w.isdigit()}


def _acronym(title: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", title) if w[0].isupper()).lower()


def _match_score(stem: str, title: str) -> float:
    stem_words, title_words = _words(stem), _words(title)
    compact = re.sub(r"[^a-z0-9]", "", stem.lower())
    if len(compact) >= 2 and (
        _acronym(title).startswith(compact) or compact in re.sub(r"[^a-z0-9]", "", title.lower())
    ):
        return 1.0
    if not stem_words:
        return 0.0
    return len(stem_words & title_words) / len(stem_words)


def note_crossed_links(entries: list[ParsedEntry], kinds: Iterable[LinkKind]) -> None:
    """Add a note to entries whose review/slide link names another entry's paper.

    Seed 001 links "You only look once" to ``FPN.md`` (Feature Pyramid Networks); seed 004
    links the torch.manual_seed paper to the GhostNet slides.  The link is kept as written.
    """
    kinds = tuple(kinds)
    for index, entry in enumerate(entries):
        for kind in kinds:
            url = entry.links.get(kind)
            if not url:
                continue
            stem = re.sub(r"\.\w+$", "", unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
            stem = _SLIDE_DATE.sub("", stem).replace("_", " ").replace("-", " ")
            if _match_score(stem, entry.title) >= 0.5:
                continue
            for other_index, other in enumerate(entries):
                if other_index != index and _match_score(stem, other.title) >= 0.8:
                    entry.notes.append(
                        f"{kind.value} {url} looks like the review of entry {other_index} "
                        f"({other.title!r})"
                    )
                    break


# --------------------------------------------------------------------------------------------
# Dates in table cells and headings
# --------------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    # 2023-12-03, 2023.12.03., 2023/12/03, 2023년 12월 3일, 2023年12月3日
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-./년年]\s*(?P<m>\d{1,2})\s*[-./월月]\s*(?P<d>\d{1,2})(?!\d)"
    ),
    # 12.03 2023, 12/03/2023, 3/15/21 (month first, as such tables write it)
    re.compile(
        r"(?<!\d)(?P<m>\d{1,2})[./-](?P<d>\d{1,2})(?:[./-]|,?\s+)(?P<y>(?:19|20)\d\d|\d\d)(?!\d)"
    ),
    # 231203, 20231203
    re.compile(r"^\s*(?P<y>(?:19|20)?\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$"),
    # 2021-03, 2021.3 (a month)
    re.compile(r"^\s*(?P<y>(?:19|20)\d\d)\s*[-./년年]\s*(?P<m>\d{1,2})\s*[월月]?\s*$"),
    # 23.01.05, 23-01-05 (a two-digit year first, as Korean groups write it)
    re.compile(r"(?<![\d.])(?P<y>\d\d)[./-](?P<m>[01]\d)[./-](?P<d>[0-3]\d)(?![\d.])"),
)


def parse_any_date(text: str) -> date | None:
    """A presentation date as study groups write it, or ``None``.

    ``2023-12-03``, ``2023.12.03``, ``2023년 12월 3일``, ``12.03 2023``, ``3/15/21``, ``231203``,
    ``2021-03`` (the first of the month).  Two-digit years are 20xx.
    """
    text = collapse_spaces(strip_markup(strip_links(text)))
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        year = int(match.group("y"))
        year = year + 2000 if year < 100 else year
        day = int(match.groupdict().get("d") or 1)
        try:
            return date(year, int(match.group("m")), day)
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------------------------
# Whose notes a link is
# --------------------------------------------------------------------------------------------

#: Labels with which a group points at its own write-up of a paper.
_OWN_LABEL = re.compile(
    r"review|notes?|summary|write-?up|리뷰|정리|요약|노트|발표|笔记|总结|整理|讲解|メモ|ノート|まとめ"
    r"|レビュー",
    re.I,
)
#: Places a group keeps its own notes: whoever links a page there wrote it for the group.
_OWN_NOTE_HOSTS = ("gist.github.com", "notion.so", "notion.site", "hackmd.io")


def _owner_key(url: str) -> str:
    """Who publishes a page: ``github.com/owner``, ``velog.io/@name``, ``name.tistory.com``."""
    host, path = _host_and_path(url)
    parts = [p for p in path.split("/") if p]
    if _host_is(host, ("github.com", "gitlab.com", "blog.naver.com", "brunch.co.kr")) and parts:
        return f"{host}/{parts[0]}"
    if parts and parts[0].startswith("@"):
        return f"{host}/{parts[0]}"
    return host


def mark_review_evidence(entries: list[ParsedEntry], base_url: str = "") -> None:
    """Tell the group's own notes from other people's articles among summary/review links.

    A link is the group's own review when it is relative (its repository), in its repository
    or under its owner (``base_url``), a gist/Notion/HackMD page, labelled as a review or notes
    (``review``, ``리뷰``, ``笔记``), or published by someone the README links for several
    papers (the group's blog).  Any other blog article is listed in ``entry.not_reviews``: a
    link, not evidence that the paper was reviewed.
    """
    kinds = (LinkKind.SUMMARY, LinkKind.REVIEW)
    owners: dict[str, int] = {}
    for entry in entries:
        for key in {_owner_key(entry.links[k]) for k in kinds if entry.links.get(k)}:
            owners[key] = owners.get(key, 0) + 1
    home = _owner_key(base_url) if base_url else ""
    for entry in entries:
        for kind in kinds:
            url = entry.links.get(kind, "")
            if not url or is_relative_url(url):
                continue
            host, _ = _host_and_path(url)
            key = _owner_key(url)
            if (
                _host_is(host, _OWN_NOTE_HOSTS)
                or (home and key == home)
                or owners.get(key, 0) >= 2
                or _OWN_LABEL.search(entry.link_labels.get(url, ""))
            ):
                continue
            entry.not_reviews.append(url)
            entry.notes.append(
                f"{url} looks like someone else's article: kept as a link, "
                "not as the group's review"
            )


# --------------------------------------------------------------------------------------------
# Pointers to other lists
# --------------------------------------------------------------------------------------------

#: Words that say "the rest is elsewhere", in English, Korean, Chinese and Japanese.
POINTER_WORDS = re.compile(
    r"\b(older|previous|past|earlier|archived?|archives|more papers|full list|see (also|the|more|"
    r"archive)|here|readme|reading[- ]lists?|lists?|last (year|semester|season))\b|"
    r"작년|去年|昨年|모음|合集|まとめ|"
    r"이전|지난|과거|예전|더 ?보기|전체 ?목록|목록|여기|기록|"
    r"更多|往期|以前|历史|歷史|过去|完整|全部|列表|这里|此处|查看|存档|"
    r"過去|一覧|リスト|こちら|ここ|アーカイブ|もっと",
    re.I,
)
_LIST_TARGET = re.compile(
    r"(^|/)(readme|old|older|archive[sd]?|history|previous|past|last[-_ ]?year|list|index|papers?|"
    r"(19|20)\d\d([-_]\w+)?|\w*[-_](19|20)\d\d)(\.(md|markdown|html?))?/?$",
    re.I,
)
_MODEL_TOKEN = re.compile(r"\b(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9])[A-Za-z][A-Za-z0-9-]+\b")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


_NOTES_FOLDER = re.compile(
    r"(^|/)(notes?|reviews?|summar\w*|memos?|posts?|정리|리뷰|요약|笔记|解读|ノート|メモ)/", re.I
)


def in_notes_folder(url: str) -> bool:
    """``notes/adam.md``, ``./reviews/bert.md``: a note in the group's own notes folder."""
    return is_relative_url(url) and bool(_NOTES_FOLDER.search(urlsplit(url).path))


def _named_like_a_list(url: str, *, repositories: bool = True) -> bool:
    """``OLD.md``, ``archive/2022.md``, ``README.md``, ``2023-spring.md``, but not a note in
    the group's notes folder (``notes/history.md`` is the review of a paper)."""
    host, path = _host_and_path(url)
    if host in ("github.com", "gitlab.com") and not path.endswith(_RELATIVE_NOTES):
        return repositories  # another repository, or a folder of one (or a paper's code)
    return bool(_LIST_TARGET.search(path)) and not _NOTES_FOLDER.search(path)


def _is_list_target(url: str) -> bool:
    """A link to another Markdown page, folder or anchor of a repository, not to a paper."""
    url = url.strip()
    if not url or url.startswith("#"):
        return True
    if classify_url(url) in (LinkKind.PDF, LinkKind.SLIDES, LinkKind.VIDEO):
        return False
    host, path = _host_and_path(url)
    if is_relative_url(url):
        return path.endswith(_RELATIVE_NOTES) or path.endswith("/") or "." not in path
    if host in ("github.com", "gitlab.com"):  # another list: a repo, its tree or a .md in it
        parts = path.strip("/").split("/")
        return len(parts) <= 2 or "tree" in parts or path.endswith(_RELATIVE_NOTES)
    return False


def paper_shaped(title: str) -> bool:
    """Whether text reads like a paper's title rather than a line of a README's chrome: a
    model name (``BERT``, ``LoRA``, ``GPT-2``), a colon, three capitalised words or five words
    that are not a sentence, or a long run of CJK text (``2023 春季`` is none of these)."""
    text = collapse_spaces(strip_markup(strip_links(title)))
    if not text or re.search(r"[.!?。]$|(니다|세요|해요)\W*$", text):
        return False
    if _MODEL_TOKEN.search(text):
        return True
    if len(_CJK.findall(text)) >= 10:
        return True
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    capitals = sum(1 for w in words if w[0].isupper())
    return (":" in text and len(words) >= 2) or capitals >= 3 or len(words) >= 5


def is_pointer(text: str, *, other_data: bool = False) -> bool:
    """A line or table cell that points to another list rather than naming a paper.

    Its links lead to a Markdown page, folder or anchor of a repository (``./OLD.md``,
    ``archive/``, another repository), none to a paper (arXiv, DOI, PDF), and either it says
    "older", "이전 목록", "往期", "以前のリスト" without a paper-shaped title, or the page is
    named like a list (``OLD.md``, ``2022-2.md``, ``README.md``, a repository) and the text
    names no model and has no colon.  Said in words with no paper-shaped title, it may point
    anywhere (a Notion page).  ``other_data`` (a date, presenter, year or venue beside it)
    makes it a paper after all."""
    links = find_links(text)
    urls = [url for _, url in links]
    if other_data or not urls:
        return False
    if any(arxiv_id_from_url(u) or doi_from_url(u) or _is_document(u) for u in urls):
        return False
    plain = collapse_spaces(strip_markup(strip_links(text)))
    said = bool(POINTER_WORDS.search(plain))
    if said and not paper_shaped(plain):
        return True
    if not all(_is_list_target(u) for u in urls):
        return False
    if said:
        return any(_named_like_a_list(u) for u in urls)
    named = any(_named_like_a_list(u, repositories=False) for u in urls)
    return named and not (_MODEL_TOKEN.search(plain) or ":" in plain)


def _is_document(url: str) -> bool:
    return classify_url(url) in (LinkKind.PDF, LinkKind.SLIDES, LinkKind.VIDEO)
