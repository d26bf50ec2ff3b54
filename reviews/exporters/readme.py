"""The catalog as a GitHub README: topics as headings, one table per topic.

::

    # Paper catalog

    ## CNN

    ### Classification

    | Venue | Year | Authors | Paper | Institution | Status | Links |
    | --- | --- | --- | --- | --- | --- | --- |
    | CVPR | 2016 | Kaiming He, Xiangyu Zhang et al. | [Deep Residual ...](https://arxiv.org/abs/1512.03385) | Microsoft Research | Reviewed | [[official code]](...) [[summary]](...) |

The format is the one the README importer's table reader knows (seed 003's), so exporting and
importing the result into an empty catalog gives back the same papers, topics, venues, years,
links and statuses. Papers without a topic come first, under the title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..models import Category, Paper

COLUMNS = ("Venue", "Year", "Authors", "Paper", "Institution", "Status", "Links")
#: Link fields shown in the Links column, with labels the importer reads back as the same kind.
LINK_LABELS = (
    ("pdf_url", "pdf"),
    ("code_url", "official code"),
    ("our_code_url", "our code"),
    ("summary_url", "summary"),
    ("slides_url", "slides"),
    ("review_url", "review"),
    ("video_url", "video"),
)
STATUS_LABELS = {
    Paper.Status.TO_READ: "To read",
    Paper.Status.SCHEDULED: "Scheduled",
    Paper.Status.REVIEWED: "Reviewed",
}


# Characters that would make a name HTML, a link, an image or an escape, written as entities
# (GitHub shows them as the characters; the README importer reads them back).
_MARKUP = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}
)
# Characters that could end a link target or leave it: percent-encoded.
_URL_UNSAFE = re.compile(r"[\s()|<>\\\"'`\x00-\x1f\x7f]")


def cell(text: str) -> str:
    """Text Markdown shows as it is, inside a pipe-table cell or a heading: one line, no HTML,
    link or image syntax, pipes escaped."""
    return " ".join(str(text).split()).translate(_MARKUP).replace("|", "\\|")


def link_label(text: str) -> str:
    """Text safe as a Markdown link label."""
    return cell(text)


def link_url(url: str) -> str:
    """A link target that stays one: web addresses only ("" for ``javascript:`` and the like),
    with anything that could close it percent-encoded."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return ""
    return _URL_UNSAFE.sub(lambda match: quote(match.group()), url)


def authors_cell(paper: Paper) -> str:
    names = paper.author_list
    et_al = bool(names) and "et al" in names[-1].lower()
    names = [n for n in names if "et al" not in n.lower()]
    text = ", ".join(names)
    return cell(f"{text} et al." if et_al and text else text)


def title_cell(paper: Paper) -> str:
    target = link_url(paper.url or paper.pdf_url)
    title = link_label(paper.title)
    return f"[{title}]({target})" if target else title


def links_cell(paper: Paper) -> str:
    title_target = paper.url or paper.pdf_url
    links = []
    for name, label in LINK_LABELS:
        url = getattr(paper, name)
        if url and link_url(url) and not (name == "pdf_url" and url == title_target):
            links.append(f"[[{label}]]({link_url(url)})")
    return " ".join(links)


def row(paper: Paper) -> str:
    cells = (
        cell(paper.venue.short_name) if paper.venue_id else "",
        str(paper.year or ""),
        authors_cell(paper),
        title_cell(paper),
        cell(paper.institutions),
        STATUS_LABELS.get(paper.public_status, paper.public_status),
        links_cell(paper),
    )
    return "| " + " | ".join(cells) + " |"


def table(papers: Iterable[Paper]) -> list[str]:
    return [
        "| " + " | ".join(COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
        *(row(paper) for paper in papers),
    ]


def _sorted(papers: Iterable[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.year or 0), p.title.casefold()))


def export_readme(
    papers: QuerySet[Paper] | None = None, *, title: str = "Paper catalog", intro: str = ""
) -> str:
    """The papers (all by default) as a README, grouped by topic."""
    if papers is None:
        papers = Paper.objects.all()
    papers = list(
        papers.select_related("venue").prefetch_related(
            Prefetch("topics", queryset=Category.objects.select_related("parent"))
        )
    )
    by_topic: dict[int, list[Paper]] = defaultdict(list)
    topics: dict[int, Category] = {}
    loose = []
    for paper in papers:
        paper_topics = list(paper.topics.all())
        if not paper_topics:
            loose.append(paper)
        for topic in paper_topics:
            by_topic[topic.pk].append(paper)
            topics[topic.pk] = topic
            if topic.parent_id:
                topics[topic.parent_id] = topic.parent
    lines = [f"# {cell(title)}", ""]
    lines.append(
        intro
        or f"Exported from PaperShelf on {timezone.localdate():%Y-%m-%d}: {len(papers)} papers."
    )
    lines.append("")
    if loose:
        lines += [*table(_sorted(loose)), ""]
    roots = sorted(
        (t for t in topics.values() if not t.parent_id), key=lambda t: (t.position, t.name)
    )
    for root in roots:
        lines += [f"## {cell(root.name)}", ""]
        if by_topic.get(root.pk):
            lines += [*table(_sorted(by_topic[root.pk])), ""]
        children = sorted(
            (t for t in topics.values() if t.parent_id == root.pk),
            key=lambda t: (t.position, t.name),
        )
        for child in children:
            lines += [f"### {cell(child.name)}", "", *table(_sorted(by_topic[child.pk])), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
