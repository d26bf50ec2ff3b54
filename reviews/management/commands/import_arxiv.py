"""``manage.py import_arxiv ID ...``: add papers by arXiv id, with metadata from the arXiv API.

The ids go to the API in batches (its ``id_list`` takes many ids, comma-separated): one request
per batch, not one per paper. The look-ups run as the task ``import_arxiv_papers``: here and now
on the embedded default, or by a worker when tasks go to the database (the command then says so
and returns at once).
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import default_task_backend

from ...metadata import _ARXIV_ID, MetadataError, arxiv_id_from
from ...models import Paper
from ...tasks import ArxivImportError, import_arxiv_papers


def arxiv_id(value: str) -> str:
    """The bare id ``value`` names (``arXiv:1512.03385v2`` or an URL give ``1512.03385``)."""
    found = arxiv_id_from(value) or Paper.normalize_arxiv_id(value)
    if not _ARXIV_ID.fullmatch(found):
        raise CommandError(f"{value}: not an arXiv identifier (e.g. 1512.03385).")
    return Paper.normalize_arxiv_id(found)


class Command(BaseCommand):
    help = "Add papers by arXiv id (1512.03385, arXiv:1512.03385v2 or an arxiv.org URL)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", metavar="ID", help="arXiv ids or URLs")

    def handle(self, *args, ids, **options):
        unique = list(dict.fromkeys(arxiv_id(value) for value in ids))
        if default_task_backend.supports_defer:
            result = import_arxiv_papers.enqueue(ids=unique)
            self.stdout.write(
                f"Queued as task {result.id}: a worker fetches {len(unique)} id(s) from arXiv. "
                "The admin's task list shows the outcome."
            )
            return
        try:
            lines = import_arxiv_papers.call(ids=unique)
        except (ArxivImportError, MetadataError) as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        for line in lines:
            self.stdout.write(line)
