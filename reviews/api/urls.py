"""URL patterns of the API, included under ``/api/`` in the ``reviews`` namespace."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("papers", views.PaperViewSet, basename="api-paper")
router.register("topics", views.TopicViewSet, basename="api-topic")
router.register("venues", views.VenueViewSet, basename="api-venue")
router.register("presenters", views.PresenterViewSet, basename="api-presenter")
router.register("reviews", views.ReviewViewSet, basename="api-review")
router.register("collections", views.CollectionViewSet, basename="api-collection")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    *router.urls,
]
