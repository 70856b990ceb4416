"""Leaders who approve and reopen years, and a way to close a year in one line."""

import datetime
import zoneinfo
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from apps.closing.locks import YearClosedError
from apps.closing.services import approve_year
from tests.factories import UserFactory

# The moment every test approval is dated, as the message must show it.
APPROVED_AT = datetime.datetime(2026, 11, 25, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
APPROVAL_WORDS = ("Nguyễn Văn A", "09:30", "25/11/2026")


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    # Permissions are cached on the user object; a fresh copy sees the new ones.
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def leader(tree):
    """A district leader who may approve and reopen any year of the district."""
    user = UserFactory(
        username="leader",
        first_name="Nguyễn Văn",
        last_name="A",
        home_organization=tree["district"],
    )
    return grant(user, "approve_year", "reopen_year")


@pytest.fixture
def commune_leader(tree):
    """The secretary of Vọng Thê: approves the commune's results, cannot reopen."""
    user = UserFactory(
        username="vongthe-leader",
        first_name="Trần Văn",
        last_name="B",
        home_organization=tree["vong_the"],
    )
    return grant(user, "approve_year")


@pytest.fixture
def close(leader):
    """close(organization, year): approve the year as the leader, at APPROVED_AT."""

    def approve(organization, year, by=None):
        approval = approve_year(organization, year, by=by or leader)
        approval.approved_at = APPROVED_AT
        approval.save(update_fields=["approved_at"])
        return approval

    return approve


def names_the_approval(message) -> bool:
    """The refusal names who approved and when, whatever the language."""
    return all(word in str(message) for word in APPROVAL_WORDS)


@contextmanager
def refused():
    """Expect a closed-year refusal; the savepoint keeps the test's transaction usable
    (Django marks the enclosing transaction when a delete or a link is refused)."""
    with pytest.raises(YearClosedError) as info, transaction.atomic():
        yield info
