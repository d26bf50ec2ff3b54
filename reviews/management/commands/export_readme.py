"""``manage.py export_readme [--output FILE] [filters]``: the catalog as a GitHub README."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from ...exporters.readme import export_readme
from ...filters import PaperFilter
from ...models import Paper

FILTERS = ("q", "topic", "venue", "year", "year_min", "year_max", "tag", "status", "presenter")


class Command(BaseCommand):
    help = (
        "Write the catalog (or the papers the catalog's filters select) as a GitHub README "
        "with a table per topic; importing it back gives the same catalog."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")
        parser.add_argument("--title", default="Paper catalog", help="the README's title")
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"filter: {name}")
        parser.add_argument("--has-code", dest="has_code", action="store_true", help="filter")

    def handle(self, *args, output, title, **options):
        params = QueryDict(mutable=True)
        for name in FILTERS:
            if options.get(name):
                params[name] = options[name]
        if options.get("has_code"):
            params["has_code"] = "true"
        papers = PaperFilter(params, queryset=Paper.objects.all()).qs if params else None
        text = export_readme(papers, title=title)
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{path}: cannot write the file ({exc.strerror}).") from exc
        self.stdout.write(f"Wrote {path}.")
