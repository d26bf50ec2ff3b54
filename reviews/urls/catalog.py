from django.urls import path

from ..views import catalog

urlpatterns = [
    path("", catalog.HomeView.as_view(), name="home"),
    path("papers/", catalog.PaperListView.as_view(), name="paper-list"),
    path("papers/<slug_u:slug>/", catalog.PaperDetailView.as_view(), name="paper-detail"),
    path("topics/<slug_u:slug>/", catalog.TopicDetailView.as_view(), name="topic-detail"),
    path("venues/<slug_u:slug>/", catalog.VenueDetailView.as_view(), name="venue-detail"),
    path("tags/<slug_u:slug>/", catalog.TagDetailView.as_view(), name="tag-detail"),
    path(
        "presenters/<slug_u:slug>/", catalog.PresenterDetailView.as_view(), name="presenter-detail"
    ),
    path("collections/", catalog.CollectionListView.as_view(), name="collection-list"),
    path(
        "collections/<slug_u:slug>/",
        catalog.CollectionDetailView.as_view(),
        name="collection-detail",
    ),
    path("schedule/", catalog.ScheduleView.as_view(), name="schedule"),
    path("stats/", catalog.StatsView.as_view(), name="stats"),
]
