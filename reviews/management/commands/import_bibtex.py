"""``manage.py import_bibtex FILE``: add the papers of a BibTeX file to the catalog."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...metadata import BibtexError, parse_bibtex
from ...services.papers import find_or_create_paper


class Command(BaseCommand):
    help = "Add every entry of a BibTeX file as a paper; papers already there are completed."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .bib file")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        except UnicodeDecodeError as exc:
            line = path.read_bytes().count(b"\n", 0, exc.start) + 1
            raise CommandError(f"{path}, line {line}: the file is not UTF-8 text.") from exc
        try:
            entries = parse_bibtex(text)
        except BibtexError as exc:
            where = f"{path}, line {exc.line}" if exc.line else str(path)
            raise CommandError(f"{where}: {exc.message}. Nothing was imported.") from exc
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for entry in entries:
                try:
                    outcome = find_or_create_paper(metadata=entry.metadata)
                except ValidationError as exc:
                    raise CommandError(
                        f"{path}, line {entry.line}: the entry {entry.key} cannot be saved "
                        f"({'; '.join(exc.messages)}). Nothing was imported."
                    ) from exc
                counts[outcome.action] += 1
                self.stdout.write(f"{outcome.action}: {outcome.paper.title} ({entry.key})")
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(
            "Papers created: {created}, updated: {updated}, unchanged: {unchanged}.".format(
                **counts
            )
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
