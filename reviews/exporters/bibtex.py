"""BibTeX entries for papers: ``paper_to_bibtex(paper)`` and ``papers_to_bibtex(papers)``.

Entries keep Unicode as it is (biber and modern BibTeX read UTF-8) and escape only the characters
that BibTeX itself would misread. Keys follow the usual ``lastnameYEARfirstword`` form.
"""

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from ..models import Paper, Venue

# Words that do not make a citation key memorable.
STOP_WORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "towards"}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(char) for char in _SPECIAL))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# In a URL, what could close the field or start a command: percent-encoded.
_URL_UNSAFE = re.compile(r"[\s{}\\\x00-\x1f\x7f]")
# "et al." closing an author list, on a line of its own or after the last name.
_ET_AL = re.compile(r"[,\s]*\bet\.?\s*al\b\.?\s*$", re.IGNORECASE)


def escape(value: str) -> str:
    """Escape what BibTeX would read as syntax; collapse whitespace."""
    value = _CONTROL.sub("", " ".join(value.split()))
    return _SPECIAL_RE.sub(lambda match: _SPECIAL[match.group()], value)


def escape_url(url: str) -> str:
    """A web address as a ``url`` field holds it: braces, backslashes and spaces percent-encoded
    so the value cannot close the field, ``%`` and ``#`` escaped for LaTeX. Anything but
    http(s) is left out."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return ""
    url = _URL_UNSAFE.sub(lambda match: quote(match.group(), safe=""), url)
    return url.replace("%", r"\%").replace("#", r"\#")


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded).lower()


def _last_name(author: str) -> str:
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0]
    parts = author.split()
    return parts[-1] if parts else ""


def citation_key(paper: Paper) -> str:
    """``he2016deep`` for "Deep Residual Learning ..." by Kaiming He et al., 2016."""
    authors = [name for name in (_ET_AL.sub("", n) for n in paper.author_list) if name.strip()]
    surname = _ascii_word(_last_name(authors[0])) if authors else ""
    words = [_ascii_word(word) for word in re.split(r"[\s\-:/]+", paper.title)]
    first_word = next((word for word in words if word and word not in STOP_WORDS), "")
    return f"{surname or 'paper'}{paper.year or ''}{first_word}"


def _bibtex_authors(names: list[str]) -> list[str]:
    """The authors as BibTeX names; "et al." (a line of its own or a name's ending) becomes
    BibTeX's ``others``, which styles print as "et al."."""
    authors, truncated = [], False
    for name in names:
        if _ET_AL.search(name):
            truncated = True
            name = _ET_AL.sub("", name)
        if name.strip():
            authors.append(escape(name))
    if truncated and authors:
        authors.append("others")
    return authors


def _fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    venue = paper.venue
    kind = venue.kind if venue else None
    authors = " and ".join(_bibtex_authors(paper.author_list))
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", authors))
    fields.append(("title", escape(paper.title)))

    if kind in {Venue.Kind.CONFERENCE, Venue.Kind.WORKSHOP}:
        entry_type = "inproceedings"
        fields.append(("booktitle", escape(venue.full_name or venue.short_name)))
    elif kind == Venue.Kind.JOURNAL:
        entry_type = "article"
        fields.append(("journal", escape(venue.full_name or venue.short_name)))
    elif kind == Venue.Kind.PREPRINT or paper.arxiv_id:
        entry_type = "article" if paper.arxiv_id else "misc"
        if paper.arxiv_id:
            fields.append(("journal", escape(f"arXiv preprint arXiv:{paper.arxiv_id}")))
        elif venue:
            fields.append(("howpublished", escape(venue.full_name or venue.short_name)))
    else:
        entry_type = "misc"
        if venue:
            fields.append(("howpublished", escape(venue.full_name or venue.short_name)))

    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.arxiv_id:
        fields.extend([("eprint", escape(paper.arxiv_id)), ("archivePrefix", "arXiv")])
    if paper.doi:
        fields.append(("doi", escape(paper.doi)))
    url = escape_url(paper.url or paper.pdf_url)
    if url:
        fields.append(("url", url))
    return entry_type, fields


def _render(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}" for name, value in fields]
    return f"@{entry_type}{{{key},\n" + ",\n".join(lines) + "\n}\n"


def paper_to_bibtex(paper: Paper, *, key: str | None = None) -> str:
    """One BibTeX entry for ``paper`` (select ``venue`` with it to save a query)."""
    entry_type, fields = _fields(paper)
    return _render(entry_type, key or citation_key(paper), fields)


def papers_to_bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file for ``papers``: entries separated by a blank line, keys made unique."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        key = citation_key(paper)
        if key in seen:
            seen[key] += 1
            # he2016deep, he2016deepb, he2016deepc, ... as bibliography managers do.
            key = f"{key}{chr(ord('a') + seen[key])}" if seen[key] < 26 else f"{key}-{seen[key]}"
        else:
            seen[key] = 0
        entries.append(paper_to_bibtex(paper, key=key))
    return "\n".join(entries)
