"""Failed logins: two limits, the client's real address, and the Vietnamese lockout page.

django-axes counts failures per set of lockout parameters and compares the largest count
with one limit. We want two: few failures for one username from one address (someone
guessing a clerk's password), many more from one address for any usernames (a commune
office shares one address, and its clerks mistype too). The handler scales the
per-address count onto the per-account limit so that axes' single comparison applies both.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address the client connected from, as the outermost trusted proxy saw it.

    Each of the REVERSE_PROXY_COUNT proxies appends the address it received the request
    from to X-Forwarded-For, so that many entries from the right are trustworthy; any
    entry further left was written by the client and is ignored.
    """
    proxies = settings.REVERSE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):
    """The database handler with a separate, higher limit for an address alone."""

    def get_failures(self, request, credentials=None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # address * account_limit // address_limit reaches account_limit exactly when
        # address reaches address_limit, so axes locks out when either limit is hit.
        return max(account, address * account_limit // address_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forget that username's failures from that address.

        The address's other failures stay counted: one valid login must not clear the
        way for guessing other people's passwords from the same place.
        """
        username = get_client_username(request, credentials)
        for_account = get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        )[0]
        count, _ = AccessAttempt.objects.filter(**for_account).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while logins from here are refused."""
    cool_off = get_cool_off(request) or datetime.timedelta()
    retry_at = timezone.localtime(timezone.now() + cool_off)
    context = {
        "retry_at": retry_at,
        "minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
