"""Subscriptions: an Atom feed of public reviews and an iCalendar feed of the schedule."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .markdown import render_markdown
from .models import Nomination, Review

FEED_SIZE = 30
CALENDAR_PAST_DAYS = 180

# Characters XML 1.0 and iCalendar TEXT cannot hold (C0 controls but tab and newlines, DEL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Everything a reader may take for the end of a line.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def plain_text(text: str) -> str:
    """``text`` without the control characters an XML or iCalendar document cannot carry."""
    return _CONTROL.sub("", text)


class LatestReviewsFeed(Feed):
    """Newly published public reviews; drafts, members-only reviews and reviews with neither a
    summary nor a body never appear."""

    feed_type = Atom1Feed
    title = _("PaperShelf: new reviews")
    subtitle = _("Reviews of deep-learning papers published by the study group.")

    def link(self):
        return reverse("reviews:home")

    def feed_url(self):
        return reverse("reviews:review-feed")

    def items(self):
        # Imported talk records (no summary, no body) stay on the paper and presenter pages.
        return (
            Review.objects.public()
            .exclude(summary="", body="")
            .for_listing()
            .order_by("-published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return plain_text(item.paper.title)

    def item_description(self, item):
        """HTML (Atom's ``type="html"``): the sanitized review, or else the escaped summary."""
        return plain_text(render_markdown(item.body) or escape(item.summary))

    def item_author_name(self, item):
        return plain_text(item.presenter.name) if item.presenter_id else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"review-{item.pk}"


# --- iCalendar (RFC 5545) -----------------------------------------------------------------------


def ical_escape(text: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).

    Any line break a parser might split on is an escaped newline, and other control
    characters (which TEXT cannot hold) are dropped, so a value never starts a new property.
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return plain_text(_LINE_BREAK.sub("\\\\n", text))


def ical_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (§3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)


def calendar_events(request) -> list[Nomination]:
    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    return list(
        Nomination.objects.filter(
            status__in=[Nomination.Status.SCHEDULED, Nomination.Status.DONE],
            scheduled_for__gte=since,
        )
        .select_related("paper", "presenter")
        .order_by("scheduled_for")
    )


def build_calendar(request, nominations) -> str:
    host = request.get_host().split(":")[0]
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//PaperShelf//Study group schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(str(_('PaperShelf presentations')))}",
    ]
    for nomination in nominations:
        paper = nomination.paper
        day = nomination.scheduled_for
        url = request.build_absolute_uri(paper.get_absolute_url())
        # A public feed: the paper, its presenter and its page, never the nominators' reasons.
        description = url
        if nomination.presenter_id:
            description = f"{_('Presenter')}: {nomination.presenter.name}\n{url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:nomination-{nomination.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ical_escape(paper.title)}",
            f"DESCRIPTION:{ical_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{ical_fold(line)}\r\n" for line in lines)


@require_GET
def schedule_calendar(request):
    """The presentation schedule as an iCalendar feed calendar apps can subscribe to."""
    body = build_calendar(request, calendar_events(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="papershelf-schedule.ics"'
    return response
