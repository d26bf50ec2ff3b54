"""Lockout of repeated failed logins, on top of django-axes' database handler.

Axes counts failures per account *and* address (``AXES_LOCKOUT_PARAMETERS``), so a stranger who
guesses a member's password from elsewhere never locks that member out. An address as a whole is
locked only after ``AXES_ADDRESS_FAILURE_LIMIT`` failures over all accounts: high enough that a
lab behind one NAT keeps working when one person forgets a password, low enough to stop one
address from trying many accounts. The counts live in the database, so every web server sees
them.
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def _recent_attempts(ip_address: str, username: str | None = None):
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if username is not None:
        attempts = attempts.filter(username=username)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def address_failures(ip_address: str | None) -> int:
    """Failed logins from this address over all accounts within the cool-off period."""
    if not ip_address:
        return 0
    return sum(_recent_attempts(ip_address).values_list("failures_since_start", flat=True))


def unlocked_at(request, credentials=None) -> datetime.datetime | None:
    """When the lockout that applies to this request ends (None: not known or permanent)."""
    cool_off = get_cool_off(request)
    ip_address = getattr(request, "axes_ip_address", None)
    if not cool_off or not ip_address:
        return None
    username = get_client_username(request, credentials)
    times = []
    own = _recent_attempts(ip_address, username or "").order_by("attempt_time").first()
    if own and own.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        times.append(own.attempt_time + cool_off)
    # The address is free again once enough of its oldest failures have aged out.
    rows = list(
        _recent_attempts(ip_address)
        .order_by("attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    remaining = sum(failures for _, failures in rows)
    for attempt_time, failures in rows:
        if remaining < settings.AXES_ADDRESS_FAILURE_LIMIT:
            break
        remaining -= failures
        expires = attempt_time + cool_off
        if remaining < settings.AXES_ADDRESS_FAILURE_LIMIT:
            times.append(expires)
    return max(times) if times else None


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the separate, higher limit per address."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    @staticmethod
    def address_is_locked(request) -> bool:
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        ip_address = getattr(request, "axes_ip_address", None)
        return bool(limit) and address_failures(ip_address) >= limit

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes marks the lockout only for its own parameters; the middleware answers 429 for
        # the address-wide one as well.
        if request is not None and self.address_is_locked(request):
            request.axes_locked_out = True


def lockout_response(request, original_response=None, credentials=None):
    """429 with the site's page, saying when to try again, and a ``Retry-After`` header."""
    until = unlocked_at(request, credentials)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "unlocked_at": until}
    response = render(request, "registration/lockout.html", context, status=429)
    if until:
        seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
        response["Retry-After"] = str(seconds)
    return response
