"""What is recorded: who, when, before and after, for pages, actions, imports, approvals."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from apps.audit.baseline import take_baseline
from apps.audit.changes import latest_changes
from apps.audit.history import acting, without_history
from apps.closing.services import approve_year
from apps.members import services
from apps.members.models import MemberEvent, Membership, PartyMember
from apps.mobilization.services import set_renewal_years
from apps.organizations.models import PartyOrganization
from apps.oversight.models import Inspection
from apps.oversight.services import add_members
from tests.factories import UserFactory, kind, member
from tests.members.test_import import GOOD, confirm, upload

pytestmark = pytest.mark.django_db
D = datetime.date


def newest(model, **lookup):
    return model.history.filter(**lookup).order_by("-history_date", "-history_id").first()


def post_page(client, url, data=None):
    """Post to a form page as a browser would: with what the page's form carries besides
    the typed fields (the fingerprint of the record as shown, where the page has one)."""
    form = client.get(url).context.get("form")
    data = dict(data or {})
    fingerprint = getattr(form, "fingerprint", None)
    if fingerprint:
        data["record_fingerprint"] = fingerprint
    return client.post(url, data)


def described(record):
    with translation.override("en"):
        changes, _more = latest_changes(record)
        return [
            (change.action, {item.label: (item.before, item.after) for item in change.changes})
            for change in changes
        ]


def test_create_edit_and_delete_through_the_pages(staff_client, district_staff, tree):
    staff_client.post(
        reverse("organizations:create"),
        {
            "code": "TS-VTH-09",
            "name": "Chi bộ Ấp Tây Hưng",
            "kind": kind("cell").pk,
            "parent": tree["vong_the"].pk,
            "founded_on": "15/03/2024",
        },
    )
    created = PartyOrganization.objects.get(code="TS-VTH-09")
    row = newest(PartyOrganization, id=created.pk)
    assert (row.history_type, row.history_user) == ("+", district_staff)

    url = reverse("organizations:update", args=[created.pk])
    form = staff_client.get(url).context["form"]
    # Every field the page sends back, hidden ones included.
    data = {field.html_name: field.value() for field in form if field.value() is not None}
    data.update(name="Chi bộ Ấp Tây Hưng 2", founded_on="16/03/2024", kind=kind("cell").pk)
    data["parent"] = tree["vong_the"].pk
    assert post_page(staff_client, url, data).status_code == 302
    row = newest(PartyOrganization, id=created.pk)
    assert (row.history_type, row.history_user) == ("~", district_staff)
    action, fields = described(created)[0]
    assert action == "~"
    assert fields["Name"] == ("Chi bộ Ấp Tây Hưng", "Chi bộ Ấp Tây Hưng 2")
    assert fields["Founded on"] == ("15/03/2024", "16/03/2024")  # dates as dd/mm/yyyy
    assert "Code" not in fields  # only what changed

    delete_url = reverse("organizations:delete", args=[created.pk])
    assert post_page(staff_client, delete_url).status_code == 302
    assert not PartyOrganization.objects.filter(pk=created.pk).exists()
    row = newest(PartyOrganization, id=created.pk)
    assert (row.history_type, row.history_user, row.name) == ("-", district_staff, data["name"])


def test_choices_and_links_are_shown_as_a_clerk_reads_them(tree, superuser):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    with acting(superuser):
        person.cell = tree["vong_the_2"]
        person.political_theory = "advanced"
        person.save()
    _action, fields = described(person)[0]
    assert fields["Party cell"] == ("Chi bộ Ấp Tây Bình", "Chi bộ Ấp Trung Sơn")
    assert fields["Political theory"] == ("—", "Advanced")
    assert newest(PartyMember, id=person.pk).history_user == superuser


def test_a_lifecycle_action_through_its_page_is_recorded_with_its_reason(
    staff_client, district_staff, tree
):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    response = post_page(
        staff_client, reverse("members:recognise", args=[person.pk]), {"on": "20/01/2021"}
    )
    assert response.status_code == 302
    row = newest(PartyMember, id=person.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "~",
        district_staff,
        "recognition",
    )
    event = person.events.get(kind=MemberEvent.Kind.RECOGNITION)
    assert newest(MemberEvent, id=event.pk).history_change_reason == "recognition"
    _action, fields = described(person)[0]
    assert fields["Status"] == ("Probationary", "Official")
    assert fields["Official since"] == ("—", "20/01/2021")


def test_a_service_records_its_by_user_without_a_request(tree, superuser):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    services.transfer_member(person, to_cell=tree["vong_the_2"], on=D(2022, 5, 1), by=superuser)
    closed = Membership.objects.get(member=person, ended_on=D(2022, 5, 1))
    # The old period was closed in bulk: its history has the change all the same.
    row = newest(Membership, id=closed.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "~",
        superuser,
        "transfer",
    )
    assert row.ended_on == D(2022, 5, 1)


def test_the_members_import_page_records_the_importer(staff_client, district_staff, tree):
    upload(staff_client, GOOD)
    confirm(staff_client)
    anh = PartyMember.objects.get(card_number="00012345")
    row = newest(PartyMember, id=anh.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        district_staff,
        "import",
    )
    # The events are written in bulk, and recorded all the same.
    events = MemberEvent.history.filter(member_id=anh.pk)
    assert events.count() == 2
    assert {(e.history_user, e.history_change_reason) for e in events} == {
        (district_staff, "import")
    }


def test_the_import_command_records_its_user(tmp_path, district_staff, tree):
    path = tmp_path / "organizations.csv"
    call_command("export_csv", "organizations", "--output", str(path))
    text = path.read_text("utf-8-sig").replace("Chi bộ Ấp Tây Bình", "Chi bộ Mới")
    path.write_text(text, "utf-8-sig")
    call_command(
        "import_csv", "organizations", str(path), "--user", "staff", stdout=io.StringIO(),
        verbosity=0,
    )  # fmt: skip
    row = newest(PartyOrganization, id=tree["vong_the_1"].pk)
    assert (row.name, row.history_user, row.history_change_reason) == (
        "Chi bộ Mới",
        district_staff,
        "import",
    )


def test_an_approval_is_recorded(tree, superuser):
    approval = approve_year(tree["district"], 2023, by=superuser)
    row = newest(type(approval), id=approval.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        superuser,
        "approval",
    )


def test_bulk_writes_of_services_are_recorded(tree, superuser, people):
    event = Inspection.objects.create(
        performer=tree["vong_the"], body="standing_committee", kind="compliance",
        started_on=D(2024, 3, 1), content="Kiểm tra",
    )  # fmt: skip
    with acting(superuser):
        add_members(event, [people["an"].pk, people["bao"].pk])
    subjects = event.subject_model().history.filter(event_id=event.pk)
    assert subjects.count() == 2
    assert {row.history_user for row in subjects} == {superuser}


def test_renewal_years_added_and_removed_are_recorded(tree, superuser):
    from apps.mobilization.models import MobilizationModel, ModelRenewal

    model = MobilizationModel.objects.create(
        name="Mô hình", organization=tree["vong_the"], runner_kind="party",
        field="economy", registered_year=2020,
    )  # fmt: skip
    with acting(superuser):
        set_renewal_years(model, [2021, 2022])
        set_renewal_years(model, [2022])
    kinds = sorted(ModelRenewal.history.values_list("year", "history_type"))
    assert kinds == [(2021, "+"), (2021, "-"), (2022, "+")]


def test_without_history_records_nothing(tree):
    before = PartyOrganization.history.count()
    with without_history():
        organization = tree["vong_the_1"]
        organization.notes = "demo"
        organization.save()
    assert PartyOrganization.history.count() == before


def test_the_baseline_copies_records_that_have_no_history_once(tree):
    with without_history():
        person = member(tree["vong_the_1"])
    assert not PartyMember.history.filter(id=person.pk).exists()
    take_baseline()
    take_baseline()
    row = PartyMember.history.get(id=person.pk)
    assert (row.history_type, row.history_change_reason, row.history_user) == (
        "+",
        "baseline",
        None,
    )
    assert row.given_name == person.given_name
    person.occupation = "Giáo viên"
    person.save()
    _action, fields = described(person)[0]
    assert fields["Occupation"] == ("—", "Giáo viên")  # what it replaced is known


def test_personal_data_changes_are_shown_only_with_the_permission(tree, superuser):
    person = member(tree["vong_the_1"])
    person.birth_date = D(1980, 5, 1)
    person.occupation = "Nông dân"
    person.save()
    plain = UserFactory(username="plain")
    with translation.override("en"):
        seen = {item.label for item in latest_changes(person, user=superuser)[0][0].changes}
        hidden = {item.label for item in latest_changes(person, user=plain)[0][0].changes}
    assert seen == {"Date of birth", "Occupation"}
    assert hidden == {"Occupation"}
