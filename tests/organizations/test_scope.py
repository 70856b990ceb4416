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
