"""Writes that touch several rows or models. Keyword-only, atomic, validated before saving."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .. import aliases
from ..models import Category, CollectionEntry, Nomination, Paper, Venue, normalize_key
from ..search import schedule_search_refresh
from .reviews import delete_review


@transaction.atomic
def merge_categories(*, keep: Category, merge: Iterable[Category]) -> int:
    """Move the papers and subtopics of ``merge`` into ``keep`` and delete them.

    Returns how many topics were merged away.
    """
    merged = 0
    for category in merge:
        if category.pk == keep.pk:
            continue
        for paper in category.papers.all():
            paper.topics.add(keep)
        for child in category.children.exclude(pk=keep.pk):
            if keep.parent_id:
                # keep is itself a subtopic: topics nest one level only, so the children come up.
                child.parent = keep.parent
            else:
                child.parent = keep
            _save_child_unique(child)
        category.delete()
        merged += 1
    return merged


def _save_child_unique(child: Category) -> None:
    """Save a moved subtopic; one with the same name under its new parent is merged into it."""
    twin = (
        Category.objects.filter(parent=child.parent, name__iexact=child.name)
        .exclude(pk=child.pk)
        .first()
    )
    if twin is None:
        child.full_clean()
        child.save()
        return
    for paper in child.papers.all():
        paper.topics.add(twin)
    child.delete()


@transaction.atomic
def merge_venues(*, keep: Venue, merge: Iterable[Venue]) -> int:
    """Point the papers of ``merge`` at ``keep``, remember their names as aliases, delete them."""
    aliases = [alias.strip() for alias in keep.aliases.split(",") if alias.strip()]
    merged = 0
    for venue in merge:
        if venue.pk == keep.pk:
            continue
        paper_ids = list(venue.papers.values_list("pk", flat=True))
        venue.papers.update(venue=keep)
        schedule_search_refresh(paper_ids)
        for name in [venue.short_name, *venue.aliases.split(",")]:
            name = name.strip()
            if name and Venue.canonical_key(name) not in keep.alias_keys() | {keep.key}:
                aliases.append(name)
        venue.delete()
        merged += 1
    keep.aliases = ", ".join(dict.fromkeys(aliases))
    keep.full_clean()
    keep.save()
    return merged


@transaction.atomic
def set_reading_status(*, papers: Iterable[Paper], status: str) -> int:
    """Mark papers as to read, scheduled or reviewed."""
    if status not in Paper.Status.values:
        raise ValueError(f"unknown reading status: {status!r}")
    ids = [paper.pk for paper in papers]
    return Paper.objects.filter(pk__in=ids).update(status=status)


@transaction.atomic
def merge_papers(*, keep: Paper, merge: Iterable[Paper]) -> int:
    """Fold duplicate papers into one: their reviews, topics, tags, links and collection places."""
    merged = 0
    for paper in merge:
        if paper.pk == keep.pk:
            continue
        paper.reviews.update(paper=keep)
        _move_nominations(source=paper, target=keep)
        keep.status = max(keep.status, paper.status, key=list(Paper.Status).index)
        keep.topics.add(*paper.topics.all())
        keep.tags.add(*paper.tags.all())
        for entry in paper.collection_entries.all():
            if not CollectionEntry.objects.filter(collection=entry.collection, paper=keep).exists():
                entry.paper = keep
                entry.save(update_fields=["paper"])
        for name in Paper.LINK_FIELDS + ("abstract", "institutions", "authors", "short_name"):
            if not getattr(keep, name) and getattr(paper, name):
                setattr(keep, name, getattr(paper, name))
        keep.year = keep.year or paper.year
        keep.venue = keep.venue or paper.venue
        identifiers = {"arxiv_id": paper.arxiv_id, "doi": paper.doi}
        paper.delete()
        for name, value in identifiers.items():
            if value and not getattr(keep, name):
                setattr(keep, name, value)
        merged += 1
    keep.full_clean()
    keep.save()
    return merged


def _move_nominations(*, source: Paper, target: Paper) -> None:
    """Give ``target`` the nominations of ``source``. A paper has one active nomination at most:
    when both have one, the votes of the duplicate go to the target's and the duplicate goes."""
    active = [Nomination.Status.OPEN, Nomination.Status.SCHEDULED]
    kept = target.nominations.filter(status__in=active).first()
    for nomination in source.nominations.all():
        if kept is None or nomination.status not in active:
            nomination.paper = target
            nomination.save(update_fields=["paper"])
            continue
        voters = set(kept.votes.values_list("user_id", flat=True))
        nomination.votes.exclude(user_id__in=voters).update(nomination=kept)
        nomination.delete()


@transaction.atomic
def delete_papers(*, papers: Iterable[Paper]) -> int:
    """Delete papers with their reviews, and the reviews' slide files once this commits."""
    deleted = 0
    for paper in papers:
        for review in paper.reviews.all():
            delete_review(review=review)
        paper.delete()
        deleted += 1
    return deleted


@dataclass
class AliasReport:
    topics_merged: int = 0
    topics_renamed: int = 0
    papers_merged: int = 0
    links_moved: int = 0


@transaction.atomic
def apply_aliases() -> AliasReport:
    """Merge the topics and papers the curated alias table (``reviews.aliases``) names twice
    into the row it keeps, and give misplaced links to their paper. Running it again changes
    nothing."""
    report = AliasReport()
    for topic in aliases.TOPICS:
        _apply_topic_alias(topic, report)
    for link in aliases.LINKS:
        _apply_link_owner(link, report)
    for paper in aliases.PAPERS:
        _apply_paper_alias(paper, report)
    return report


def _topics_named(names: set[str]) -> list[Category]:
    return [c for c in Category.objects.select_related("parent") if aliases.key(c.name) in names]


def _apply_topic_alias(topic: aliases.TopicAlias, report: AliasReport) -> None:
    found = _topics_named(topic.names())
    if not found:
        return
    parent = None
    if topic.parent:
        parent = next(iter(_topics_named({aliases.key(topic.parent)})), None)
    keep = suggested_keep(found, Category) or found[0]
    report.topics_merged += merge_categories(keep=keep, merge=[c for c in found if c != keep])
    keep.refresh_from_db()
    if keep.name != topic.name or keep.parent_id != getattr(parent, "pk", None):
        keep.name = topic.name
        keep.parent = parent
        keep.full_clean()
        keep.save()
        report.topics_renamed += 1


def _apply_link_owner(link: aliases.LinkOwner, report: AliasReport) -> None:
    owner = Paper.objects.filter(title_key=normalize_key(link.title)).first()
    for name in Paper.LINK_FIELDS:
        for paper in Paper.objects.filter(**{name: link.url}):
            if paper == owner:
                continue
            setattr(paper, name, "")
            paper.save()
            report.links_moved += 1
            if owner is not None and not getattr(owner, name):
                setattr(owner, name, link.url)
                owner.save()


def _apply_paper_alias(paper: aliases.PaperAlias, report: AliasReport) -> None:
    keys = [normalize_key(title) for title in (paper.title, *paper.aliases)]
    found = sorted(Paper.objects.filter(title_key__in=keys), key=lambda p: keys.index(p.title_key))
    if len(found) > 1:
        report.papers_merged += merge_papers(keep=found[0], merge=found[1:])


def suggested_keep(rows, model):
    """Of rows an admin is about to merge, the one the alias table keeps (None: no opinion):
    the topic with the canonical name at the canonical place, the paper with the kept title."""
    rows = list(rows)
    if model is Category:
        for topic in aliases.TOPICS:
            named = [row for row in rows if aliases.key(row.name) in topic.names()]
            if not named:
                continue
            placed = [
                row
                for row in named
                if aliases.key(row.parent.name if row.parent_id else "")
                == aliases.key(topic.parent)
            ]
            exact = [row for row in placed if aliases.key(row.name) == aliases.key(topic.name)]
            return max(exact or placed or named, key=lambda row: row.papers.count())
    if model is Paper:
        for paper in aliases.PAPERS:
            wanted = normalize_key(paper.title)
            kept = [row for row in rows if row.title_key == wanted]
            if kept:
                return kept[0]
    return None
