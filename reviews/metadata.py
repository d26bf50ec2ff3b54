"""One client for paper metadata: the arXiv API (Atom), Crossref (JSON) and BibTeX text.

Every source gives the same :class:`PaperMetadata`, which :mod:`reviews.services.papers` turns
into a paper. HTTP goes through ``requests`` with ``settings.ARXIV_API_URL``,
``settings.CROSSREF_API_URL`` and ``settings.METADATA_TIMEOUT``; failures raise
:class:`MetadataNotFound` (the service has no such paper) or :class:`MetadataUnavailable`
(the service could not be reached or answered nonsense), both :class:`MetadataError`.

Requests go only where the settings say: redirects are not followed, the whole exchange must
end within ``METADATA_TIMEOUT`` seconds (a server that trickles bytes is given up on), an answer
is read in chunks up to ``MAX_ANSWER_SIZE``, and a DOI goes into the API path only once it is
shown to be one path (no ``.``/``..`` segments, no whitespace or control characters) and quoted.
"""

from __future__ import annotations

import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote

import bibtexparser
import requests
from bibtexparser import middlewares
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import Paper

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
USER_AGENT = "PaperShelf/1.0 (paper study group catalog)"
#: The largest answer read: an arXiv batch of 100 papers is about 300 KB, a Crossref work with
#: thousands of references about 1 MB.
MAX_ANSWER_SIZE = 8 * 1024 * 1024
_CHUNK = 64 * 1024

_ARXIV_ID = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?$", re.I
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")


class MetadataError(Exception):
    """Metadata could not be had; ``str()`` is a message a member can read."""


class MetadataNotFound(MetadataError):
    """The service answered, but knows no such paper."""


class MetadataUnavailable(MetadataError):
    """The service could not be reached, timed out, or answered something unreadable."""


@dataclass
class PaperMetadata:
    """What a source says about one paper; empty strings and ``None`` for what it does not say."""

    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    abstract: str = ""
    arxiv_id: str = ""
    doi: str = ""
    institutions: str = ""
    short_name: str = ""
    #: Paper URL fields (``Paper.LINK_FIELDS`` names) to their URLs.
    links: dict[str, str] = field(default_factory=dict)
    #: Where it came from: "arxiv", "crossref", "bibtex", "readme", "form".
    source: str = ""

    @property
    def authors_text(self) -> str:
        return "\n".join(self.authors)

    @classmethod
    def from_paper(cls, paper) -> PaperMetadata:
        """What the catalog already knows of ``paper``."""
        return cls(
            title=paper.title,
            authors=paper.author_list,
            year=paper.year,
            venue=paper.venue.short_name if paper.venue else "",
            abstract=paper.abstract,
            arxiv_id=paper.arxiv_id,
            doi=paper.doi,
            institutions=paper.institutions,
            short_name=paper.short_name,
            links={
                name: getattr(paper, name) for name in paper.LINK_FIELDS if getattr(paper, name)
            },
            source="catalog",
        )


# --- Recognising what was pasted --------------------------------------------------------------


def arxiv_id_from(text: str) -> str:
    """The arXiv id in an id, ``arXiv:`` reference or abs/pdf URL; "" when there is none."""
    text = text.strip()
    if not text:
        return ""
    candidate = Paper.normalize_arxiv_id(text)
    match = _ARXIV_ID.fullmatch(candidate)
    if match and ("arxiv" in text.lower() or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", text)):
        return Paper.normalize_arxiv_id(match.group("id"))
    return ""


def doi_from(text: str) -> str:
    """The DOI in a bare DOI, ``doi:`` reference or doi.org URL; "" when there is none.

    DOI suffixes may hold almost any character, but not here: whitespace and control
    characters, backslashes and ``.``/``..`` path segments could carry a request out of
    the API path they are put in, so a "DOI" with them is not one."""
    text = Paper.normalize_doi(text)
    match = _DOI.fullmatch(text)
    if not match:
        return ""
    doi = match.group(0).rstrip(".")
    if (
        not _DOI.fullmatch(doi)
        or "\\" in doi
        or any(ord(char) < 32 or 127 <= ord(char) < 160 for char in doi)
    ):
        return ""
    if any(segment in (".", "..") for segment in doi.split("/")):
        return ""
    return doi


def looks_like_bibtex(text: str) -> bool:
    return bool(re.match(r"\s*@\w+\s*[{(]", text))


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Answer:
    """A service's answer, read whole (within ``MAX_ANSWER_SIZE``)."""

    status_code: int
    content: bytes = b""

    def json(self):
        return json.loads(self.content)


def _get(url: str, *, params: dict | None = None, what: str) -> Answer:
    """GET ``url`` without following redirects, all of it within ``METADATA_TIMEOUT`` seconds.

    ``requests`` bounds each read, not the exchange, so the request runs in a thread that the
    caller stops waiting for at the deadline; the thread itself gives up at its next read."""
    deadline = time.monotonic() + settings.METADATA_TIMEOUT
    outcome: dict = {}

    def fetch():
        try:
            outcome["answer"] = _fetch(url, params=params, deadline=deadline)
        except Exception as exc:  # noqa: BLE001 - handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=fetch, name="metadata-request", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    error = outcome.get("error")
    if worker.is_alive() or isinstance(error, requests.Timeout | _PastDeadline):
        raise MetadataUnavailable(
            _("%(service)s did not answer in time; try again later.") % {"service": what}
        ) from error
    if isinstance(error, _TooLarge):
        raise MetadataUnavailable(
            _("%(service)s answered with more than %(limit)s; try again later.")
            % {"service": what, "limit": filesizeformat(MAX_ANSWER_SIZE)}
        ) from error
    if isinstance(error, requests.RequestException):
        raise MetadataUnavailable(
            _("%(service)s could not be reached; try again later.") % {"service": what}
        ) from error
    if error is not None:
        raise error
    return outcome["answer"]


# Raised in the request's thread and worded in the caller's, where the reader's language is.
class _PastDeadline(Exception):
    pass


class _TooLarge(Exception):
    pass


def _fetch(url: str, *, params: dict | None, deadline: float) -> Answer:
    response = requests.get(
        url,
        params=params,
        timeout=settings.METADATA_TIMEOUT,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        allow_redirects=False,
        stream=True,
    )
    try:
        if response.status_code != 200:
            return Answer(response.status_code)  # a redirect too: it is an error here
        chunks = []
        size = 0
        raw = response.raw
        # read1 returns what has arrived, so a trickling server is checked at each byte.
        while chunk := raw.read1(_CHUNK):
            size += len(chunk)
            if size > MAX_ANSWER_SIZE:
                raise _TooLarge
            if time.monotonic() > deadline:
                raise _PastDeadline
            chunks.append(chunk)
        return Answer(response.status_code, b"".join(chunks))
    finally:
        response.close()


# --- arXiv --------------------------------------------------------------------------------------


def fetch_arxiv(arxiv_id: str) -> PaperMetadata:
    """Metadata for one arXiv id (``1512.03385``, ``arXiv:1512.03385v2`` or an arXiv URL)."""
    found = arxiv_id_from(arxiv_id) or Paper.normalize_arxiv_id(arxiv_id)
    if not _ARXIV_ID.fullmatch(found):
        raise MetadataNotFound(
            _("“%(value)s” is not an arXiv identifier (e.g. 1512.03385).") % {"value": arxiv_id}
        )
    response = _get(
        settings.ARXIV_API_URL, params={"id_list": found, "max_results": 1}, what="arXiv"
    )
    if response.status_code == 400 or response.status_code == 404:
        raise MetadataNotFound(_("arXiv has no paper %(id)s.") % {"id": found})
    if response.status_code != 200:
        raise MetadataUnavailable(
            _("arXiv answered with an error (%(status)s); try again later.")
            % {"status": response.status_code}
        )
    return parse_arxiv_atom(response.content, arxiv_id=found)


#: Ids per arXiv request; the API serves up to 2000 results a call, small batches fail less.
ARXIV_BATCH_SIZE = 100


def fetch_arxiv_batch(ids: list[str]) -> dict[str, PaperMetadata]:
    """Metadata for these bare ids from one API call (its ``id_list`` takes many ids, comma-
    separated): id -> metadata, for the ids arXiv has."""
    response = _get(
        settings.ARXIV_API_URL,
        params={"id_list": ",".join(ids), "max_results": len(ids)},
        what="arXiv",
    )
    if response.status_code != 200:
        raise MetadataUnavailable(f"arXiv answered with an error ({response.status_code}).")
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as exc:
        raise MetadataUnavailable("arXiv answered something that is not a feed.") from exc
    found = {}
    for entry in root.findall(f"{ATOM}entry"):
        feed = ET.Element(f"{ATOM}feed")
        feed.append(entry)
        try:
            metadata = parse_arxiv_atom(ET.tostring(feed))
        except MetadataError:
            continue  # an error entry: the id it stands for is reported as missing
        found[metadata.arxiv_id] = metadata
    return found


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_arxiv_atom(content: bytes | str, *, arxiv_id: str = "") -> PaperMetadata:
    """Read the first entry of an arXiv API Atom feed."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise MetadataUnavailable(_("arXiv answered something that is not a feed.")) from exc
    entry = root.find(f"{ATOM}entry")
    not_found = MetadataNotFound(_("arXiv has no paper %(id)s.") % {"id": arxiv_id or "?"})
    if entry is None:
        raise not_found
    entry_id = _text(entry.find(f"{ATOM}id"))
    title = _text(entry.find(f"{ATOM}title"))
    if "/api/errors" in entry_id or not title or title == "Error":
        raise not_found
    found_id = Paper.normalize_arxiv_id(entry_id) or arxiv_id
    published = _text(entry.find(f"{ATOM}published"))
    year = int(published[:4]) if re.match(r"\d{4}", published) else None
    authors = [_text(a.find(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")]
    affiliations = [
        _text(a)
        for author in entry.findall(f"{ATOM}author")
        for a in author.findall(f"{ARXIV}affiliation")
    ]
    links = {"url": f"https://arxiv.org/abs/{found_id}"}
    for link in entry.findall(f"{ATOM}link"):
        if link.get("title") == "pdf":
            links["pdf_url"] = f"https://arxiv.org/pdf/{found_id}"
    doi = _text(entry.find(f"{ARXIV}doi"))
    journal = _text(entry.find(f"{ARXIV}journal_ref"))
    return PaperMetadata(
        title=title,
        authors=[a for a in authors if a],
        year=year,
        venue=_venue_from_journal_ref(journal) or "arXiv",
        abstract=_text(entry.find(f"{ATOM}summary")),
        arxiv_id=found_id,
        doi=Paper.normalize_doi(doi) if doi else "",
        institutions=", ".join(dict.fromkeys(a for a in affiliations if a)),
        links=links,
        source="arxiv",
    )


def _venue_from_journal_ref(journal_ref: str) -> str:
    """``"CVPR 2016"`` -> ``"CVPR"``; anything longer is left to the curator."""
    match = re.match(r"^([A-Z][A-Za-z]{1,10})\b", journal_ref)
    return match.group(1) if match and match.group(1).isupper() else ""


# --- Crossref -----------------------------------------------------------------------------------


def fetch_crossref(doi: str) -> PaperMetadata:
    """Metadata for one DOI from Crossref's ``/works/{doi}``."""
    found = doi_from(doi)
    if not found:
        raise MetadataNotFound(
            _("“%(value)s” is not a DOI (e.g. 10.1109/CVPR.2016.90).") % {"value": doi}
        )
    url = settings.CROSSREF_API_URL.rstrip("/") + "/" + quote(found, safe="/")
    response = _get(url, what="Crossref")
    if response.status_code == 404:
        raise MetadataNotFound(_("Crossref has no work with the DOI %(doi)s.") % {"doi": found})
    if response.status_code != 200:
        raise MetadataUnavailable(
            _("Crossref answered with an error (%(status)s); try again later.")
            % {"status": response.status_code}
        )
    try:
        payload = response.json()
    except ValueError as exc:
        raise MetadataUnavailable(_("Crossref answered something that is not JSON.")) from exc
    return parse_crossref_work(payload)


def _first(values) -> str:
    if isinstance(values, list):
        return " ".join(str(values[0]).split()) if values else ""
    return " ".join(str(values or "").split())


def _crossref_year(message: dict) -> int | None:
    for key in ("published-print", "published-online", "issued", "published", "created"):
        parts = (message.get(key) or {}).get("date-parts") or []
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None


def _crossref_venue(message: dict) -> str:
    short = _first(message.get("short-container-title"))
    if short:
        return short
    container = _first(message.get("container-title")) or (message.get("event") or {}).get(
        "name", ""
    )
    acronym = re.search(r"\(([A-Z][A-Za-z]{1,12})\)\s*$", container)
    if acronym:
        return acronym.group(1)
    return container


def parse_crossref_work(payload: dict) -> PaperMetadata:
    """Read Crossref's ``{"status": "ok", "message": {...}}`` answer for one work."""
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        raise MetadataUnavailable(_("Crossref answered something unexpected."))
    authors = []
    affiliations = []
    for author in message.get("author") or []:
        name = " ".join(p for p in (author.get("given", ""), author.get("family", "")) if p)
        authors.append(name or author.get("name", ""))
        affiliations.extend(a.get("name", "") for a in author.get("affiliation") or [])
    doi = Paper.normalize_doi(message.get("DOI", ""))
    abstract = re.sub(r"<[^>]+>", " ", message.get("abstract", "") or "")
    return PaperMetadata(
        title=_first(message.get("title")),
        authors=[a for a in authors if a],
        year=_crossref_year(message),
        venue=_crossref_venue(message),
        abstract=" ".join(abstract.split()),
        doi=doi,
        institutions=", ".join(dict.fromkeys(a for a in affiliations if a)),
        links={"url": f"https://doi.org/{doi}"} if doi else {},
        source="crossref",
    )


# --- BibTeX -------------------------------------------------------------------------------------


@dataclass
class BibtexEntry:
    """One entry of a BibTeX file: its 1-based line, citation key and metadata."""

    line: int
    key: str
    metadata: PaperMetadata


class BibtexError(MetadataError):
    """A BibTeX text that cannot be read; ``line`` is 1-based."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


def parse_bibtex(text: str) -> list[BibtexEntry]:
    """Every entry of a BibTeX text as metadata. Raises :class:`BibtexError` on a broken block."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.MergeNameParts("first"),
        ],
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise BibtexError(_("this BibTeX entry cannot be read"), line=block.start_line + 1)
    entries = []
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        title = _clean_bibtex(fields.get("title", ""))
        if not title:
            raise BibtexError(
                _("the entry %(key)s has no title") % {"key": entry.key},
                line=entry.start_line + 1,
            )
        entries.append(
            BibtexEntry(entry.start_line + 1, entry.key, _bibtex_metadata(entry, fields, title))
        )
    return entries


def _clean_bibtex(value) -> str:
    if isinstance(value, list):
        value = " and ".join(value)
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _bibtex_metadata(entry, fields: dict, title: str) -> PaperMetadata:
    authors = fields.get("author", [])
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(" and ")]
    authors = [_clean_bibtex(a) for a in authors if _clean_bibtex(a)]
    authors = ["et al." if a.lower() == "others" else a for a in authors]
    year_match = re.search(r"(19|20)\d\d", str(fields.get("year", "")))
    arxiv_id = ""
    eprint = _clean_bibtex(fields.get("eprint", ""))
    journal = _clean_bibtex(fields.get("journal", ""))
    if eprint and (
        "arxiv" in _clean_bibtex(fields.get("archiveprefix", "")).lower() or not journal
    ):
        arxiv_id = arxiv_id_from(eprint) or Paper.normalize_arxiv_id(eprint)
    elif "arxiv" in journal.lower():
        match = re.search(r"\d{4}\.\d{4,5}", journal)
        arxiv_id = match.group(0) if match else ""
    venue = _clean_bibtex(fields.get("booktitle", "")) or journal
    if "arxiv" in venue.lower():
        venue = "arXiv"
    links = {}
    url = _clean_bibtex(fields.get("url", "")).replace("\\%", "%").replace("\\#", "#")
    if url:
        links["pdf_url" if url.lower().endswith(".pdf") else "url"] = url
    doi = doi_from(_clean_bibtex(fields.get("doi", "")))
    return PaperMetadata(
        title=title,
        authors=authors,
        year=int(year_match.group(0)) if year_match else None,
        venue=venue,
        abstract=_clean_bibtex(fields.get("abstract", "")),
        arxiv_id=arxiv_id if _ARXIV_ID.fullmatch(arxiv_id or "-") else "",
        doi=doi,
        links=links,
        source="bibtex",
    )


# --- One entry point for the form ---------------------------------------------------------------


def lookup(text: str) -> PaperMetadata:
    """Metadata for whatever a member pasted: an arXiv id or URL, a DOI, or one BibTeX entry."""
    text = text.strip()
    if looks_like_bibtex(text):
        entries = parse_bibtex(text)
        if not entries:
            raise MetadataNotFound(_("No BibTeX entry was found in the text."))
        return entries[0].metadata
    if arxiv := arxiv_id_from(text):
        return fetch_arxiv(arxiv)
    if doi := doi_from(text):
        return fetch_crossref(doi)
    raise MetadataNotFound(
        _("Paste an arXiv id or URL (1512.03385), a DOI (10.1109/CVPR.2016.90) or a BibTeX entry.")
    )
