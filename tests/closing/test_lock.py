"""The lock itself: what an approval closes, for whom, and what stays open."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.closing import locks
from apps.closing.services import reopen_year
from apps.members.models import Membership, MemberStatus, Position
from apps.members.services import recognise_official, record_death, transfer_member
from apps.studies.models import StudySession, StudyTopic
from tests.factories import member
from tests.oversight.conftest import inspection, subject
from tests.studies.conftest import session, topic

from .conftest import names_the_approval, refused

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def sessions(tree):
    """A 2023 and a 2024 session in Vọng Thê, and a 2023 one in Óc Eo."""
    yearly = topic(tree["district"], year=2023, short_title="Chuyên đề năm 2023")
    return {
        "vong_the_2023": session(yearly, tree["vong_the"], D(2023, 3, 10), attendee_visits=5,
                                 member_visits=0, members_expected=0),
        "vong_the_2024": session(yearly, tree["vong_the"], D(2024, 3, 10), attendee_visits=5,
                                 member_visits=0, members_expected=0),
        "oc_eo_2023": session(yearly, tree["oc_eo"], D(2023, 5, 10), attendee_visits=5,
                              member_visits=0, members_expected=0),
    }  # fmt: skip


def change_title(row, title="Sửa lại"):
    row.title = title
    row.save()


def test_the_message_names_year_organization_approver_and_time(tree, close, sessions):
    close(tree["district"], 2023)
    with translation.override("en"):
        message = locks.refusal(sessions["vong_the_2023"], deleting=True)
    assert message == (
        "The results of 2023 of Đảng bộ huyện Thoại Sơn were approved by Nguyễn Văn A at 09:30 "
        "on 25/11/2026: the records of that year can be read but not changed."
    )


def test_a_district_approval_closes_every_commune(tree, close, sessions):
    close(tree["district"], 2023)
    for name in ("vong_the_2023", "oc_eo_2023"):
        with refused() as refusal:
            change_title(sessions[name])
        assert names_the_approval(refusal.value.messages[0])
    assert StudySession.objects.filter(title="Sửa lại").count() == 0


def test_a_commune_approval_closes_that_commune_only(tree, close, commune_leader, sessions):
    close(tree["vong_the"], 2023, by=commune_leader)
    with refused() as refusal:
        change_title(sessions["vong_the_2023"])
    assert "Trần Văn B" in refusal.value.messages[0]
    change_title(sessions["oc_eo_2023"])
    assert StudySession.objects.get(title="Sửa lại") == sessions["oc_eo_2023"]


def test_records_of_another_year_stay_editable(tree, close, sessions):
    close(tree["district"], 2023)
    change_title(sessions["vong_the_2024"])
    sessions["vong_the_2024"].refresh_from_db()
    assert sessions["vong_the_2024"].title == "Sửa lại"


def test_a_record_can_be_neither_created_in_nor_moved_into_or_out_of_a_closed_year(
    tree, close, sessions
):
    close(tree["district"], 2023)
    moved_in = sessions["vong_the_2024"]
    moved_in.held_on = D(2023, 12, 1)
    with refused():
        moved_in.save()
    moved_out = sessions["vong_the_2023"]
    moved_out.held_on = D(2024, 1, 2)
    with refused():
        moved_out.save()
    with refused():
        sessions["oc_eo_2023"].delete()
    with refused():
        session(sessions["oc_eo_2023"].topic, tree["oc_eo"], D(2023, 7, 1), attendee_visits=1,
                member_visits=0, members_expected=0)  # fmt: skip
    assert StudySession.objects.filter(held_on__year=2023).count() == 2
    assert StudySession.objects.get(pk=moved_in.pk).held_on == D(2024, 3, 10)


def test_a_save_that_changes_nothing_passes(tree, close, sessions):
    close(tree["district"], 2023)
    sessions["vong_the_2023"].save()


def test_reopening_opens_the_year_again_and_is_recorded(tree, close, leader, sessions):
    approval = close(tree["district"], 2023)
    reopen_year(approval, by=leader, reason="Sửa số liệu học tập của Vọng Thê")
    change_title(sessions["vong_the_2023"])
    approval.refresh_from_db()
    assert approval.reopened_by == leader
    assert approval.reopen_reason == "Sửa số liệu học tập của Vọng Thê"
    assert approval.reopened_at is not None


def test_approving_again_after_reopening_closes_again_with_a_new_row(tree, close, leader, sessions):
    first = close(tree["district"], 2023)
    reopen_year(first, by=leader, reason="Sửa số liệu")
    second = close(tree["district"], 2023)
    assert second.pk != first.pk
    with refused():
        change_title(sessions["vong_the_2023"])


def test_a_members_profile_stays_editable_but_not_the_admission(tree, close):
    admitted = member(tree["vong_the_1"], admitted_on="2023-04-02", card_number="093100")
    close(tree["vong_the"], 2023)
    admitted.notes = "Đã bổ sung lý lịch"
    admitted.occupation = "Giáo viên"
    admitted.save()
    admitted.admitted_on = D(2023, 4, 3)
    with refused():
        admitted.save()
    admitted.refresh_from_db()
    assert (admitted.notes, admitted.admitted_on) == ("Đã bổ sung lý lịch", D(2023, 4, 2))
    closure = locks.closure(admitted)
    assert closure.fields >= {"admitted_on", "cell"}


def test_a_2023_member_can_still_be_recognised_and_transferred_in_2024(tree, close):
    admitted = member(tree["vong_the_1"], admitted_on="2023-04-02")
    close(tree["vong_the"], 2023)
    recognise_official(admitted, on=D(2024, 4, 2))
    transfer_member(admitted, to_cell=tree["oc_eo_1"], on=D(2024, 6, 1))
    record_death(admitted, on=D(2024, 9, 1))
    admitted.refresh_from_db()
    assert (admitted.status, admitted.cell) == (MemberStatus.DECEASED, tree["oc_eo_1"])
    periods = Membership.objects.filter(member=admitted).order_by("started_on")
    assert [(p.started_on, p.ended_on) for p in periods] == [
        (D(2023, 4, 2), D(2024, 6, 1)),
        (D(2024, 6, 1), D(2024, 9, 1)),
    ]


def test_lifecycle_actions_dated_in_a_closed_year_are_refused(tree, close, people):
    close(tree["vong_the"], 2023)
    with refused():
        transfer_member(people["an"], to_cell=tree["oc_eo_1"], on=D(2023, 6, 1))
    people["an"].refresh_from_db()
    assert people["an"].cell == tree["vong_the_1"]
    assert Membership.objects.get(member=people["an"]).ended_on is None


def test_periods_covering_a_closed_year_cannot_be_added_or_deleted(tree, close, people):
    post = Position.objects.create(
        member=people["an"], role="secretary", organization=tree["vong_the_1"],
        started_on=D(2020, 1, 1),
    )  # fmt: skip
    close(tree["vong_the"], 2023)
    with refused():
        post.delete()
    with refused():
        Position.objects.create(
            member=people["bao"], role="secretary", organization=tree["vong_the_2"],
            started_on=D(2022, 1, 1), ended_on=D(2024, 1, 1),
        )  # fmt: skip
    # Ending the post in 2025 changes nothing of 2023.
    post.ended_on = D(2025, 1, 1)
    post.save()


def test_a_commune_approval_closes_the_district_inspection_of_that_commune(tree, close, people):
    district_inspection = inspection(tree["district"], D(2023, 3, 1))
    subject(district_inspection, organization=tree["vong_the"])
    unrelated = inspection(tree["district"], D(2023, 3, 2))
    subject(unrelated, organization=tree["oc_eo"])
    close(tree["vong_the"], 2023)
    district_inspection.summary = "Sửa kết luận"
    with refused():
        district_inspection.save()
    unrelated.summary = "Sửa kết luận"
    unrelated.save()


def test_linking_a_topic_to_a_closed_inspection_is_refused(tree, close):
    checked = inspection(tree["vong_the"], D(2023, 3, 1), body="board")
    studied = topic(tree["district"], year=2024, short_title="Chuyên đề năm 2024")
    close(tree["vong_the"], 2023)
    with refused():
        studied.inspections.add(checked)
    assert not StudyTopic.inspections.through.objects.exists()


def test_ensure_open_guards_bulk_writes(tree, close):
    close(tree["vong_the"], 2023)
    locks.ensure_open(tree["oc_eo_1"].path, 2023)
    locks.ensure_open(tree["vong_the_1"].path, D(2024, 1, 1))
    with refused():
        locks.ensure_open(tree["vong_the_1"].path, D(2023, 12, 31))


def test_the_check_is_one_small_query(tree, close, sessions, django_assert_num_queries):
    close(tree["district"], 2023)
    with django_assert_num_queries(1):
        assert locks.closing_for(sessions["vong_the_2023"], deleting=True) is not None
    with django_assert_num_queries(1):
        assert locks.closing_for(sessions["vong_the_2024"], deleting=True) is None


def test_the_check_reads_only_the_approvals_that_could_close_the_record(
    tree, close, sessions, django_assert_num_queries
):
    """A province approves thousands of years: a check reads the record's own years at its
    organization and above, not every approval."""
    close(tree["oc_eo"], 2023)
    close(tree["vong_the"], 2022)
    close(tree["district"], 2021)
    with CaptureQueriesContext(connection) as captured:
        assert locks.closing_for(sessions["vong_the_2023"], deleting=True) is None
    (query,) = captured.captured_queries
    assert "2023" in query["sql"]
    assert "2022" not in query["sql"]
    close(tree["vong_the"], 2023)
    widest = close(tree["district"], 2023)
    with django_assert_num_queries(1):
        assert locks.closing_for(sessions["vong_the_2023"], deleting=True) == widest


def test_a_run_of_checks_reads_the_approvals_once(tree, close, sessions, django_assert_num_queries):
    own = close(tree["vong_the"], 2023)
    with locks.cached_approvals(), django_assert_num_queries(0):
        assert locks.closing_for(sessions["vong_the_2023"], deleting=True) == own
        assert locks.closing_for(sessions["oc_eo_2023"], deleting=True) is None
        assert locks.closing_for(sessions["vong_the_2024"], deleting=True) is None


def test_an_unchanged_save_reads_no_approval(tree, close, sessions, django_assert_num_queries):
    close(tree["district"], 2023)
    stored = StudySession.objects.get(pk=sessions["vong_the_2023"].pk)
    with django_assert_num_queries(1):  # the stored row, to compare with
        assert locks.closing_for(stored) is None


def test_a_run_of_checks_where_no_year_is_closed_reads_nothing_more(
    tree, sessions, django_assert_num_queries
):
    """An import where nothing is approved: one read of the approvals, then no row is
    even compared with its stored self."""
    stored = StudySession.objects.get(pk=sessions["vong_the_2023"].pk)
    stored.title = "Sửa lại"
    with django_assert_num_queries(1), locks.cached_approvals():
        assert locks.closing_for(stored) is None
        assert locks.closure(stored) is None
        assert locks.closing_for(sessions["oc_eo_2023"], deleting=True) is None
