"""Charts of the catalog, drawn on the server as SVG: no JavaScript, a table as text alternative.

Each chart is a ``Chart``: a title, a one-sentence description, its rows (the same numbers as a
table for screen readers and for people who would rather read) and ``svg()``. Colours come from
CSS classes so that the light and dark schemes both apply. One query per chart.
"""

from dataclasses import dataclass, field
from math import ceil
from unicodedata import east_asian_width

from django.db.models import Count, OuterRef, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .catalog_cache import cached
from .models import Category, Paper, Presenter, Review, Venue, subquery_count

BAR = 22  # height of a horizontal bar row, in SVG units
WIDTH = 640  # of a column chart; one with horizontal bars is narrower, so its text stays
HBAR_WIDTH = 400  # readable where a phone scales it down
MARGIN = 8  # room at each side of the drawing, so that no text touches the edge
FONT = 13  # chart-label font size (site.css), to estimate how wide a label is drawn
HBAR_FONT = 14  # the same in charts with horizontal bars
LABEL_MIN, LABEL_MAX = 48, 150  # width kept for the labels of horizontal bars


def text_width(text: str, font: float = FONT) -> float:
    """About how wide ``text`` is drawn at the label font size: wide (Hangul, CJK) characters
    take a full em, others a little over half of one."""
    return sum(font if east_asian_width(char) in "WF" else font * 0.56 for char in text)


def fit(text: str, width: float, font: float = FONT) -> str:
    """``text`` cut with an ellipsis so that it is drawn no wider than ``width``."""
    if text_width(text, font) <= width:
        return text
    while text and text_width(text + "…", font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _label(text: str, *, x: float, y: float, anchor: str, width: float, font: float = FONT) -> str:
    """A label, shortened to ``width`` when needed; the full text is then its tooltip."""
    shown = fit(text, width, font)
    tooltip = f"<title>{escape(text)}</title>" if shown != text else ""
    return (
        f'<text class="chart-label" x="{x:.1f}" y="{y}" text-anchor="{anchor}">'
        f"{tooltip}{escape(shown)}</text>"
    )


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


def _svg_open(chart: Chart, height: int, width: int = WIDTH) -> str:
    kind = "vbar" if chart.kind == "vbar" else "hbar"
    return (
        f'<svg class="chart chart-{kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart.slug}-title {chart.slug}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart.slug}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart.slug}-desc">{escape(chart.description)}</desc>'
    )


def _hbar(chart: Chart) -> str:
    most = max(sum(row[1:]) for row in chart.rows) or 1
    longest = max(text_width(row[0], HBAR_FONT) for row in chart.rows)
    label_width = min(max(longest, LABEL_MIN), LABEL_MAX)
    bars_x = MARGIN + label_width + 8
    span = HBAR_WIDTH - bars_x - 56 - MARGIN  # room for the value after the longest bar
    height = len(chart.rows) * BAR + 4
    parts = [_svg_open(chart, height, HBAR_WIDTH)]
    for i, (label, *values) in enumerate(chart.rows):
        y = i * BAR + 2
        parts.append(
            _label(label, x=bars_x - 8, y=y + 15, anchor="end", width=label_width, font=HBAR_FONT)
        )
        x = bars_x
        for n, value in enumerate(values):
            w = round(span * value / most, 1)
            if w:
                parts.append(
                    f'<rect class="bar bar-{n}" x="{x}" y="{y + 3}" width="{w}" height="{BAR - 6}" '
                    f'rx="2"/>'
                )
            x += w
        parts.append(
            f'<text class="chart-value" x="{x + 5:.1f}" y="{y + 15}">'
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
    label_width = max(text_width(row[0]) for row in chart.rows)
    # The first and last labels are centred under their bars: keep half a label at each side.
    side = MARGIN + label_width / 2
    step = (WIDTH - 2 * side) / len(chart.rows)
    bar = max(min(step * 0.7, 40), 2)
    every = max(1, ceil((label_width + 10) / step))  # labels never overlap
    parts = [_svg_open(chart, height)]
    parts.append(
        f'<line class="axis" x1="{MARGIN}" y1="{base}" x2="{WIDTH - MARGIN}" y2="{base}"/>'
    )
    for i, (label, value) in enumerate(chart.rows):
        h = round(plot_height * value / most, 1)
        centre = side + i * step + step / 2
        x = centre - bar / 2
        parts.append(
            f'<rect class="bar bar-0" x="{x:.1f}" y="{base - h}" width="{bar:.1f}" '
            f'height="{h}" rx="2"/>'
        )
        if value and bar >= 14:
            parts.append(
                f'<text class="chart-value" x="{centre:.1f}" y="{base - h - 5}" '
                f'text-anchor="middle">{value}</text>'
            )
        if i % every == 0:
            parts.append(
                _label(label, x=centre, y=base + 18, anchor="middle", width=step * every - 6)
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


def root_topics_with_counts() -> list[Category]:
    """The top-level topics, each with ``paper_count`` (its papers and its subtopics', each once)
    and ``reviewed_count`` (how many of them visitors see as reviewed): one GROUP BY over the
    topic links rather than a count per topic."""
    rows = (
        Paper.topics.through.objects.order_by()
        .annotate(root=Coalesce("category__parent_id", "category_id"))
        .values("root")
        .annotate(
            n=Count("paper_id", distinct=True),
            reviewed=Count(
                "paper_id", distinct=True, filter=Q(paper__public_status=Paper.Status.REVIEWED)
            ),
        )
    )
    counts = {row["root"]: (row["n"], row["reviewed"]) for row in rows}
    topics = list(Category.objects.roots())
    for topic in topics:
        topic.paper_count, topic.reviewed_count = counts.get(topic.pk, (0, 0))
    return topics


def topic_coverage() -> Chart:
    topics = root_topics_with_counts()
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
    """Every chart, cached until the catalog changes (``reviews.catalog_cache``)."""
    return cached("charts", (), compute_charts)


def compute_charts() -> list[Chart]:
    return [
        papers_per_year(),
        papers_per_venue(),
        topic_coverage(),
        reviews_per_month(),
        presentations_per_presenter(),
    ]
