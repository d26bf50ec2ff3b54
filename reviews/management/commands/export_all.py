"""``manage.py export_all ARCHIVE``: everything (data and uploaded slides) in one zip archive,
readable by its owner only (it holds password hashes and invitation tokens)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...exporters.backup import BackupError, save_backup


class Command(BaseCommand):
    help = "Back up every account, paper, review, collection and uploaded file into one zip."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .zip file to write")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        try:
            manifest = save_backup(path)
        except OSError as exc:
            raise CommandError(f"{path}: cannot write the archive ({exc.strerror}).") from exc
        except BackupError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was written.") from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {rows} rows, {len(manifest['media'])} uploaded files."
            )
        )
