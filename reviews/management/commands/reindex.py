"""``manage.py reindex``: rebuild every derived column from the rows.

For after a bulk load, a restore or an upgrade: the papers' search text and vectors and what
visitors see of their status. Set-based statements, with the GIN indexes built again at the end
rather than updated row by row; running it twice changes nothing.
"""

import time
from contextlib import contextmanager

from django.contrib.postgres.indexes import GinIndex
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Func, TextField, Value
from django.db.models.functions import Concat, Lower

from ...models import Paper
from ...search import rebuild_search_index


@contextmanager
def without_search_indexes():
    """On PostgreSQL, drop the papers' GIN indexes for the block and build them again after it:
    building a GIN index at once is much faster than updating it row by row."""
    if connection.vendor != "postgresql":
        yield
        return
    indexes = [index for index in Paper._meta.indexes if isinstance(index, GinIndex)]
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.remove_index(Paper, index)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending check blocks CREATE INDEX
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.add_index(Paper, index)


class Command(BaseCommand):
    help = "Rebuild the derived data (search vectors, visitor status) of every paper."

    def handle(self, *args, **options):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # After a bulk load the planner knows nothing of the tables yet.
                cursor.execute("ANALYZE")
        with transaction.atomic(), without_search_indexes():
            start = time.perf_counter()
            # Paper.save() derives search_text; the same in one UPDATE: title, short name and
            # authors (one a line), lower case.
            authors = Func(
                "authors", Value("\n"), Value(" "), function="REPLACE", output_field=TextField()
            )
            texts = Paper.objects.update(
                search_text=Func(
                    Lower(
                        Concat(
                            "title",
                            Value(" "),
                            "short_name",
                            Value(" "),
                            authors,
                            output_field=TextField(),
                        )
                    ),
                    function="TRIM",
                    output_field=TextField(),
                )
            )
            self.report("search text", texts, start)
            start = time.perf_counter()
            statuses = Paper.objects.all().refresh_public_status()
            self.report("visitor status", statuses, start)
            start = time.perf_counter()
            vectors = rebuild_search_index()
            if vectors:
                self.report("search vectors", vectors, start)

    def report(self, what: str, count: int, start: float) -> None:
        self.stdout.write(f"{what}: {count} papers in {time.perf_counter() - start:.1f} s")
