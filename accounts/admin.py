from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "email",
        "status",
        "created_by",
        "created_at",
        "expires_at",
        "used_by",
    ]
    list_filter = ["created_at", "expires_at"]
    list_select_related = ["created_by", "used_by"]
    search_fields = ["email", "note", "token"]
    readonly_fields = ["token", "created_by", "created_at", "used_at", "used_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.is_used:
            return _("used")
        return _("expired") if obj.is_expired else _("open")
