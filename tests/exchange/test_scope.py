"""A commune's clerk exports and imports only their commune's records."""

import pytest
from django.core.management import CommandError
from django.urls import reverse

from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind, kinds
from apps.members.models import Badge, MemberRating, PartyMember
from apps.organizations.models import OrganizationSuccession, PartyOrganization
from tests.helpers import read_csv

from .conftest import csv_text, export, run_import, snapshot

pytestmark = pytest.mark.django_db


def rows_of(response):
    header, *rows = read_csv(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def run(kind_name, user, text, commit=True):
    return KindImporter.for_kind(get_kind(kind_name))(user).run(text.encode(), commit=commit)


def test_the_clerk_exports_their_commune_only(everything, clerk_client, tree):
    members = rows_of(clerk_client.get(reverse("exchange:export", args=["members"])))
    cells = {row["cell_code"] for row in members}
    assert cells == {"TS-VTH-01", "TS-VTH-02"}
    organizations = rows_of(clerk_client.get(reverse("exchange:export", args=["organizations"])))
    assert {row["code"] for row in organizations} == {
        "TS-VTH", "TS-VTH-01", "TS-VTH-02", "TS-VTH-09",
    }  # fmt: skip
    # Their base committee names its parent, which they may refer to but not change.
    assert organizations[0]["parent_code"] == "TS"


def test_a_subtree_restricts_the_export(everything, clerk_client, tree):
    url = reverse("exchange:export", args=["members"])
    response = clerk_client.get(url, {"within": tree["vong_the_2"].pk})
    assert "TS-VTH-02" in response["Content-Disposition"]
    assert {row["cell_code"] for row in rows_of(response)} == {"TS-VTH-02"}


def test_the_command_exports_a_subtree_in_the_users_scope(everything, vong_the_clerk):
    text = export("badges", "--org", "TS-VTH-01", "--user", "vongthe")
    assert (
        len(text.splitlines()) == 1 + Badge.objects.filter(member__cell__code="TS-VTH-01").count()
    )
    with pytest.raises(CommandError, match="No organization"):
        export("badges", "--org", "TS-OE", "--user", "vongthe")


def test_the_clerk_reimports_their_export_unchanged(everything, vong_the_clerk, tmp_path):
    export("all", "--output", str(tmp_path), "--user", "vongthe")
    lines = run_import("all", tmp_path, "--user", "vongthe").splitlines()
    assert len(lines) == len(kinds()) + 1
    assert all(": 0 new, 0 updated, " in line for line in lines)


def test_the_clerk_restores_deleted_records_with_their_uids(
    everything, vong_the_clerk, tree, tmp_path
):
    before = snapshot(MemberRating), snapshot(Badge)
    for kind_name in ("member_ratings", "badges"):
        (tmp_path / f"{kind_name}.csv").write_text(
            export(kind_name, "--user", "vongthe"), encoding="utf-8"
        )
    MemberRating.objects.filter(member__cell__path__startswith=tree["vong_the"].path).delete()
    Badge.objects.filter(member__cell__path__startswith=tree["vong_the"].path).delete()
    output = run_import("all", tmp_path, "--user", "vongthe")
    assert output.splitlines()[-1] == "Imported: 2 new, 0 updated, 0 unchanged."
    assert (snapshot(MemberRating), snapshot(Badge)) == before


def test_the_clerk_cannot_write_into_another_commune(everything, vong_the_clerk, people):
    em = people["em"]  # Óc Eo
    an = people["an"]
    rating = csv_text("member_ratings", [
        {"member_uid": str(em.uid), "year": "2020", "grade": "good"},
        {"member_uid": str(an.uid), "year": "2020", "grade": "good"},
    ])  # fmt: skip
    report = run("member_ratings", vong_the_clerk, rating)
    assert [(number, header) for number, header, _m in report.errors] == [(2, "member_uid")]
    assert not MemberRating.objects.filter(year=2020).exists()

    position = csv_text("memberships", [
        {"member_uid": str(an.uid), "organization_code": "TS-OE-01", "started_on": "01/01/2000",
         "ended_on": "01/01/2001"},
    ])  # fmt: skip
    report = run("memberships", vong_the_clerk, position, commit=False)
    assert [(number, header) for number, header, _m in report.errors] == [(2, "organization_code")]


def test_the_clerk_cannot_add_units_outside_nor_claim_other_communes(everything, vong_the_clerk):
    units = csv_text("organizations", [
        {"code": "TS-OE-05", "name": "Chi bộ mới", "kind_code": "cell", "parent_code": "TS-OE"},
        {"code": "TS-X", "name": "Đảng bộ mới", "kind_code": "base-committee", "parent_code": "TS"},
        {"code": "TS-VTH-05", "name": "Ấp Mới", "kind_code": "cell", "parent_code": "TS-VTH"},
    ])  # fmt: skip
    report = run("organizations", vong_the_clerk, units)
    assert [(number, header) for number, header, _m in report.errors] == [
        (2, "parent_code"),
        (3, "parent_code"),
    ]
    assert not PartyOrganization.objects.filter(code="TS-VTH-05").exists()

    link = csv_text("organization_successions", [
        {"predecessor_code": "TS-OE-01", "successor_code": "TS-VTH-01", "kind": "merger",
         "effective_on": "01/01/2024"},
    ])  # fmt: skip
    report = run("organization_successions", vong_the_clerk, link, commit=False)
    assert [(number, header) for number, header, _m in report.errors] == [(2, "predecessor_code")]
    assert not OrganizationSuccession.objects.filter(successor__code="TS-VTH-01").exists()


def test_what_the_clerk_sees_but_does_not_own_stays_as_it_is(everything, vong_the_clerk):
    lines = export("inspections", "--user", "vongthe").splitlines()
    district = str(everything["district_inspection"].uid)
    # The district's inspection of their commune is theirs to see, not to change.
    number, line = next((n, line) for n, line in enumerate(lines, 1) if line.startswith(district))
    lines[number - 1] = line.replace("Kiểm tra việc chấp hành", "Nội dung khác")
    report = run("inspections", vong_the_clerk, "\n".join(lines), commit=False)
    assert [(row, header) for row, header, _message in report.errors] == [(number, "uid")]


def test_reference_data_is_read_by_everyone_and_changed_by_administrators(
    everything, vong_the_clerk, superuser
):
    text = export("communes", "--user", "vongthe").replace("Vọng Thê", "Vọng Thê mới")
    assert run("communes", vong_the_clerk, text, commit=False).errors
    assert run("communes", superuser, text, commit=False).counts["update"] == 1


def test_every_kind_counts_only_the_clerks_records(everything, clerk_client, vong_the_clerk):
    response = clerk_client.get(reverse("exchange:index"))
    counts = {row["kind"].name: row["count"] for row in response.context["rows"]}
    assert (
        counts["members"]
        == PartyMember.objects.visible_to(vong_the_clerk).count()
        < (PartyMember.objects.count())
    )
    for kind in kinds():
        assert counts[kind.name] == kind.queryset(vong_the_clerk).count()
