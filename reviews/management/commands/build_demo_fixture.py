"""``manage.py build_demo_fixture SEEDS_DIR``: regenerate the demo catalog from the seed READMEs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...demo import FIXTURE_DIR, seed_files, write_fixture
from ...importers import ImportFormatError


class Command(BaseCommand):
    help = (
        "Parse the seed READMEs (NNN_*.txt) with the README importer and write what it makes "
        "of them to reviews/fixtures/demo/ (facts only, without the seeds' prose)."
    )

    def add_arguments(self, parser):
        parser.add_argument("seeds_dir", help="the folder holding the seed READMEs")
        parser.add_argument("--output", default=str(FIXTURE_DIR), help="where to write")

    def handle(self, *args, seeds_dir, output, **options):
        seeds = Path(seeds_dir)
        if not seed_files(seeds):
            raise CommandError(f"{seeds}: no seed READMEs (NNN_*.txt) found.")
        try:
            written = write_fixture(seeds, Path(output))
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        for path in written:
            self.stdout.write(f"wrote {path}")
