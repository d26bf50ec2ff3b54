"""``manage.py load_demo [--if-empty]``: fill the catalog with the demo built from the seeds."""

from django.core.management.base import BaseCommand

from ...demo import load_demo
from ...models import Paper


class Command(BaseCommand):
    help = (
        "Load the demo catalog (papers of four real study-group READMEs, presenters, a few "
        "reviews and scheduled talks). Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the catalog already has papers",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Paper.objects.exists():
            self.stdout.write("The catalog already has papers; the demo was not loaded.")
            return
        report = load_demo()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalog loaded: {report.papers_created} papers created, "
                f"{Paper.objects.count()} in the catalog."
            )
        )
