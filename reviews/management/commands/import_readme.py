"""``manage.py import_readme FILE [--dry-run] [--source NAME]``: import a study group's README."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...importers import ImportFormatError, parse_readme, validate_mapping
from ...services.papers import import_catalog


class Command(BaseCommand):
    help = (
        "Import a study group's README paper catalog (lists, tables, headings or blocks per "
        "paper, HTML, in any language). All or nothing; importing the same file twice changes "
        "nothing. A file in which nothing reads as a paper is refused (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the README (Markdown) file to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )
        parser.add_argument("--source", default="", help="a name for the catalog in the report")
        parser.add_argument(
            "--base-url",
            default="",
            help="where relative links point, e.g. https://github.com/OWNER/REPO/blob/BRANCH/",
        )
        parser.add_argument(
            "--mapping",
            default="",
            help="a JSON file saying what is what: columns (header -> role), exclude_sections, "
            "include_sections (headings), not_papers (line numbers); the admin's preview shows it",
        )

    def handle(self, *args, file, dry_run, source, base_url="", mapping="", **options):
        path = Path(file)
        rules = None
        if mapping:
            try:
                rules = validate_mapping(json.loads(Path(mapping).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{mapping}: not a readable JSON mapping ({exc}).") from exc
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        try:
            parsed = parse_readme(
                data, source=source or path.name, base_url=base_url, mapping=rules
            )
            report = import_catalog(parsed=parsed, source=source or path.name, dry_run=dry_run)
        except ImportFormatError as exc:
            where = f"{path}, line {exc.line}" if exc.line else str(path)
            raise CommandError(f"{where}: {exc.message}. Nothing was imported.") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Import finished."))
