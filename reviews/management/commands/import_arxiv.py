"""``manage.py import_arxiv ID ...``: add papers by arXiv id, with metadata from the arXiv API."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...metadata import MetadataError, fetch_arxiv
from ...services.papers import find_or_create_paper


class Command(BaseCommand):
    help = "Add papers by arXiv id (1512.03385, arXiv:1512.03385v2 or an arxiv.org URL)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", metavar="ID", help="arXiv ids or URLs")

    def handle(self, *args, ids, **options):
        # Fetch everything first, so that a failure half-way writes nothing.
        found = []
        for arxiv_id in ids:
            try:
                found.append(fetch_arxiv(arxiv_id))
            except MetadataError as exc:
                raise CommandError(f"{arxiv_id}: {exc} Nothing was imported.") from exc
        with transaction.atomic():
            outcomes = [find_or_create_paper(metadata=metadata) for metadata in found]
        for outcome in outcomes:
            self.stdout.write(f"{outcome.action}: {outcome.paper.title} ({outcome.paper.arxiv_id})")
