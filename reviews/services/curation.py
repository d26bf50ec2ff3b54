"""Writes that touch several rows or models. Keyword-only, atomic, validated before saving."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Category, CollectionEntry, Nomination, Paper, Venue
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
