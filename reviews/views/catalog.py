"""What a visitor browses: home, catalog, paper, topic, venue, tag, presenter, collection,
schedule and stats pages. Every page runs a fixed number of queries whatever the catalog's size."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from .. import stats
from ..catalog_cache import cached
from ..exporters.bibtex import paper_to_bibtex
from ..filters import PaperFilter, SortChoices
from ..models import (
    Category,
    Collection,
    CollectionEntry,
    Nomination,
    Paper,
    Presenter,
    Review,
    TaggedPaper,
    Venue,
    subquery_count,
)

PAGE_SIZE = 20
RELATED_PAPERS = 6


def paper_cards(queryset):
    """Papers as the cards show them: venue, topics with parents, tags, public review count."""
    return (
        queryset.select_related("venue")
        .prefetch_related(
            Prefetch("topics", queryset=Category.objects.select_related("parent")), "tags"
        )
        .with_review_counts()
    )


class LenientPaginationMixin:
    """A page number past the end shows the last page and one that is not a number the first,
    so that a bookmark of a catalog that has since shrunk still works (Paginator.get_page)."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(
            self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        )
        return paginator, page, page.object_list, page.has_other_pages()


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


class HomeView(TemplateView):
    template_name = "reviews/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cached("home", (), home_counts))
        # Reviews with something to read; a bare record of a talk (imported slides) is not news.
        context["latest_reviews"] = (
            Review.objects.public()
            .exclude(summary="", body="")
            .for_listing()
            .order_by("-published_at", "-pk")[:6]
        )
        context["upcoming"] = Nomination.objects.upcoming().select_related(
            "paper__venue", "presenter"
        )[:5]
        context["latest_digest"] = (
            Collection.objects.filter(kind=Collection.Kind.TRENDS, month__isnull=False)
            .annotate(paper_count=Count("entries"))
            .order_by("-month")
            .first()
        )
        return context


def home_counts() -> dict:
    """The home page's topic cards and totals (cached until the catalog changes)."""
    return {
        "topics": stats.root_topics_with_counts(),
        "totals": Paper.objects.aggregate(
            papers=Count("pk"),
            reviewed=Count("pk", filter=Q(public_status=Paper.Status.REVIEWED)),
            venues=Count("venue", distinct=True),
        ),
    }


class CatalogPaginator(Paginator):
    """Pages past the middle are read from the end, in the reversed order, so the last page
    costs what the first does rather than an OFFSET over the whole catalog."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom <= self.count // 2 or not getattr(self.object_list, "ordered", False):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)


class PaperListView(LenientPaginationMixin, ListView):
    """The catalog: filters with counts, search, sort and pages; htmx gets the results only."""

    template_name = "reviews/paper_list.html"
    context_object_name = "papers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filterset = PaperFilter(self.request.GET, request=self.request)
        return paper_cards(self.filterset.qs)

    paginator_class = CatalogPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.filterset.result_count  # known from the facets: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active_filters = self.filterset.active_filters()
        search_query = self.filterset.search_query
        clear_filters_url = reverse("reviews:paper-list")
        if search_query:
            clear_filters_url += "?" + urlencode({"q": search_query})
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            facets=self.filterset.facets,
            active_filters=active_filters,
            # Filters besides the search words: what "remove a filter" may suggest.
            filters_in_use=[item for item in active_filters if item[0] != "q"],
            clear_filters_url=clear_filters_url,
            search_query=search_query,
            sort=self.filterset.sort_order,
            default_sort=SortChoices.RELEVANCE if self.filterset.search_query else SortChoices.NEW,
            sort_choices=[
                (value, label)
                for value, label in SortChoices.choices
                if value != SortChoices.RELEVANCE or self.filterset.search_query
            ],
        )
        return context

    def get_template_names(self):
        if is_htmx(self.request):
            return ["reviews/paper_list.html#htmx-results"]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL gives the results fragment to htmx and the whole page otherwise.
        patch_vary_headers(response, ["HX-Request"])
        return response


class PaperDetailView(DetailView):
    template_name = "reviews/paper_detail.html"
    context_object_name = "paper"

    def get_queryset(self):
        return Paper.objects.select_related("venue").prefetch_related(
            Prefetch("topics", queryset=Category.objects.select_related("parent")), "tags"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paper = self.object
        context["reviews"] = (
            Review.objects.visible_to(self.request.user)
            .published()
            .filter(paper=paper)
            .select_related("presenter")
        )
        context["bibtex"] = paper_to_bibtex(paper)
        context["link_groups"] = link_groups(paper)
        context["related_papers"] = related_papers(paper)
        context["collections"] = paper.collections.order_by(
            F("month").desc(nulls_last=True), "title"
        )
        return context


LINK_GROUPS = (
    ("read", ("url", "pdf_url")),
    ("code", ("code_url", "our_code_url")),
    ("study", ("summary_url", "slides_url", "review_url", "video_url")),
)


def link_groups(paper: Paper) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The paper's links grouped as the page shows them: read, code, the group's material."""
    links = {name: (name, label, url) for name, label, url in paper.links()}
    groups = []
    for group, names in LINK_GROUPS:
        found = [links[name] for name in names if name in links]
        if found:
            groups.append((group, found))
    return groups


def related_papers(paper: Paper):
    """Papers sharing most topics and tags with ``paper`` (one query, from prefetched rows)."""
    topic_ids = [topic.pk for topic in paper.topics.all()]
    tag_ids = [tag.pk for tag in paper.tags.all()]
    if not topic_ids and not tag_ids:
        return []
    through = Paper.topics.through.objects
    shared_topics = subquery_count(through.filter(paper=OuterRef("pk"), category__in=topic_ids))
    shared_tags = subquery_count(
        TaggedPaper.objects.filter(content_object=OuterRef("pk"), tag__in=tag_ids)
    )
    return (
        Paper.objects.filter(
            # One set of ids (a UNION), joined to the papers by their key: no test of every paper.
            pk__in=through.filter(category__in=topic_ids)
            .values("paper_id")
            .union(TaggedPaper.objects.filter(tag__in=tag_ids).values("content_object_id"))
        )
        .exclude(pk=paper.pk)
        .select_related("venue")
        .annotate(score=shared_topics + shared_tags)
        .order_by("-score", "-year", "title")[:RELATED_PAPERS]
    )


class PaperPageMixin(LenientPaginationMixin):
    """A detail page that lists papers in pages of cards."""

    paginate_by = PAGE_SIZE
    context_object_name = "papers"

    def get_queryset(self):
        return paper_cards(self.get_papers()).order_by("-year", "title", "pk")


class TopicDetailView(PaperPageMixin, ListView):
    template_name = "reviews/topic_detail.html"

    def get_papers(self):
        self.topic = get_object_or_404(
            Category.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return PaperFilter({"topic": self.topic.slug}).apply_filters(Paper.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["subtopics"] = self.topic.children.annotate(paper_count=Count("papers"))
        return context


class VenueDetailView(PaperPageMixin, ListView):
    template_name = "reviews/venue_detail.html"

    def get_papers(self):
        self.venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        return Paper.objects.filter(venue=self.venue)

    def get_context_data(self, **kwargs):
        return super().get_context_data(venue=self.venue, **kwargs)


class TagDetailView(PaperPageMixin, ListView):
    template_name = "reviews/tag_detail.html"

    def get_papers(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        tagged = TaggedPaper.objects.filter(tag=self.tag).values("content_object_id")
        return Paper.objects.filter(pk__in=tagged)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class PresenterDetailView(DetailView):
    """A presenter's talks; someone with nothing a visitor may see has no public page."""

    template_name = "reviews/presenter_detail.html"
    context_object_name = "presenter"

    def get_queryset(self):
        return Presenter.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reviews"] = (
            Review.objects.visible_to(self.request.user)
            .published()
            .filter(presenter=self.object)
            .select_related("paper__venue")
        )
        context["upcoming"] = (
            Nomination.objects.upcoming().filter(presenter=self.object).select_related("paper")
        )
        return context


class CollectionListView(TemplateView):
    """Research-trends months, newest first, then reading lists, each with its paper count."""

    template_name = "reviews/collection_list.html"

    def get_context_data(self, **kwargs):
        collections = Collection.objects.annotate(paper_count=Count("entries")).order_by(
            F("month").desc(nulls_last=True), "title"
        )
        trends, reading_lists = [], []
        for collection in collections:
            if collection.kind == Collection.Kind.TRENDS:
                trends.append(collection)
            else:
                reading_lists.append(collection)
        return super().get_context_data(trends=trends, reading_lists=reading_lists, **kwargs)


class CollectionDetailView(DetailView):
    model = Collection
    template_name = "reviews/collection_detail.html"
    context_object_name = "collection"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = (
            CollectionEntry.objects.filter(collection=self.object)
            .select_related("paper__venue")
            .prefetch_related(
                Prefetch("paper__topics", queryset=Category.objects.select_related("parent")),
                "paper__tags",
            )
        )
        return context


class ScheduleView(TemplateView):
    template_name = "reviews/schedule.html"
    past_limit = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming"] = Nomination.objects.upcoming().select_related(
            "paper__venue", "presenter"
        )
        context["past"] = (
            Review.objects.visible_to(self.request.user)
            .published()
            .filter(presented_on__isnull=False)
            .for_listing()
            .order_by("-presented_on", "-pk")[: self.past_limit]
        )
        return context


class StatsView(TemplateView):
    template_name = "reviews/stats.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(charts=stats.all_charts(), **kwargs)
