"""Read-only viewsets of the JSON API."""

from django.db.models import Count, Prefetch, Q
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from ..filters import PaperFilter
from ..models import Category, Collection, CollectionEntry, Paper, Presenter, Review, Venue
from . import serializers

PUBLIC_REVIEWS = Q(reviews__status=Review.Status.PUBLISHED) & Q(
    reviews__visibility=Review.Visibility.PUBLIC
)


class CatalogFilterBackend(DjangoFilterBackend):
    """The catalog's FilterSet, with the catalog's rule: a value that does not validate is
    ignored (the page shows everything rather than an error), so page and API agree."""

    raise_exception = False


class PaperViewSet(viewsets.ReadOnlyModelViewSet):
    """Papers of the catalog, filtered and sorted exactly as on the catalog page."""

    filter_backends = [CatalogFilterBackend]
    filterset_class = PaperFilter

    def get_queryset(self):
        return Paper.objects.for_catalog().with_review_counts()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PaperDetailSerializer
        return serializers.PaperSerializer


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TopicListSerializer
    queryset = Category.objects.annotate(paper_count=Count("papers", distinct=True)).order_by(
        "position", "name", "pk"
    )


class VenueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.VenueListSerializer
    queryset = Venue.objects.annotate(paper_count=Count("papers", distinct=True)).order_by(
        "short_name", "pk"
    )


class PresenterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PresenterListSerializer
    queryset = Presenter.objects.annotate(
        review_count=Count("reviews", filter=PUBLIC_REVIEWS, distinct=True)
    ).order_by("name", "pk")


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Published public reviews only, newest talk first."""

    serializer_class = serializers.ReviewSerializer

    def get_queryset(self):
        return Review.objects.public().for_listing().order_by("-presented_on", "-pk")


class CollectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CollectionSerializer
    queryset = Collection.objects.prefetch_related(
        Prefetch(
            "entries",
            queryset=CollectionEntry.objects.select_related("paper").order_by("position", "pk"),
        )
    ).order_by("-month", "title", "pk")
