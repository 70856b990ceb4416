"""The rules an inspection or supervision and its subjects obey."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.members import services as member_services
from apps.members.models import Position
from apps.oversight.models import (
    Inspection,
    InspectionSubject,
    SupervisionSubject,
    member_snapshots,
)
from apps.oversight.services import add_cell_members, add_members, refresh_member_snapshots
from tests.factories import cell, member

from .conftest import inspection, subject, supervision

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(callable_):
    with pytest.raises(ValidationError) as caught:
        callable_()
    return caught.value.message_dict


def test_dates_must_follow_each_other(tree):
    event = Inspection(
        performer=tree["vong_the"],
        body="standing_committee",
        kind="compliance",
        content="Kiểm tra",
        decided_on=D(2023, 5, 3),
        started_on=D(2023, 5, 2),
        ended_on=D(2023, 5, 1),
        period_start=D(2023, 1, 1),
        period_end=D(2022, 12, 31),
    )
    errors = errors_of(event.full_clean)
    assert set(errors) == {"decided_on", "ended_on", "period_end"}


def test_a_dissolved_performer_takes_no_new_events(tree):
    gone = cell(tree["vong_the"], code="TS-VTH-08", dissolved_on=D(2022, 1, 1))
    errors = errors_of(lambda: inspection(gone, D(2023, 1, 5), body="cell"))
    assert "performer" in errors


def test_only_a_cell_acts_as_a_cell(tree):
    assert "body" in errors_of(lambda: inspection(tree["vong_the"], D(2023, 1, 5), body="cell"))
    assert inspection(tree["vong_the_1"], D(2023, 1, 5), body="cell").performing_level == (
        "below_base"
    )


def test_performing_level_comes_from_the_performer(tree):
    assert inspection(tree["district"], D(2023, 1, 5)).performing_level == "superior"
    assert supervision(tree["vong_the"], D(2023, 1, 5)).performing_level == "base"


def test_subjects_must_lie_under_the_performer(tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    assert "organization" in errors_of(lambda: subject(event, organization=tree["oc_eo_1"]))
    assert "organization" in errors_of(lambda: subject(event, organization=tree["vong_the"]))
    assert "member" in errors_of(lambda: subject(event, member=people["em"]))
    assert errors_of(lambda: subject(event))
    assert not InspectionSubject.objects.exists()


def test_a_member_who_had_left_cannot_be_a_subject(tree, people):
    member_services.record_death(people["an"], on=D(2023, 1, 20))
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    errors = errors_of(lambda: subject(event, member=people["an"]))
    assert "không phải là đảng viên đang sinh hoạt" in " ".join(errors["member"])
    # Before the death the same member could be inspected.
    earlier = inspection(tree["vong_the"], D(2022, 5, 2))
    assert subject(earlier, member=people["an"]).organization == tree["vong_the_1"]


def test_a_member_not_yet_admitted_cannot_be_a_subject(tree):
    newcomer = member(tree["vong_the_1"], admitted_on="2023-06-01")
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    assert "member" in errors_of(lambda: subject(event, member=newcomer))


def test_an_organization_dissolved_before_can_still_be_inspected(tree):
    # Quy định 22 reaches organizations that were dissolved, merged or split.
    gone = cell(tree["vong_the"], code="TS-VTH-08", dissolved_on=D(2022, 1, 1))
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    assert subject(event, organization=gone).pk
    not_yet = cell(tree["vong_the"], code="TS-VTH-07", founded_on=D(2024, 1, 1))
    assert "organization" in errors_of(lambda: subject(event, organization=not_yet))


def test_discipline_follows_only_a_violation_of_that_member(world, people):
    event = world["second"]
    errors = errors_of(
        lambda: subject(event, member=people["dung"], conclusion="shortcomings",
                        discipline_required=True)
    )  # fmt: skip
    assert "conclusion" in errors
    errors = errors_of(
        lambda: subject(event, member=people["dung"], conclusion="violation",
                        discipline=world["reprimand"])
    )  # fmt: skip
    assert "discipline" in errors
    errors = errors_of(
        lambda: subject(event, member=people["dung"], conclusion="violation",
                        organization_discipline="warning")
    )  # fmt: skip
    assert "organization_discipline" in errors


def test_a_supervision_leads_to_an_inspection_only_on_signs(world, tree, people):
    event = world["supervision"]
    follow_up = inspection(tree["oc_eo"], D(2023, 9, 1), kind="signs_of_violation")
    row = SupervisionSubject.objects.get(event=event, member=people["em"])
    row.follow_up = follow_up
    assert "follow_up" in errors_of(row.full_clean)
    row.conclusion = "signs_of_violation"
    row.full_clean()


def test_each_subject_once_per_event(world, tree, people):
    duplicate = InspectionSubject(event=world["first"], member=people["an"])
    assert errors_of(duplicate.full_clean)
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionSubject.objects.create(
            event=world["first"], organization=tree["vong_the_1"], conclusion="no_violation"
        )


def test_snapshot_of_posts_and_cell_on_the_start_date(tree, people):
    Position.objects.create(
        member=people["an"],
        role=Position.Role.SECRETARY,
        organization=tree["vong_the_1"],
        started_on=D(2020, 1, 1),
    )
    Position.objects.create(
        member=people["an"],
        role=Position.Role.STANDING_MEMBER,
        organization=tree["vong_the"],
        started_on=D(2021, 1, 1),
        ended_on=D(2023, 1, 1),
    )
    before, after = D(2022, 6, 1), D(2023, 6, 1)
    assert member_snapshots([people["an"].pk], before)[people["an"].pk] == (
        tree["vong_the_1"].pk,
        "base",
        False,
    )
    # The highest committee counts; after the standing post ends only the cell's remains.
    assert member_snapshots([people["an"].pk], after)[people["an"].pk][1] == "below_base"
    member_services.transfer_member(people["an"], to_cell=tree["vong_the_2"], on=D(2023, 3, 1))
    assert member_snapshots([people["an"].pk], after)[people["an"].pk][0] == tree["vong_the_2"].pk


def test_add_all_members_of_a_cell_as_of_the_date(tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    member(tree["vong_the_1"], given_name="Mới", admitted_on="2023-09-01")  # not yet then
    counts = add_cell_members(event, tree["vong_the_1"], "no_violation")
    assert counts == {"added": 3, "already": 0}
    assert add_cell_members(event, tree["vong_the_1"]) == {"added": 0, "already": 3}
    assert {s.member for s in event.subjects.all()} == {people["an"], people["bao"], people["cao"]}


def test_adding_a_member_outside_refuses_the_whole_batch(tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    with pytest.raises(ValidationError, match="Võ Văn Em"):
        add_members(event, [people["an"].pk, people["em"].pk])
    assert not event.subjects.exists()


def test_moving_the_start_date_retakes_the_snapshots(tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    add_members(event, [people["an"].pk])
    member_services.transfer_member(people["an"], to_cell=tree["vong_the_2"], on=D(2023, 6, 1))
    event.started_on = D(2023, 7, 1)
    event.save()
    refresh_member_snapshots(event)
    assert event.subjects.get().organization == tree["vong_the_2"]
    event.started_on = D(2010, 1, 1)
    event.save()
    with pytest.raises(ValidationError, match="Nguyễn Văn An"):
        refresh_member_snapshots(event)
