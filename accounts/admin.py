from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import presenters_without_account
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
        "presenter",
        "created_by",
        "created_at",
        "expires_at",
        "used_by",
    ]
    list_filter = ["created_at", "expires_at"]
    list_select_related = ["created_by", "used_by", "presenter"]
    search_fields = ["email", "note", "token"]
    readonly_fields = ["token", "created_by", "created_at", "used_at", "used_by"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.is_used:  # the presenter is now the member's own
            fields = [*fields, "presenter"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "presenter":
            kwargs["queryset"] = presenters_without_account()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.is_used:
            return _("used")
        return _("expired") if obj.is_expired else _("open")
