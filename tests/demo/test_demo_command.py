"""`manage.py demo` loads the Thoại Sơn structure and can be run again safely."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from apps.organizations.models import Commune, PartyOrganization

pytestmark = pytest.mark.django_db


def run_demo():
    from io import StringIO

    out = StringIO()
    call_command("demo", "--no-migrate", stdout=out)
    return out.getvalue()


def test_demo_builds_the_district_and_prints_the_logins():
    output = run_demo()
    assert "admin / thoaison-admin" in output
    district = PartyOrganization.objects.get(code="TS")
    assert district.name == "Đảng bộ huyện Thoại Sơn"
    base = PartyOrganization.objects.filter(kind__level="base")
    assert base.count() == 62
    assert base.filter(kind__code="base-committee", commune__isnull=False).count() == 17
    assert PartyOrganization.objects.filter(kind__code="cell").count() == 256
    assert Commune.objects.count() == 17
    assert set(Commune.objects.filter(kind="town").values_list("name", flat=True)) == {
        "Núi Sập",
        "Óc Eo",
        "Phú Hòa",
    }
    for organization in PartyOrganization.objects.select_related("kind", "parent"):
        organization.full_clean()


def test_demo_twice_changes_nothing():
    run_demo()
    before = list(PartyOrganization.objects.order_by("pk").values_list("pk", "path", "updated_at"))
    run_demo()
    after = list(PartyOrganization.objects.order_by("pk").values_list("pk", "path", "updated_at"))
    assert before == after


def test_demo_logins_work_and_are_scoped():
    run_demo()
    # django-axes counts logins per address, so authentication needs the request.
    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="admin", password="thoaison-admin")
    clerk = authenticate(request, username="vongthe", password="thoaison-vongthe")
    assert admin.is_superuser
    visible = PartyOrganization.objects.visible_to(clerk)
    assert visible.count() == 1 + 8 + 5
    assert set(visible.values_list("commune__name", flat=True)) == {"Vọng Thê"}
