"""``manage.py import_all ARCHIVE``: restore a backup made by export_all into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...exporters.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an export_all archive into an empty database (refuses a non-empty one)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .zip file export_all wrote")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            counts = restore_backup(path)
        except BackupError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was restored.") from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
