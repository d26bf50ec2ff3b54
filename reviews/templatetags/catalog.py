"""Template helpers for the public catalog pages: ``{% load catalog %}``."""

import re

from django import template
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.template.defaultfilters import urlize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

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


# Lines an importer writes in English into a collection's description ("Slides: https://..."),
# shown as a link with a label in the visitor's language.
LABELLED_LINK = re.compile(r"^\s*(?P<label>[A-Za-z][\w ]{0,30}?)\s*:\s*(?P<url>https?://\S+)\s*$")
LINK_LABELS = {
    "slides": _("Slides"),
    "summary": _("Summary"),
    "video": _("Video"),
    "code": _("Code"),
    "paper": _("Paper"),
}


@register.filter(needs_autoescape=True)
def description(text, autoescape=True):
    """A collection's description as paragraphs: "Slides: URL" lines become a translated
    "Slides" link; other URLs are linked as ``urlize`` links them."""
    lines = []
    for line in str(text or "").splitlines():
        match = LABELLED_LINK.match(line)
        label = match and LINK_LABELS.get(match["label"].strip().casefold())
        if label:
            lines.append(
                format_html('<a href="{}" rel="noopener nofollow">{}</a>', match["url"], label)
            )
        else:
            lines.append(urlize(line, autoescape=autoescape))
    return linebreaks(mark_safe("\n".join(lines)), autoescape=False)
