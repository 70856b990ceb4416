"""A hand-counted year of political study in the small test district.

2023, counted by hand (see `study`):
- Vọng Thê's members on 10/3: An, Bảo, Cao (cell 01) and Dung (cell 02). Óc Eo's on
  20/8: Em and Giang (cell 01) and Bảo, who moved from Vọng Thê 01 to Óc Eo 02 on
  1/6; Giang is exempted from activities from 1/1/2023, so is not expected.
- Topic "Chuyên đề năm 2023": Vọng Thê's session on 10/3 (typed 9 attendee-visits,
  4 of 4 members; then its list says An, Cao, Dung present and Bảo absent: 3 of 4),
  and Óc Eo's on 20/8 (list: Bảo present, Em absent: 1 of 2, 5 attendee-visits).
  Rate 4 / 6 = 66.7 %. Bảo missed Vọng Thê's but attended Óc Eo's, so only Em
  missed the topic.
- The book: Óc Eo's session on 1/9, typed: 10 attendee-visits, 2 of 2 members.
- 2022: Vọng Thê studied the book (typed, 4 of 4), which 2023 must not count.
"""

import datetime

import pytest

from apps.members.services import exempt, transfer_member
from apps.studies.models import StudySession, StudyTopic
from apps.studies.services import record_attendance
from tests.factories import member

D = datetime.date


def topic(owner, **fields):
    fields.setdefault("kind", "yearly_topic")
    fields.setdefault("title", "Xây dựng văn hóa, con người An Giang")
    fields.setdefault("issuing_body", "Tỉnh ủy An Giang")
    row = StudyTopic(owner=owner, **fields)
    row.full_clean()
    row.save()
    return row


def session(topic, organizer, held_on, **fields):
    """A validated session; the expected members are counted unless given."""
    row = StudySession(topic=topic, organizer=organizer, held_on=held_on, **fields)
    if row.members_expected is None:
        row.members_expected = row.members_counted = row.count_expected_members()
    row.full_clean()
    row.save()
    return row


def with_giang(people, tree):
    """The shared members, and Giang of Óc Eo, whom an exemption takes off every list."""
    people["giang"] = member(
        tree["oc_eo_1"], family_name="Đỗ Thị", given_name="Giang", gender="female",
        admitted_on="2000-01-10", card_number="093006",
    )  # fmt: skip
    return people


def build_study(tree, people):
    district, vong_the, oc_eo = tree["district"], tree["vong_the"], tree["oc_eo"]
    exempt(people["giang"], start=D(2023, 1, 1), reason="Tuổi cao")
    yearly = topic(district, year=2023, short_title="Chuyên đề năm 2023")
    book = topic(
        district,
        kind="work",
        title="Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực",
        issuing_body="Tổng Bí thư Nguyễn Phú Trọng",
        year=2022,
    )
    old = session(book, vong_the, D(2022, 5, 5), attendee_visits=6, member_visits=4)
    vong_the_yearly = session(yearly, vong_the, D(2023, 3, 10), attendee_visits=9, member_visits=4)
    record_attendance(
        vong_the_yearly,
        [people[name].pk for name in ("an", "cao", "dung")],
        notes={people["bao"].pk: "Đi công tác"},
    )
    transfer_member(people["bao"], to_cell=tree["oc_eo_2"], on=D(2023, 6, 1))
    oc_eo_yearly = session(yearly, oc_eo, D(2023, 8, 20), attendee_visits=5, member_visits=1)
    record_attendance(oc_eo_yearly, [people["bao"].pk], notes={people["em"].pk: "Ốm"})
    oc_eo_book = session(book, oc_eo, D(2023, 9, 1), attendee_visits=10, member_visits=2)
    for row in (vong_the_yearly, oc_eo_yearly):
        row.refresh_from_db()
    return {
        "yearly": yearly,
        "book": book,
        "old": old,
        "vong_the_yearly": vong_the_yearly,
        "oc_eo_yearly": oc_eo_yearly,
        "oc_eo_book": oc_eo_book,
    }


@pytest.fixture
def people(people, tree):
    """The shared members and Giang (`with_giang` is also used by the results tests)."""
    return with_giang(people, tree)


@pytest.fixture
def study(tree, people):
    """The hand-counted year above (`build_study` is also used by the results tests)."""
    return build_study(tree, people)
