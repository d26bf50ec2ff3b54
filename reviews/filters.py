"""The catalog's filters: one FilterSet for the catalog page, the read-only API and the exports.

``PaperFilter(request.GET, queryset=..., request=request).qs`` applies every filter, then the
search ``q``, then ``sort``. GET names: ``q``, ``topic`` (slug; a parent topic includes its
subtopics), ``venue`` (slug), ``year`` (one year), ``year_min``/``year_max`` (a range), ``tag``
(slug), ``status``, ``has_code``, ``presenter`` (slug), ``sort`` (``new``, ``year``, ``-year``,
``title``, ``relevance``). A value that does not validate is ignored rather than emptying the list.

``facets()`` gives, for each filter, its options with how many papers of the current result set
each would leave: every filter but the facet's own one (and the search) applies to its counts, so
a count says what choosing that option shows.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connections
from django.db.models import Case, Count, F, OuterRef, Q, When
from django.db.models.functions import Coalesce, Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from .catalog_cache import cached
from .models import Category, Paper, Presenter, Review, TaggedPaper, Venue, subquery_count
from .search import search_papers


class SortChoices:
    NEW = "new"
    YEAR = "year"
    YEAR_DESC = "-year"
    TITLE = "title"
    RELEVANCE = "relevance"

    choices = [
        (NEW, _("Newest added")),
        (YEAR_DESC, _("Year, newest first")),
        (YEAR, _("Year, oldest first")),
        (TITLE, _("Title")),
        (RELEVANCE, _("Relevance")),
    ]


ORDERINGS = {
    SortChoices.NEW: ("-created_at", "-pk"),
    SortChoices.YEAR: (F("year").asc(nulls_last=True), Lower("title"), "pk"),
    SortChoices.YEAR_DESC: (F("year").desc(nulls_last=True), Lower("title"), "pk"),
    SortChoices.TITLE: (Lower("title"), "pk"),
    SortChoices.RELEVANCE: ("-search_rank", F("year").desc(nulls_last=True), "pk"),
}

# Filters with facet counts, and the GET names each one owns.
FACET_PARAMS = {
    "topic": ("topic",),
    "venue": ("venue",),
    "year": ("year", "year_min", "year_max"),
    "tag": ("tag",),
    "status": ("status",),
    "has_code": ("has_code",),
    "presenter": ("presenter",),
}
TAG_FACET_LIMIT = 40
# The venues with the most papers (and the one chosen): every venue has its own page.
VENUE_FACET_LIMIT = 40


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PaperFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_later")
    topic = django_filters.CharFilter(label=_("Topic"), method="filter_topic")
    venue = django_filters.CharFilter(label=_("Venue"), field_name="venue__slug")
    year = YearFilter(label=_("Year"), field_name="year")
    year_min = YearFilter(label=_("From year"), field_name="year", lookup_expr="gte")
    year_max = YearFilter(label=_("To year"), field_name="year", lookup_expr="lte")
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")
    status = django_filters.ChoiceFilter(
        label=_("Reading status"),
        field_name="public_status",  # what visitors may know of it
        choices=Paper.Status.choices,
        empty_label=_("Any status"),
    )
    has_code = django_filters.BooleanFilter(
        label=_("Has code"), method="filter_has_code", widget=BooleanWidget
    )
    presenter = django_filters.CharFilter(label=_("Presenter"), method="filter_presenter")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortChoices.choices, method="filter_later", empty_label=None
    )

    class Meta:
        model = Paper
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = Paper.objects.all()
        super().__init__(data, queryset, request=request, prefix=prefix)

    # --- Filters --------------------------------------------------------------------------------

    @cached_property
    def user(self):
        """Whose view this is: the request's user on the catalog page; nobody (a visitor) for the
        API and the downloads, which show what a visitor may see whoever asks."""
        return getattr(self.request, "user", None)

    @cached_property
    def reviews(self):
        """Published reviews the requester may see: what the presenter filter goes by."""
        if self.user is None:
            return Review.objects.public()
        return Review.objects.visible_to(self.user).published()

    def filter_later(self, queryset, name, value):
        return queryset  # ``q`` and ``sort`` are applied after every filter, in filter_queryset

    def filter_topic(self, queryset, name, value):
        links = Paper.topics.through.objects.filter(
            Q(category__slug=value) | Q(category__parent__slug=value)
        )
        return queryset.filter(pk__in=links.values("paper_id"))

    def filter_tag(self, queryset, name, value):
        tagged = TaggedPaper.objects.filter(tag__slug=value)
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_has_code(self, queryset, name, value):
        if value:
            return queryset.with_code()
        return queryset.exclude(pk__in=Paper.objects.with_code().values("pk"))

    def filter_presenter(self, queryset, name, value):
        presented = self.reviews.filter(presenter__slug=value)
        return queryset.filter(pk__in=presented.values("paper_id"))

    @property
    def data_values(self) -> dict:
        """The valid cleaned values that filter something."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in (None, "", [])}

    @property
    def search_query(self) -> str:
        return (self.data_values.get("q") or "").strip()

    @property
    def sort_order(self) -> str:
        sort = self.data_values.get("sort")
        if sort == SortChoices.RELEVANCE and not self.search_query:
            sort = None
        return sort or (SortChoices.RELEVANCE if self.search_query else SortChoices.NEW)

    def apply_filters(self, queryset, *, exclude=()):
        for name, value in self.data_values.items():
            if name in ("q", "sort") or name in exclude:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @cached_property
    def search_ids(self):
        """The papers the search finds in the whole catalog, or None without a search. On
        PostgreSQL a bounded set (``reviews.search.CANDIDATE_LIMIT``), read once as a list: the
        results and every facet count are taken among them."""
        if not self.search_query:
            return None
        found = search_papers(self.queryset.all(), self.search_query).order_by().values("pk")
        if connections[found.db].vendor == "postgresql":
            return list(found.values_list("pk", flat=True))
        return found

    def filter_queryset(self, queryset):
        queryset = self.apply_filters(queryset)
        if self.search_ids is not None:
            queryset = queryset.filter(pk__in=self.search_ids)
        queryset = search_papers(queryset, self.search_query)
        return queryset.order_by(*ORDERINGS[self.sort_order])

    # --- Facets ---------------------------------------------------------------------------------

    def narrowed(self, facet: str) -> bool:
        """Whether a filter other than ``facet``'s own, or the search, narrows its counts."""
        return any(name not in ("sort", *FACET_PARAMS[facet]) for name in self.data_values) or bool(
            self.search_query
        )

    def facet_papers(self, facet: str):
        """The papers that every filter but ``facet``'s own (and the search) leave."""
        queryset = self.apply_filters(self.queryset.all(), exclude=FACET_PARAMS[facet])
        if self.search_ids is not None:
            queryset = queryset.filter(pk__in=self.search_ids)
        return queryset.order_by()

    def facet_ids(self, facet: str):
        """The ids of ``facet_papers(facet)`` as a subquery, or None for the whole catalog."""
        if not self.narrowed(facet):
            return None
        return self.facet_papers(facet).values("pk")

    @cached_property
    def active(self) -> dict:
        return self.data_values

    def topic_options(self) -> list[Option]:
        """Two queries: the topics, and the counts of subtopics (their papers) and of top-level
        topics (their papers and their subtopics', each once) in one GROUP BY each."""
        links = Paper.topics.through.objects.order_by()
        ids = self.facet_ids("topic")
        if ids is not None:
            links = links.filter(paper__in=ids)
        children = (
            links.filter(category__parent__isnull=False)
            .values("category_id")
            .annotate(n=Count("paper_id"))
            .values_list("category_id", "n")
        )
        roots = (
            links.annotate(root=Coalesce("category__parent_id", "category_id"))
            .values("root")
            .annotate(n=Count("paper_id", distinct=True))
            .values_list("root", "n")
        )
        counts = dict(children.union(roots, all=True))
        topics = Category.objects.order_by("position", "name").only(
            "pk", "slug", "name", "parent_id"
        )
        selected = self.active.get("topic")
        by_parent: dict = {}
        for topic in topics:
            by_parent.setdefault(topic.parent_id, []).append(topic)
        options = []
        for root in by_parent.get(None, []):
            for topic, depth in [(root, 0), *((child, 1) for child in by_parent.get(root.pk, []))]:
                n = counts.get(topic.pk, 0)
                if n or topic.slug == selected:
                    options.append(Option(topic.slug, topic.name, n, topic.slug == selected, depth))
        return options

    def venue_options(self) -> list[Option]:
        selected = self.active.get("venue")
        ids = self.facet_ids("venue")
        papers = Count("papers") if ids is None else Count("papers", filter=Q(papers__in=ids))
        venues = (
            Venue.objects.annotate(n=papers)
            .filter(Q(n__gt=0) | Q(slug=selected or ""))
            .order_by(
                Case(When(slug=selected or "", then=0), default=1), "-n", Lower("short_name")
            )[:VENUE_FACET_LIMIT]
        )
        options = [Option(v.slug, v.short_name, v.n, v.slug == selected) for v in venues]
        return sorted(options, key=lambda option: option.label.lower())

    def year_options(self) -> list[Option]:
        selected = self.active.get("year")
        rows = (
            self.facet_papers("year")
            .filter(year__isnull=False)
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        options = [
            Option(str(r["year"]), str(r["year"]), r["n"], r["year"] == selected) for r in rows
        ]
        if selected and not any(option.selected for option in options):
            options.insert(0, Option(str(selected), str(selected), 0, True))
        return options

    def tag_options(self) -> list[Option]:
        selected = self.active.get("tag")
        tagged = TaggedPaper.objects.order_by()
        ids = self.facet_ids("tag")
        if ids is not None:
            tagged = tagged.filter(content_object__in=ids)
        rows = (
            tagged.values("tag_id")
            .annotate(n=Count("content_object_id"))
            .order_by("-n", "tag__name")
            .values("tag__slug", "tag__name", "n")[:TAG_FACET_LIMIT]
        )
        options = [
            Option(r["tag__slug"], r["tag__name"], r["n"], r["tag__slug"] == selected) for r in rows
        ]
        options.sort(key=lambda option: option.label.lower())
        if selected and not any(option.selected for option in options):
            options.insert(0, Option(selected, selected, 0, True))
        return options

    def status_and_code_options(self) -> tuple[list[Option], list[Option]]:
        """One aggregate over the papers when neither filter is in use (both facets then count
        the same papers), one per facet otherwise."""
        with_code = ~Q(code_url="", our_code_url="")
        statuses = {
            value: Count("pk", filter=Q(public_status=value))
            for value, _label in Paper.Status.choices
        }
        if "status" in self.active or "has_code" in self.active:
            counts = self.facet_papers("status").aggregate(**statuses)
            counts.update(
                self.facet_papers("has_code").aggregate(_code=Count("pk", filter=with_code))
            )
        else:
            counts = self.facet_papers("status").aggregate(
                **statuses, _code=Count("pk", filter=with_code)
            )
        selected = self.active.get("status")
        status = [
            Option(value, label, counts[value], value == selected)
            for value, label in Paper.Status.choices
        ]
        code = [Option("1", _("Has code"), counts["_code"], self.active.get("has_code") is True)]
        return status, code

    def presenter_options(self) -> list[Option]:
        selected = self.active.get("presenter")
        presented = self.reviews.filter(presenter=OuterRef("pk"))
        ids = self.facet_ids("presenter")
        if ids is not None:
            presented = presented.filter(paper__in=ids)
        presenters = (
            Presenter.objects.visible_to(self.user)
            .annotate(n=subquery_count(presented, "paper_id", distinct=True))
            .filter(Q(n__gt=0) | Q(slug=selected or ""))
            .order_by("name")
        )
        return [Option(p.slug, p.name, p.n, p.slug == selected) for p in presenters]

    @property
    def viewer(self) -> str:
        """Whose counts these are, for the cache: presenters and their talks depend on it."""
        if self.user is None or not self.user.is_authenticated:
            return "visitor"
        return "staff" if self.user.is_staff else f"member:{self.user.pk}"

    @cached_property
    def facets(self) -> dict[str, list[Option]]:
        """Every filter's options with their counts (seven queries), cached until the catalog
        changes (``reviews.catalog_cache``)."""
        key = (
            self.viewer,
            sorted((name, value) for name, value in self.active.items() if name != "sort"),
        )
        return cached("facets", key, self.compute_facets, using=self.queryset.db)

    def compute_facets(self) -> dict[str, list[Option]]:
        status, code = self.status_and_code_options()
        return {
            "topic": self.topic_options(),
            "venue": self.venue_options(),
            "year": self.year_options(),
            "tag": self.tag_options(),
            "status": status,
            "has_code": code,
            "presenter": self.presenter_options(),
        }

    @property
    def result_count(self) -> int:
        """How many papers ``qs`` holds, from the status counts (every paper has one status)."""
        selected = self.active.get("status")
        return sum(
            option.count
            for option in self.facets["status"]
            if not selected or option.value == selected
        )

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(GET name, label, value shown) for each filter in use, to show and remove it."""
        shown = []
        labels = {}
        for facet, options in self.facets.items():
            for option in options:
                if option.selected:
                    labels[facet] = option.label
        for name, value in self.active.items():
            if name in ("sort",):
                continue
            if name == "has_code":
                shown_value = _("with code") if value else _("without code")
            else:
                shown_value = labels.get(name, value)
            shown.append((name, str(self.filters[name].label), str(shown_value)))
        return shown
