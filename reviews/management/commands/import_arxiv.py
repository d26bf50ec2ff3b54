"""``manage.py import_arxiv ID ...``: add papers by arXiv id, with metadata from the arXiv API.

The ids go to the API in batches (its ``id_list`` takes many ids, comma-separated): one request
per batch, not one per paper.
"""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...metadata import (
    _ARXIV_ID,
    ATOM,
    MetadataError,
    MetadataUnavailable,
    PaperMetadata,
    _get,
    arxiv_id_from,
    parse_arxiv_atom,
)
from ...models import Paper
from ...services.papers import find_or_create_paper

#: Ids per request; the arXiv API serves up to 2000 results a call, small batches fail less.
BATCH_SIZE = 100


def arxiv_id(value: str) -> str:
    """The bare id ``value`` names (``arXiv:1512.03385v2`` or an URL give ``1512.03385``)."""
    found = arxiv_id_from(value) or Paper.normalize_arxiv_id(value)
    if not _ARXIV_ID.fullmatch(found):
        raise CommandError(f"{value}: not an arXiv identifier (e.g. 1512.03385).")
    return Paper.normalize_arxiv_id(found)


def fetch_batch(ids: list[str]) -> dict[str, PaperMetadata]:
    """Metadata for these bare ids from one API call: id -> metadata, for the ids arXiv has."""
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


class Command(BaseCommand):
    help = "Add papers by arXiv id (1512.03385, arXiv:1512.03385v2 or an arxiv.org URL)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", metavar="ID", help="arXiv ids or URLs")

    def handle(self, *args, ids, **options):
        wanted = {value: arxiv_id(value) for value in ids}
        unique = list(dict.fromkeys(wanted.values()))
        # Fetch everything first, so that a failure half-way writes nothing.
        found: dict[str, PaperMetadata] = {}
        for start in range(0, len(unique), BATCH_SIZE):
            batch = unique[start : start + BATCH_SIZE]
            try:
                found.update(fetch_batch(batch))
            except MetadataError as exc:
                raise CommandError(f"{', '.join(batch)}: {exc} Nothing was imported.") from exc
        for value, bare in wanted.items():
            if bare not in found:
                raise CommandError(f"{value}: arXiv has no paper {bare}. Nothing was imported.")
        with transaction.atomic():
            outcomes = [find_or_create_paper(metadata=found[bare]) for bare in unique]
        for outcome in outcomes:
            self.stdout.write(f"{outcome.action}: {outcome.paper.title} ({outcome.paper.arxiv_id})")
