"""Charts of the catalog, drawn on the server as SVG: no JavaScript, a table as text alternative.

Each chart is a ``Chart``: a title, a one-sentence description, its rows (the same numbers as a
table for screen readers and for people who would rather read) and ``svg()``. Colours come from
CSS classes so that the light and dark schemes both apply. One query per chart.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Category, Paper, Presenter, Review, Venue, subquery_count

BAR = 22  # height of a horizontal bar row, in SVG units
LABEL_WIDTH = 150
WIDTH = 640


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)  # (label, value, [second value])
    kind: str = "hbar"  # "hbar", "vbar" or "stacked"
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)

    @property
    def total(self) -> int:
        return sum(sum(row[1:]) for row in self.rows)

    def svg(self) -> str:
        if not self.rows:
            return ""
        return mark_safe(_vbar(self) if self.kind == "vbar" else _hbar(self))


def _svg_open(chart: Chart, height: int) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart.slug}-title {chart.slug}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart.slug}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart.slug}-desc">{escape(chart.description)}</desc>'
    )


def _hbar(chart: Chart) -> str:
    most = max(sum(row[1:]) for row in chart.rows) or 1
    span = WIDTH - LABEL_WIDTH - 90  # room for the value after the bar
    height = len(chart.rows) * BAR + 4
    parts = [_svg_open(chart, height)]
    for i, (label, *values) in enumerate(chart.rows):
        y = i * BAR + 2
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 15}" '
            f'text-anchor="end">{escape(short)}</text>'
        )
        x = LABEL_WIDTH
        for n, value in enumerate(values):
            w = round(span * value / most, 1)
            if w:
                parts.append(
                    f'<rect class="bar bar-{n}" x="{x}" y="{y + 3}" width="{w}" height="{BAR - 6}" '
                    f'rx="2"/>'
                )
            x += w
        parts.append(
            f'<text class="chart-value" x="{x + 6}" y="{y + 15}">'
            f"{escape(' + '.join(str(v) for v in values) if len(values) > 1 else values[0])}"
            f"</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _vbar(chart: Chart) -> str:
    most = max(row[1] for row in chart.rows) or 1
    top, plot_height = 20, 160  # room above the tallest bar for its value
    base = top + plot_height
    height = base + 30
    step = (WIDTH - 20) / len(chart.rows)
    bar = max(min(step * 0.7, 40), 2)
    every = max(1, round(len(chart.rows) / 12))  # label at most about twelve columns
    parts = [_svg_open(chart, height)]
    parts.append(f'<line class="axis" x1="10" y1="{base}" x2="{WIDTH - 10}" y2="{base}"/>')
    for i, (label, value) in enumerate(chart.rows):
        h = round(plot_height * value / most, 1)
        x = 10 + i * step + (step - bar) / 2
        parts.append(
            f'<rect class="bar bar-0" x="{x:.1f}" y="{base - h}" width="{bar:.1f}" '
            f'height="{h}" rx="2"/>'
        )
        if value and bar >= 14:
            parts.append(
                f'<text class="chart-value" x="{x + bar / 2:.1f}" y="{base - h - 5}" '
                f'text-anchor="middle">{value}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{base + 18}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def papers_per_year() -> Chart:
    rows = (
        Paper.objects.filter(year__isnull=False)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return Chart(
        "per-year",
        _("Papers per year"),
        _("How many papers of the catalog appeared each year."),
        [_("Year"), _("Papers")],
        [(str(row["year"]), row["n"]) for row in rows],
        kind="vbar",
    )


def papers_per_venue(limit: int = 15) -> Chart:
    venues = (
        Venue.objects.annotate(n=Count("papers")).filter(n__gt=0).order_by("-n", "short_name")
    )[:limit]
    return Chart(
        "per-venue",
        _("Papers per venue"),
        _("The venues with the most papers in the catalog."),
        [_("Venue"), _("Papers")],
        [(venue.short_name, venue.n) for venue in venues],
    )


def topic_coverage() -> Chart:
    topics = Category.objects.roots().with_paper_counts()
    rows = [
        (topic.name, topic.reviewed_count, topic.paper_count - topic.reviewed_count)
        for topic in topics
        if topic.paper_count
    ]
    return Chart(
        "coverage",
        _("Coverage per topic"),
        _("For each topic, the papers the group has reviewed and those still to read."),
        [_("Topic"), _("Reviewed"), _("Not reviewed yet")],
        rows,
        kind="stacked",
        legend=[("bar-0", _("Reviewed")), ("bar-1", _("Not reviewed yet"))],
    )


def reviews_per_month(months: int = 24) -> Chart:
    rows = (
        Review.objects.public()
        .filter(presented_on__isnull=False)
        .annotate(month=TruncMonth("presented_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")[:months]
    )
    rows = sorted(rows, key=lambda row: row["month"])
    return Chart(
        "per-month",
        _("Reviews per month"),
        _("Public reviews presented each month, for the most recent months with reviews."),
        [_("Month"), _("Reviews")],
        [(formats.date_format(row["month"], "Y-m"), row["n"]) for row in rows],
        kind="vbar",
    )


def presentations_per_presenter(limit: int = 20) -> Chart:
    reviews = Review.objects.public().filter(presenter=OuterRef("pk"))
    presenters = (
        Presenter.objects.public()
        .annotate(n=subquery_count(reviews))
        .filter(n__gt=0)
        .order_by("-n", "name")[:limit]
    )
    return Chart(
        "per-presenter",
        _("Presentations per presenter"),
        _("How many public reviews each presenter has given."),
        [_("Presenter"), _("Presentations")],
        [(presenter.name, presenter.n) for presenter in presenters],
    )


def all_charts() -> list[Chart]:
    return [
        papers_per_year(),
        papers_per_venue(),
        topic_coverage(),
        reviews_per_month(),
        presentations_per_presenter(),
    ]
