"""Read-only viewsets of the JSON API.

The API is public: it authenticates nobody, so a member's session cookie changes nothing and
every answer holds only what a visitor may see.
"""

from django.db.models import Count, OuterRef, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets

from ..filters import PaperFilter
from ..models import (
    Category,
    Collection,
    CollectionEntry,
    Paper,
    Presenter,
    Review,
    Venue,
    subquery_count,
)
from . import serializers
from .renderers import SafeJSONRenderer


class CatalogFilterBackend(DjangoFilterBackend):
    """The catalog's FilterSet, with the catalog's rule: a value that does not validate is
    ignored (the page shows everything rather than an error), so page and API agree."""

    raise_exception = False


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """No authentication at all: the API answers as it would answer a visitor."""

    authentication_classes = []
    renderer_classes = [SafeJSONRenderer]


class SchemaView(SpectacularAPIView):
    authentication_classes = []


class PaperViewSet(PublicViewSet):
    """Papers of the catalog, filtered and sorted exactly as on the catalog page."""

    filter_backends = [CatalogFilterBackend]
    filterset_class = PaperFilter

    def get_queryset(self):
        return Paper.objects.for_catalog().with_review_counts()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PaperDetailSerializer
        return serializers.PaperSerializer


class TopicViewSet(PublicViewSet):
    serializer_class = serializers.TopicListSerializer
    queryset = Category.objects.annotate(paper_count=Count("papers", distinct=True)).order_by(
        "position", "name", "pk"
    )


class VenueViewSet(PublicViewSet):
    serializer_class = serializers.VenueListSerializer
    queryset = Venue.objects.annotate(paper_count=Count("papers", distinct=True)).order_by(
        "short_name", "pk"
    )


class PresenterViewSet(PublicViewSet):
    serializer_class = serializers.PresenterListSerializer
    queryset = (
        Presenter.objects.public()
        .annotate(
            review_count=subquery_count(Review.objects.public().filter(presenter=OuterRef("pk")))
        )
        .order_by("name", "pk")
    )


class ReviewViewSet(PublicViewSet):
    """Published public reviews only, newest talk first."""

    serializer_class = serializers.ReviewSerializer

    def get_queryset(self):
        return Review.objects.public().for_listing().order_by("-presented_on", "-pk")


class CollectionViewSet(PublicViewSet):
    serializer_class = serializers.CollectionSerializer
    queryset = Collection.objects.prefetch_related(
        Prefetch(
            "entries",
            queryset=CollectionEntry.objects.select_related("paper").order_by("position", "pk"),
        )
    ).order_by("-month", "title", "pk")
