"""Members' personal data moves only for users with `members.view_personal_data`."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind
from apps.members.forms import PERSONAL_FIELDS
from tests.helpers import read_csv

from .conftest import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def privileged(district_staff):
    district_staff.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    return type(district_staff).objects.get(pk=district_staff.pk)  # fresh permission cache


def header_of(client):
    return read_csv(client.get(reverse("exchange:export", args=["members"])))[0]


def test_columns_are_hidden_without_the_permission(everything, staff_client):
    header = header_of(staff_client)
    assert not set(PERSONAL_FIELDS) & set(header)
    assert "card_number" in header


def test_columns_are_exported_with_the_permission(everything, client, privileged):
    client.force_login(privileged)
    assert set(PERSONAL_FIELDS) <= set(header_of(client))


def test_the_command_line_has_the_permission(everything):
    assert set(PERSONAL_FIELDS) <= set(
        export("members").splitlines()[0].lstrip("\ufeff").split(",")
    )


def test_an_import_without_the_permission_leaves_personal_data_alone(
    everything, district_staff, people
):
    full = export("members").replace("Phật giáo Hòa Hảo", "Công giáo")
    full = full.replace("Nguyễn Văn,An,", "Nguyễn Văn,Ân,")
    importer = KindImporter.for_kind(get_kind("members"))(district_staff)
    assert {column.header for column in importer.columns}.isdisjoint(PERSONAL_FIELDS)
    report = importer.run(full.encode(), commit=True)
    assert set(report.ignored_headers) == set(PERSONAL_FIELDS)
    assert report.counts["update"] == 1
    an = people["an"]
    an.refresh_from_db()
    assert (an.given_name, an.religion) == ("Ân", "Phật giáo Hòa Hảo")


def test_the_upload_page_lists_only_the_columns_the_user_exchanges(everything, staff_client):
    response = staff_client.get(reverse("exchange:import", args=["members"]))
    headers = [column.header for column in response.context["columns"]]
    assert headers[0] == "uid"
    assert "birth_date" not in headers
