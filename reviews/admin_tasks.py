"""The background tasks in the admin: django-tasks-db's list (status, error, traceback) with an
action to run failed tasks again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (*DBTaskResultAdmin.list_display, "exception_class_path")
    actions = ["run_again"]

    def has_change_permission(self, request, obj=None):
        # Nothing is edited; the action list needs a change permission to be offered.
        return obj is None and request.user.is_staff

    @admin.action(description=_("Run the selected tasks again"))
    def run_again(self, request, queryset):
        count = 0
        for result in queryset:
            arguments = result.args_kwargs or {}
            result.task.enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d task enqueued again.", "%(count)d tasks enqueued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
