"""The curated alias table: topics and papers that reached the catalog under several names.

Merging four study groups' READMEs brings the same topic in twice (``CNN`` and ``CNN
(Convolutional Neural Network)``, a misspelt ``XAI (Explaniable AI)``) and the same paper under
two titles. The demo build applies this table to the parsed READMEs before importing them
(``reviews.demo``), and the admin's "merge the known duplicates" action applies it to rows
already in the catalog (``reviews.services.curation.apply_aliases``); the admin's merge form
also suggests the canonical row to keep. Names match case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import normalize_key


@dataclass(frozen=True)
class TopicAlias:
    """One topic: its name, the name of its parent topic ("" at the top), its other names."""

    name: str
    parent: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return (self.parent, self.name) if self.parent else (self.name,)

    def names(self) -> set[str]:
        return {key(name) for name in (self.name, *self.aliases)}


@dataclass(frozen=True)
class PaperAlias:
    """One paper: its title and the other titles it was listed under."""

    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkOwner:
    """A link a README gave the wrong paper: it belongs to ``title`` and to no other."""

    url: str
    title: str


# Parents before their subtopics: a subtopic's parent is looked up by its canonical name.
TOPICS = (
    TopicAlias("CNN", aliases=("CNN (Convolutional Neural Network)",)),
    TopicAlias("Classification", parent="CNN", aliases=("Classification Paper",)),
    TopicAlias("Object Detection", parent="CNN"),  # listed at the top and under CNN
    TopicAlias(
        "OCR (Optical Character Recognition)",
        parent="CNN",
        aliases=("OCR (Optimcal Character Recognition)",),
    ),
    TopicAlias("Knowledge distillation"),  # listed at the top and under CNN
    TopicAlias("XAI (Explainable AI)", aliases=("XAI (Explaniable AI)",)),
)

PAPERS = (
    PaperAlias(
        "You Only Look Once-Unified, Real-Time Object Detection",
        aliases=(
            "YOLO(You Only Look Once)",
            "You only look once: Unified, real-time object detection",
        ),
    ),
    PaperAlias(
        "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Application",
        aliases=(
            "Mobilenets: Efficient convolutional neural networks for mobile vision applications",
        ),
    ),
)

LINKS = (
    # Seed 001 links its FPN notes from the YOLO line below FPN's own, empty one.
    LinkOwner(
        "https://github.com/JeongGyuJun/CNN/blob/master/FPN.md",
        "Feature Pyramid Networks for Object Detection",
    ),
)


def key(name: str) -> str:
    return " ".join(name.split()).casefold()


def topic_for(name: str) -> TopicAlias | None:
    """The table's entry for a topic named ``name`` (any of its names), if it has one."""
    wanted = key(name)
    return next((topic for topic in TOPICS if wanted in topic.names()), None)


def canonical_topic_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """A README's topic path (``("CNN", "Classification Paper")``) as the table places it."""
    if not path:
        return path
    entry = topic_for(path[-1])
    if entry is not None:
        return entry.path
    parent = canonical_topic_path(path[:-1])
    return (*parent, path[-1])


def canonical_title(title: str) -> str:
    """The title the table keeps for a paper listed as ``title`` (``title`` when it has none)."""
    wanted = normalize_key(title)
    for paper in PAPERS:
        if wanted in {normalize_key(name) for name in (paper.title, *paper.aliases)}:
            return paper.title
    return title


def link_owner(url: str) -> str | None:
    """The title of the only paper ``url`` belongs to, when the table knows it."""
    return next((link.title for link in LINKS if link.url == url.strip()), None)
