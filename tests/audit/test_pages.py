"""Where history is read: a record's page, its full history, and the all-changes page."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.audit.history import acting, without_history
from apps.members.models import PartyMember
from apps.organizations.models import PartyOrganization
from tests.factories import UserFactory, member
from tests.helpers import read_csv, table_rows

pytestmark = pytest.mark.django_db


def edited(person, user, times):
    """Change `person` `times` times, moving them between two cells and noting it."""
    cells = [person.cell, PartyOrganization.objects.get(code="TS-VTH-02")]
    with acting(user):
        for number in range(times):
            person.cell = cells[(number + 1) % 2]
            person.notes = f"Sửa lần {number + 1}"
            person.save()
    return person


def detail_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
    return len(captured)


def test_a_record_page_shows_its_latest_changes(staff_client, district_staff, tree):
    person = edited(member(tree["vong_the_1"]), district_staff, 2)
    with translation.override("en"):
        response = staff_client.get(person.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert 'id="history"' in page
    panel = next(
        panel["context"]
        for panel in response.context["related_panels"]
        if panel["template_name"] == "audit/panels/history.html"
    )
    changes = panel["changes"]
    assert [change.action for change in changes] == ["~", "~", "+"]  # newest first
    assert changes[0].user == district_staff
    assert "Sửa lần 2" in page
    assert "Sửa lần 1" in page
    assert timezone.localtime(changes[0].when).strftime("%d/%m/%Y %H:%M") in page
    assert not panel["more"]  # all of it fits


def test_a_record_page_costs_the_same_queries_with_2_or_20_changes(
    staff_client, district_staff, tree
):
    few = edited(member(tree["vong_the_1"], given_name="Ít"), district_staff, 1)
    many = edited(member(tree["vong_the_1"], given_name="Nhiều"), district_staff, 19)
    assert PartyMember.history.filter(id=few.pk).count() == 2
    assert PartyMember.history.filter(id=many.pk).count() == 20
    assert detail_queries(staff_client, few) == detail_queries(staff_client, many)


def test_the_full_history_is_paginated_and_scoped(staff_client, clerk_client, district_staff, tree):
    person = edited(member(tree["vong_the_1"]), district_staff, 30)
    panel_url = reverse("audit:record", args=["members.partymember", person.pk])
    page = staff_client.get(person.get_absolute_url()).content.decode()
    assert panel_url in page  # more than the panel shows: a link to the rest
    first = staff_client.get(panel_url)
    assert len(first.context["changes"]) == 25
    second = staff_client.get(panel_url, {"page": 2})
    assert [change.action for change in second.context["changes"]][-1] == "+"
    assert len(second.context["changes"]) == 6
    # The oldest change of page 1 is compared with the newest of page 2.
    assert first.context["changes"][-1].changes
    assert clerk_client.get(panel_url).status_code == 200  # Vọng Thê's own member
    outsider = member(tree["oc_eo_1"], given_name="Ngoài")
    assert (
        clerk_client.get(
            reverse("audit:record", args=["members.partymember", outsider.pk])
        ).status_code
        == 404
    )
    assert staff_client.get(reverse("audit:record", args=["auth.user", 1])).status_code == 404


def test_a_record_without_history_says_so(staff_client, tree):
    with without_history():
        person = member(tree["vong_the_1"])
    url = reverse("audit:record", args=["members.partymember", person.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["changes"] == []
    assert 'id="history"' in staff_client.get(person.get_absolute_url()).content.decode()


# --- all changes ------------------------------------------------------------------------


@pytest.fixture
def auditor(tree):
    user = UserFactory(username="auditor", home_organization=tree["district"])
    user.user_permissions.add(Permission.objects.get(codename="view_all_changes"))
    client = Client()
    client.force_login(user)
    return client


def test_all_changes_need_the_permission(clerk_client, auditor, superuser, tree):
    url = reverse("audit:list")
    assert clerk_client.get(url).status_code == 403
    assert auditor.get(url).status_code == 200
    root = Client()
    root.force_login(superuser)
    assert root.get(url).status_code == 200


def test_all_changes_filter_by_user(auditor, district_staff, vong_the_clerk, tree):
    edited(member(tree["vong_the_1"], given_name="Một"), district_staff, 2)
    edited(member(tree["vong_the_1"], given_name="Hai"), vong_the_clerk, 1)
    response = auditor.get(reverse("audit:list"), {"user": vong_the_clerk.pk})
    rows = table_rows(response)
    assert len(rows) == 1
    assert rows[0]["change"].user == vong_the_clerk
    assert rows[0]["record_kind"] == "members.partymember"
    everyone = table_rows(auditor.get(reverse("audit:list")))
    assert len(everyone) > 3


def test_all_changes_filter_by_period_and_kind(auditor, district_staff, tree):
    person = edited(member(tree["vong_the_1"]), district_staff, 3)
    rows = PartyMember.history.filter(id=person.pk).order_by("history_id")
    moments = [datetime.datetime(2024, 1, day, 9, 30, tzinfo=datetime.UTC) for day in (1, 5, 9, 20)]
    for row, moment in zip(rows, moments, strict=True):
        PartyMember.history.filter(history_id=row.history_id).update(history_date=moment)
    response = auditor.get(
        reverse("audit:list"),
        {"since": "05/01/2024", "until": "09/01/2024", "kind": "members.partymember"},
    )
    shown = table_rows(response)
    assert [row["history_date"].day for row in shown] == [9, 5]  # newest first, both ends in
    deleted = auditor.get(reverse("audit:list"), {"action": "-"})
    assert table_rows(deleted) == []
    bad = auditor.get(reverse("audit:list"), {"since": "31/02/2024"})
    assert bad.status_code == 200
    assert table_rows(bad) == []


def test_all_changes_export_as_csv(auditor, district_staff, tree):
    edited(member(tree["vong_the_1"]), district_staff, 1)
    with translation.override("en"):
        response = auditor.get(
            reverse("audit:list"),
            {"export": "csv", "kind": "members.partymember"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        rows = read_csv(response)
    assert len(rows) == 3  # header, the change, the creation
    header, change = rows[0], rows[1]
    assert len(header) == 7
    assert change[1] == "staff"
    assert "Sửa lần 1" in change[6]


def test_the_all_changes_page_costs_the_same_queries_however_many_rows(
    auditor, district_staff, tree
):
    """The cost grows with the kinds of record on the page, never with its rows."""
    edited(member(tree["vong_the_1"]), district_staff, 2)
    filters = {"kind": "members.partymember"}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = auditor.get(reverse("audit:list"), filters)
            assert response.status_code == 200
        return len(captured), len(table_rows(response))

    few, rows = queries()
    assert rows == 3
    for number in range(8):
        edited(member(tree["vong_the_2"], given_name=f"Khác {number}"), district_staff, 3)
    many, rows = queries()
    assert rows == 25
    assert many == few


def test_the_all_changes_page_counts_only_up_to_a_bound(auditor, district_staff, tree, monkeypatch):
    """The trail only grows: past the bound the page says "more than" and pages stop."""
    from apps.audit import views

    edited(member(tree["vong_the_1"]), district_staff, 6)  # 7 rows with the creation
    filters = {"kind": "members.partymember"}
    exact = auditor.get(reverse("audit:list"), filters)
    assert exact.context["table"].paginator.count == 7

    bounded = {**views.AllChangesView.table_pagination, "count_limit": 4, "per_page": 2}
    monkeypatch.setattr(views.AllChangesView, "table_pagination", bounded)
    response = auditor.get(reverse("audit:list"), filters)
    paginator = response.context["table"].paginator
    assert (paginator.count, paginator.count_is_bounded, paginator.num_pages) == (5, True, 3)
    assert "1–2 trên hơn 4 (dùng bộ lọc" in response.content.decode()
    last = auditor.get(reverse("audit:list"), {**filters, "page": 3})
    assert len(table_rows(last)) == 1
