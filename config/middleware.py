"""Site-wide middleware."""

from django.conf import settings

from .views import static_error_response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than any form of the site may send, before anything reads it.

    Django parses a multipart body (to memory and temporary files) as soon as a view, the CSRF
    check or the login lockout looks at ``request.POST``; an anonymous 300 MB upload would be
    written to disk before any permission check. The declared ``Content-Length`` is checked
    here, first; a body without one is never read by Django (it reads as empty).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return static_error_response(request, 400, "400.html")
        if length > settings.REQUEST_BODY_MAX_SIZE:
            return static_error_response(
                request,
                413,
                "413.html",
                {"limit_mb": settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024)},
            )
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """No address of the site holds a NUL byte, but PostgreSQL refuses one in any query (a 500
    where a lookup meets it). A path with one is a 404; a query string, a cookie or another
    header with one is a 400, before any view, filter, session or admin lookup sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return static_error_response(request, 404, "404.html")
        headers = (value for key, value in request.META.items() if key.startswith("HTTP_"))
        if any("\x00" in value for value in headers if isinstance(value, str)):
            return static_error_response(request, 400, "400.html")
        query = request.META.get("QUERY_STRING", "")
        if (
            "%00" in query
            or "\x00" in query
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            return static_error_response(request, 400, "400.html")
        return self.get_response(request)
