from django.urls import path

from .. import feeds
from ..views import members

urlpatterns = [
    path(
        "papers/<slug_u:slug>/reviews/new/",
        members.ReviewCreateView.as_view(),
        name="review-create",
    ),
    path("papers/<slug_u:slug>/nominate/", members.nomination_create, name="nomination-create"),
    path("reviews/new/", members.review_start, name="review-start"),
    path("reviews/preview/", members.review_preview, name="review-preview"),
    path("reviews/<int:pk>/", members.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/edit/", members.ReviewUpdateView.as_view(), name="review-update"),
    path("reviews/<int:pk>/delete/", members.ReviewDeleteView.as_view(), name="review-delete"),
    path("reviews/<int:pk>/slides/", members.review_slides, name="review-slides"),
    path(
        "reviews/<int:pk>/slides/thumbnail.png",
        members.review_slides_thumbnail,
        name="review-slides-thumbnail",
    ),
    path("queue/", members.QueueView.as_view(), name="queue"),
    path("queue/<int:pk>/vote/", members.nomination_vote, name="nomination-vote"),
    path("queue/<int:pk>/schedule/", members.nomination_schedule, name="nomination-schedule"),
    path("schedule/calendar.ics", feeds.schedule_calendar, name="schedule-ical"),
    path("feeds/reviews/", feeds.LatestReviewsFeed(), name="review-feed"),
]
