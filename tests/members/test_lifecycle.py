"""The rules of every lifecycle action, through the service functions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.members import services
from apps.members.models import (
    Discipline,
    MemberEvent,
    Membership,
    MemberStatus,
    PartyMember,
)
from tests.factories import member

pytestmark = pytest.mark.django_db
D = datetime.date


def kinds(person):
    return list(person.events.values_list("kind", flat=True))


def test_admission_creates_a_probationary_member_with_a_membership(tree, district_staff):
    person = member(
        tree["vong_the_1"], admitted_on="2023-03-02", by=district_staff, decision="15-QĐ/ĐU"
    )
    assert person.status == MemberStatus.PROBATIONARY
    assert list(person.memberships.values_list("organization__code", "started_on")) == [
        ("TS-VTH-01", D(2023, 3, 2))
    ]
    event = person.events.get()
    assert (event.kind, event.recorded_by, event.decision) == (
        "admission",
        district_staff,
        "15-QĐ/ĐU",
    )


def test_admission_only_into_a_cell(tree):
    with pytest.raises(ValidationError, match="Đảng viên chỉ sinh hoạt tại chi bộ"):
        member(tree["vong_the"])
    assert not PartyMember.objects.exists()


def test_admission_into_a_dissolved_cell_is_refused(tree):
    cell = tree["vong_the_1"]
    cell.dissolved_on = D(2022, 1, 1)
    cell.save()
    with pytest.raises(ValidationError, match="01/01/2022"):
        member(cell, admitted_on="2023-01-01")


def test_admission_needs_age_18(tree):
    with pytest.raises(ValidationError, match="18"):
        member(tree["vong_the_1"], admitted_on="2023-01-01", birth_date=D(2005, 6, 1))


def test_card_numbers_are_unique(tree):
    member(tree["vong_the_1"], card_number="01234567")
    with pytest.raises(ValidationError):
        member(tree["vong_the_2"], card_number="01234567")
    assert PartyMember.objects.count() == 1


def test_recognition_waits_twelve_months(tree):
    person = member(tree["vong_the_1"], admitted_on="2023-03-02")
    with pytest.raises(ValidationError, match="02/03/2024"):
        services.recognise_official(person, on=D(2024, 3, 1))
    services.recognise_official(person, on=D(2024, 3, 2))
    person.refresh_from_db()
    assert (person.status, person.official_on) == (MemberStatus.OFFICIAL, D(2024, 3, 2))
    with pytest.raises(ValidationError, match="02/03/2024"):
        services.recognise_official(person, on=D(2024, 6, 1))
    assert kinds(person) == ["admission", "recognition"]


def test_probation_end_at_month_end(tree):
    person = member(tree["vong_the_1"], admitted_on="2024-02-29")
    assert person.probation_ends_on == D(2025, 2, 28)


def test_transfer_closes_one_membership_and_opens_the_next(tree):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    services.transfer_member(person, to_cell=tree["oc_eo_1"], on=D(2023, 7, 1))
    person.refresh_from_db()
    assert person.cell == tree["oc_eo_1"]
    periods = list(person.memberships.values_list("organization__code", "started_on", "ended_on"))
    assert periods == [
        ("TS-VTH-01", D(2020, 1, 15), D(2023, 7, 1)),
        ("TS-OE-01", D(2023, 7, 1), None),
    ]


def test_transfer_dates_must_be_in_order(tree):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    with pytest.raises(ValidationError, match="15/01/2020"):
        services.transfer_member(person, to_cell=tree["oc_eo_1"], on=D(2019, 1, 1))
    with pytest.raises(ValidationError):
        services.transfer_member(person, to_cell=tree["vong_the_1"], on=D(2021, 1, 1))
    assert person.memberships.count() == 1


def test_members_of_a_subtree_on_a_date_is_one_query(tree, django_assert_num_queries):
    a = member(tree["vong_the_1"], admitted_on="2020-01-15")
    member(tree["oc_eo_1"], admitted_on="2020-01-15", given_name="Bình")
    services.transfer_member(a, to_cell=tree["oc_eo_2"], on=D(2023, 7, 1))
    vong_the, oc_eo = tree["vong_the"], tree["oc_eo"]

    def count(org, day):
        return (
            Membership.objects.on(day)
            .filter(organization__path__startswith=org.path)
            .values("member")
            .distinct()
            .count()
        )

    with django_assert_num_queries(1):
        assert count(vong_the, D(2023, 6, 30)) == 1
    assert count(vong_the, D(2023, 7, 1)) == 0
    assert count(oc_eo, D(2023, 7, 1)) == 2
    assert count(oc_eo, D(2019, 1, 1)) == 0


@pytest.mark.parametrize(
    ("action", "kwargs", "status"),
    [
        (services.transfer_out, {"destination": "Đảng bộ xã Mỹ Hòa Hưng"}, "transferred_out"),
        (services.record_death, {}, "deceased"),
        (services.remove_from_rolls, {"decision": "3-QĐ/ĐU"}, "removed"),
        (services.expel, {"deciding_body": "Ban Thường vụ Huyện ủy"}, "expelled"),
    ],
)
def test_leaving_ends_the_membership_and_blocks_further_actions(tree, action, kwargs, status):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    action(person, on=D(2024, 5, 1), **kwargs)
    person.refresh_from_db()
    assert (person.status, person.left_on) == (status, D(2024, 5, 1))
    assert person.memberships.get().ended_on == D(2024, 5, 1)
    with pytest.raises(ValidationError, match="không còn trong danh sách"):
        services.transfer_member(person, to_cell=tree["oc_eo_1"], on=D(2024, 6, 1))
    with pytest.raises(ValidationError):
        services.record_death(person, on=D(2024, 6, 1))


def test_expulsion_is_also_a_discipline(tree):
    person = member(tree["vong_the_1"], admitted_on="2020-01-15")
    services.expel(person, on=D(2024, 5, 1), deciding_body="Ủy ban Kiểm tra Huyện ủy")
    assert Discipline.objects.get(member=person).form == Discipline.Form.EXPULSION


def test_exemption_opens_and_ends(tree):
    person = member(tree["vong_the_1"], admitted_on="1990-01-15")
    services.exempt(person, start=D(2023, 1, 1), reason="Tuổi cao")
    with pytest.raises(ValidationError):
        services.exempt(person, start=D(2023, 6, 1))
    with pytest.raises(ValidationError):
        services.end_exemption(person, on=D(2022, 1, 1))
    services.end_exemption(person, on=D(2024, 1, 1))
    assert person.exemptions.get().ended_on == D(2024, 1, 1)
    assert kinds(person) == ["admission", "exemption", "exemption_end"]


def test_a_failed_action_changes_nothing(tree):
    person = member(tree["vong_the_1"], admitted_on="2023-03-02")
    with pytest.raises(ValidationError):
        services.recognise_official(person, on=D(2023, 4, 1))
    assert MemberEvent.objects.filter(member=person).count() == 1
    assert PartyMember.objects.get(pk=person.pk).status == MemberStatus.PROBATIONARY
