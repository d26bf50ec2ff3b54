"""Template helpers for the public catalog pages: ``{% load catalog %}``."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def querystring_without(context, *names):
    """The current query string without ``names`` (and without ``page``), starting with "?"."""
    request = context["request"]
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    pairs = [(key, value) for key, values in params.lists() for value in values if value != ""]
    return f"?{urlencode(pairs)}" if pairs else "?"


@register.filter
def percent(part, whole):
    """``part`` as a whole percentage of ``whole`` (0 when there is no whole)."""
    try:
        return round(100 * (part or 0) / whole) if whole else 0
    except (TypeError, ValueError):
        return 0
