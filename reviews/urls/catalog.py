from django.urls import path

from ..views import catalog

urlpatterns = [
    path("", catalog.HomeView.as_view(), name="home"),
    path("papers/", catalog.PaperListView.as_view(), name="paper-list"),
    path("papers/<str:slug>/", catalog.PaperDetailView.as_view(), name="paper-detail"),
]
