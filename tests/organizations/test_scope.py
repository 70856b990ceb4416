"""Who sees what: the user's home organization fixes the scope."""

import pytest

from apps.organizations.models import PartyOrganization
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_district_staff_see_the_whole_district(tree, district_staff):
    assert codes(PartyOrganization.objects.visible_to(district_staff)) == codes(
        PartyOrganization.objects.all()
    )


def test_a_base_clerk_sees_only_their_commune(tree, vong_the_clerk):
    assert codes(PartyOrganization.objects.visible_to(vong_the_clerk)) == {
        "TS-VTH",
        "TS-VTH-01",
        "TS-VTH-02",
    }


def test_a_user_without_home_sees_nothing(tree):
    assert not PartyOrganization.objects.visible_to(UserFactory()).exists()


def test_an_inactive_user_sees_nothing(tree):
    user = UserFactory(home_organization=tree["district"], is_active=False)
    assert not PartyOrganization.objects.visible_to(user).exists()


def test_a_superuser_sees_everything(tree, superuser):
    assert PartyOrganization.objects.visible_to(superuser).count() == 7


def test_the_office_at_the_only_root_sees_everything_without_a_condition(tree, district_staff):
    """Every record belongs to an organization of the tree: lists of the district office
    need no scope condition, which at a province's size is most of a list's time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.oversight.models import Inspection

    user = type(district_staff).objects.get(pk=district_staff.pk)  # nothing cached yet
    with CaptureQueriesContext(connection) as captured:
        assert user.sees_everything
    assert len(captured) == 2  # the roles with the roots counted, the successions
    sql = str(Inspection.objects.visible_to(user).query)
    assert "LIKE" not in sql
    assert " IN (" not in sql


def test_a_second_root_is_not_seen_by_the_first_ones_office(tree, district_staff):
    from tests.factories import district

    other = district(name="Đảng bộ huyện Tri Tôn", code="TT")
    user = type(district_staff).objects.get(pk=district_staff.pk)
    assert not user.sees_everything
    visible = PartyOrganization.objects.visible_to(user)
    assert other not in visible
    assert codes(visible) == codes(PartyOrganization.objects.exclude(pk=other.pk))
    both = UserFactory(home_organization=other)
    both.role_assignments.create(role="office", organization=tree["district"])
    both = type(both).objects.get(pk=both.pk)
    assert both.sees_everything
    everything = PartyOrganization.objects.all()
    assert codes(PartyOrganization.objects.visible_to(both)) == codes(everything)


def test_a_clerk_below_the_root_never_sees_everything(tree, vong_the_clerk):
    assert not vong_the_clerk.sees_everything
