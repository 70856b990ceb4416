"""What a row does: update a known record, create an unknown one, leave an equal one."""

import uuid

import pytest

from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind
from apps.members.models import Badge, MemberRating
from apps.organizations.models import PartyOrganization

from .conftest import csv_text, export

pytestmark = pytest.mark.django_db


def run(kind_name, user, text, commit=True):
    return KindImporter.for_kind(get_kind(kind_name))(user).run(text.encode(), commit=commit)


def test_a_changed_cell_updates_the_record(everything, superuser):
    badge = Badge.objects.get()
    text = export("badges").replace("03/02/2023", "19/05/2023")
    report = run("badges", superuser, text)
    assert report.counts == {"create": 0, "update": 1, "unchanged": 0}
    badge.refresh_from_db()
    assert badge.awarded_on.isoformat() == "2023-05-19"


def test_equal_values_written_differently_are_unchanged(everything, superuser, people):
    an = people["an"]
    rating = MemberRating.objects.get(member=an, year=2023)
    text = csv_text(
        "member_ratings",
        [{"uid": str(rating.uid).upper(), "member_uid": str(an.uid), "year": "2023",
          "grade": "Hoàn thành tốt nhiệm vụ"}],
    )  # fmt: skip
    assert run("member_ratings", superuser, text).counts["unchanged"] == 1


def test_an_unknown_uid_creates_the_record_with_it(everything, superuser, people):
    uid = uuid.uuid4()
    text = csv_text(
        "member_ratings",
        [{"uid": str(uid), "member_uid": str(people["bao"].uid), "year": "2022", "grade": "good"},
         {"member_uid": str(people["bao"].uid), "year": "2021", "grade": "completed"}],
    )  # fmt: skip
    assert run("member_ratings", superuser, text).counts["create"] == 2
    assert MemberRating.objects.get(uid=uid).year == 2022
    assert MemberRating.objects.get(member=people["bao"], year=2021).uid != uid


def test_an_absent_column_keeps_the_stored_value(everything, superuser):
    badge = Badge.objects.get()
    badge.decision = "12-QĐ/HU"
    badge.save()
    text = f"uid,awarded_on\n{badge.uid},02/09/2023\n"
    assert run("badges", superuser, text).counts["update"] == 1
    badge.refresh_from_db()
    assert (badge.decision, badge.awarded_on.isoformat()) == ("12-QĐ/HU", "2023-09-02")


def test_a_new_tree_may_name_parents_created_by_earlier_rows(everything, superuser):
    """Dissolutions are written after every row: units of a dissolved parent come back."""
    dissolved = {"founded_on": "01/01/2024", "dissolved_on": "01/07/2025"}
    text = csv_text(
        "organizations",
        [{"code": "TS-NEW", "name": "Đảng bộ xã Mới", "kind_code": "Đảng bộ cơ sở",
          "parent_code": "TS", **dissolved},
         {"code": "TS-NEW-01", "name": "Chi bộ Ấp Một", "kind_code": "cell",
          "parent_code": "TS-NEW", **dissolved},
         {"code": "TS-NEW-02", "name": "Chi bộ Ấp Hai", "kind_code": "cell",
          "parent_code": "TS-LATER", **dissolved}],
    )  # fmt: skip
    report = run("organizations", superuser, text)
    assert [(number, header) for number, header, _message in report.errors] == [(4, "parent_code")]
    fixed = text.replace("TS-LATER", "TS-NEW")
    assert run("organizations", superuser, fixed).counts["create"] == 3
    new = PartyOrganization.objects.filter(code__startswith="TS-NEW").order_by("path")
    assert [(unit.code, unit.parent.code, str(unit.dissolved_on)) for unit in new] == [
        ("TS-NEW", "TS", "2025-07-01"),
        ("TS-NEW-01", "TS-NEW", "2025-07-01"),
        ("TS-NEW-02", "TS-NEW", "2025-07-01"),
    ]


def test_a_unit_still_active_blocks_its_parents_dissolution(everything, superuser):
    text = csv_text(
        "organizations",
        [{"code": "TS-NEW", "name": "Đảng bộ xã Mới", "kind_code": "base-committee",
          "parent_code": "TS", "founded_on": "01/01/2024", "dissolved_on": "01/07/2025"},
         {"code": "TS-NEW-01", "name": "Chi bộ Ấp Một", "kind_code": "cell",
          "parent_code": "TS-NEW", "founded_on": "01/01/2024"}],
    )  # fmt: skip
    report = run("organizations", superuser, text)
    assert [(number, header) for number, header, _message in report.errors] == [(2, "dissolved_on")]
    assert not PartyOrganization.objects.filter(code__startswith="TS-NEW").exists()
