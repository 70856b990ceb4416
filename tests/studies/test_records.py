"""Expected members, attendance lists and the rules a session obeys."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.organizations.services import dissolve_organization
from apps.studies.models import Attendance, StudySession, StudyTopic, expected_members
from apps.studies.services import clear_attendance, record_attendance, resync_attendance
from tests.studies.conftest import session, topic

D = datetime.date
pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(member.given_name for member in queryset)


def test_expected_members_follow_transfers_and_leave_out_the_exempted(tree, study):
    assert names(expected_members(tree["vong_the"], D(2023, 3, 10))) == [
        "An", "Bảo", "Cao", "Dung",
    ]  # fmt: skip
    # Bảo moved to Óc Eo on 1/6; Giang is exempted.
    assert names(expected_members(tree["vong_the"], D(2023, 8, 20))) == ["An", "Cao", "Dung"]
    assert names(expected_members(tree["oc_eo"], D(2023, 8, 20))) == ["Bảo", "Em"]
    assert names(expected_members(tree["district"], D(2023, 8, 20))) == [
        "An", "Bảo", "Cao", "Dung", "Em",
    ]  # fmt: skip


def test_an_attendance_list_overrides_the_typed_counts(study, people):
    row = study["vong_the_yearly"]
    # Typed as 4 of 4; the list says 3 of 4.
    assert (row.member_visits, row.members_expected, row.attendee_visits) == (3, 4, 9)
    assert row.has_attendance_list
    absent = Attendance.objects.get(session=row, present=False)
    assert absent.member == people["bao"]
    assert absent.note == "Đi công tác"
    assert absent.organization.code == "TS-VTH-01"


def test_the_list_of_a_transferred_member_shows_their_cell_on_the_day(study, people):
    row = Attendance.objects.get(session=study["oc_eo_yearly"], member=people["bao"])
    assert row.present
    assert row.organization.code == "TS-OE-02"


def test_a_member_from_elsewhere_cannot_be_marked_present(study, people):
    row = study["vong_the_yearly"]
    with pytest.raises(ValidationError, match="không thuộc danh sách"):
        record_attendance(row, [people["an"].pk, people["em"].pk])
    row.refresh_from_db()
    assert row.member_visits == 3
    assert row.attendance.count() == 4


def test_attendee_visits_given_with_a_list_must_cover_the_members_present(study, people):
    with pytest.raises(ValidationError):
        record_attendance(study["vong_the_yearly"], [people["an"].pk, people["cao"].pk],
                          attendee_visits=1)  # fmt: skip
    assert study["vong_the_yearly"].attendance.filter(present=True).count() == 3


def test_moving_a_session_rebuilds_its_list_keeping_the_marks(study, people):
    row = study["vong_the_yearly"]
    row.held_on = D(2023, 7, 1)
    row.save()
    resync_attendance(row)
    row.refresh_from_db()
    # Bảo has left for Óc Eo; An, Cao and Dung keep their "present".
    assert (row.member_visits, row.members_expected) == (3, 3)
    assert not row.attendance.filter(member=people["bao"]).exists()


def test_clearing_a_list_keeps_its_counts(study):
    row = clear_attendance(study["vong_the_yearly"])
    row.refresh_from_db()
    assert not row.has_attendance_list
    assert (row.member_visits, row.members_expected) == (3, 4)
    assert not Attendance.objects.filter(session=row).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"member_visits": 5, "attendee_visits": 9}, "member_visits", "vượt quá 4 đảng viên"),
        ({"member_visits": 4, "attendee_visits": 3}, "attendee_visits", "không thể ít hơn 4"),
        ({"connected_points": 3}, "connected_points", "Chỉ hội nghị trực tuyến"),
        ({"held_on": D(2099, 1, 1)}, "held_on", "đã diễn ra"),
    ],
)
def test_a_session_refuses_inconsistent_counts(tree, study, fields, field, message):
    values = {"held_on": D(2023, 3, 10), "attendee_visits": 4, "member_visits": 2}
    values.update(fields)
    row = StudySession(
        topic=study["yearly"], organizer=tree["vong_the"], members_expected=4, **values
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])


def test_a_dissolved_organization_holds_no_new_session(tree, study):
    dissolved = dissolve_organization(tree["vong_the_2"], on=D(2023, 4, 1))
    with pytest.raises(ValidationError) as error:
        session(study["yearly"], dissolved, D(2023, 5, 1), attendee_visits=1,
                member_visits=0)  # fmt: skip
    assert "organizer" in error.value.message_dict


def test_a_topic_needs_its_year_or_term(tree):
    with pytest.raises(ValidationError) as error:
        topic(tree["district"], kind="central_resolution", title="Nghị quyết 8")
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError, match="Chuyên đề năm phải có năm"):
        topic(tree["district"], term="khóa XIII")
    assert topic(tree["district"], kind="central_resolution", title="NQ 8", term="khóa XIII")


def test_topics_are_seen_below_their_keeper_and_changed_only_in_its_scope(
    tree, vong_the_clerk, district_staff
):
    district_topic = topic(tree["district"], year=2023)
    own = topic(tree["vong_the"], kind="committee_resolution", title="NQ Đảng ủy", year=2023)
    other = topic(tree["oc_eo"], kind="committee_resolution", title="NQ Óc Eo", year=2023)
    seen = set(StudyTopic.objects.visible_to(vong_the_clerk))
    assert seen == {district_topic, own}
    assert set(StudyTopic.objects.editable_by(vong_the_clerk)) == {own}
    assert set(StudyTopic.objects.visible_to(district_staff)) == {district_topic, own, other}


def test_missed_keeps_members_absent_everywhere(study, people):
    missed = Attendance.objects.missed().filter(session__topic=study["yearly"])
    assert [row.member for row in missed] == [people["em"]]
