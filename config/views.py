"""Site-wide views: the health check for load balancers and the error pages."""

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.cache import never_cache

# Migrations do not unapply themselves while a process runs: once the check has passed it is
# not repeated (loading the migration graph costs more than the rest of the check).
_migrations_applied = False


def _check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} unapplied"
        _migrations_applied = True
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "cache does not keep values"


def _check_tasks() -> str:
    """The task queue takes work: the immediate backend always; the database one when its
    table answers (a missing worker shows as waiting tasks in the admin, not as ill health of
    the web servers)."""
    from django_tasks import default_task_backend

    if default_task_backend.supports_defer:  # the database backend
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    return "ok"


HEALTH_CHECKS = {
    "database": _check_database,
    "migrations": _check_migrations,
    "cache": _check_cache,
    "tasks": _check_tasks,
}


@never_cache
def healthz(request):
    """200 when the site can serve requests, 503 otherwise; JSON saying which check failed.

    It reads no session and sets no cookie, so load balancers may call it as often as they like.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    results = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 (any failure makes the site unhealthy)
            results[name] = f"error: {type(error).__name__}"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )


# --- Error pages --------------------------------------------------------------------------------
# 403 and 404 use Django's default views with the site's templates (403.html, 404.html), which
# render with the request's context. 400, 413 and 500 render without context processors: they
# must not need the database, the session or anything that may be what failed.

FALLBACK_ERROR = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><h1>{title}</h1><p><a href="/">PaperShelf</a></p></body></html>'
)


def static_error_response(request, status: int, template_name: str, context=None) -> HttpResponse:
    context = {"request": request, "static_page": True, **(context or {})}
    try:
        # Also before LocaleMiddleware has run (a refused upload): the visitor's language.
        with translation.override(translation.get_language_from_request(request)):
            content = loader.get_template(template_name).render(context)
    except Exception:  # noqa: BLE001 (the error page itself must never fail)
        content = FALLBACK_ERROR.format(title=escape(f"Error {status}"))
    return HttpResponse(content, status=status)


def bad_request(request, exception=None):
    return static_error_response(request, 400, "400.html")


def server_error(request):
    return static_error_response(request, 500, "500.html")
