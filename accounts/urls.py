"""Accounts: Django's auth views (login, logout, password change and reset), the profile and
invitations. There is no open sign-up: new members join through an invitation link."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import QueuedPasswordResetForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("profile/", views.profile, name="profile"),
    path("invitations/", views.invitation_create, name="invitation-create"),
    path("join/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("", include("django.contrib.auth.urls")),
]
