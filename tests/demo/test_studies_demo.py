"""`manage.py demo` loads the political study behind the 2023 article, once.

The demo takes seconds to load, so a single test loads it and checks everything.
"""

import random
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from apps.members.demo import RECORDS_UNTIL
from apps.organizations.models import PartyOrganization
from apps.oversight.models import Inspection, InspectionSubject, Level, PerformingBody
from apps.oversight.statistics import oversight_statistics
from apps.studies.demo import LATE_NOTE, LISTING_COMMITTEE, YEARLY
from apps.studies.models import Attendance, SessionFormat, StudySession, StudyTopic
from apps.studies.services import expected_memberships
from apps.studies.statistics import study_statistics
from tests.demo.test_oversight_demo import ARTICLE_2023 as OVERSIGHT_2023
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [StudyTopic, StudySession, Attendance, Inspection, InspectionSubject]
FIGURES = ["sessions", "attendee_visits", "member_visits", "members_expected", "inspected"]
# "tổ chức 58 cuộc sinh hoạt chính trị nghiên cứu, tìm hiểu tác phẩm ... thu hút 4.515
# lượt đại biểu tham dự. Huyện tổ chức 235 cuộc triển khai Chuyên đề năm 2023 ... cho
# 4.530 lượt đảng viên học tập (tỷ lệ trên 99%); kiểm tra 18 chi, đảng bộ cơ sở."
BOOK = "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực"
YEARLY_2023 = "Chuyên đề năm 2023"
# The other years' yearly topics: (topic, rate from, rate until).
OTHER_YEARS = {
    2021: ("Chuyên đề năm 2021", 97, 98.5),
    2022: ("Chuyên đề năm 2022", 97, 98.5),
    2024: ("Chuyên đề năm 2024", 98.5, 99.5),
}


def run_demo():
    call_command("demo", "--no-migrate", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def district():
    return PartyOrganization.objects.get(code="TS")


def table(year, user=None, within=None):
    """{short title or title: values} and the total row's values under "total"."""
    user = user or UserFactory(is_superuser=True)
    rows = study_statistics(user, year, within)
    by_topic = {str(row.topic): row.values for row in rows if row.topic}
    by_topic["total"] = rows[-1].values
    return by_topic


def topic_row(rows, start):
    return next(values for name, values in rows.items() if name.startswith(start))


def check_the_2023_article():
    rows = table(2023, within=district())
    book = topic_row(rows, "Sách của Tổng Bí thư")
    assert (book["sessions"], book["attendee_visits"]) == (58, 4515)
    yearly = rows[YEARLY_2023]
    assert (yearly["sessions"], yearly["member_visits"]) == (235, 4530)
    assert 99 < yearly["rate"] <= 100
    assert yearly["members_expected"] <= 4575  # 4,530 / 4,576 would be under 99%
    assert yearly["inspected"] == 18
    assert rows["total"]["inspected"] == 18
    for short in ("Nghị quyết Trung ương 6", "Nghị quyết Trung ương 7", "Nghị quyết Trung ương 8"):
        resolution = topic_row(rows, short)
        assert resolution["sessions"] >= 10
        assert 90 <= resolution["rate"] < 100

    # Who organized them: base organizations and the district for the book, cells and
    # base organizations for the yearly topic.
    sessions = StudySession.objects.in_year(2023)
    book_levels = set(sessions.filter(topic__kind="work").values_list("organizer__kind__level"))
    assert book_levels == {(Level.SUPERIOR,), (Level.BASE,)}
    yearly_sessions = sessions.filter(topic__short_title=YEARLY_2023)
    assert not yearly_sessions.filter(organizer__kind__level=Level.SUPERIOR).exists()
    assert yearly_sessions.filter(organizer__kind__level=Level.BELOW_BASE).exists()

    # The propaganda board's checks: 18 distinct base organizations, no violation.
    checks = Inspection.objects.in_year(2023).filter(study_topics__isnull=False).distinct()
    assert checks.count() == 2
    for check in checks:
        assert check.performer.code == "TS"
        assert check.body == PerformingBody.BOARD
        assert check.kind == "compliance"
        assert "Chuyên đề năm 2023" in check.content
        check.full_clean()
    subjects = InspectionSubject.objects.filter(event__in=checks)
    assert subjects.members().count() == 0
    assert subjects.values("organization").distinct().count() == 18
    assert set(subjects.values_list("organization__kind__level", flat=True)) == {Level.BASE}
    assert set(subjects.values_list("conclusion", flat=True)) == {"no_violation"}
    assert subjects.filter(organization__code=LISTING_COMMITTEE).exists()
    for subject in subjects.select_related("event__performer", "organization"):
        subject.full_clean()


def check_the_other_years():
    for year, (short, low, high) in OTHER_YEARS.items():
        rows = table(year, within=district())
        yearly = rows[short]
        assert 180 <= yearly["sessions"] <= 240, year
        assert low <= yearly["rate"] <= high, (year, yearly["rate"])
        assert 0 < yearly["inspected"] < 18
        assert yearly["attendee_visits"] > yearly["member_visits"]
    assert topic_row(table(2021), "Nghị quyết Trung ương 4")["sessions"] == 63
    assert topic_row(table(2022), "Nghị quyết Trung ương 5")["sessions"] == 63
    rows_2024 = table(2024)
    assert topic_row(rows_2024, "Nghị quyết Trung ương 8")["sessions"] > 0
    assert rows_2024["total"]["inspected"] > 0
    rows_2025 = table(2025)
    assert rows_2025["Chuyên đề năm 2024"]["sessions"] > 0

    topics = {t.short_title: t for t in StudyTopic.objects.all()}
    for topic in topics.values():
        topic.full_clean()
    assert topics["Nghị quyết Trung ương 6 khóa XIII"].document_number == (
        "27-NQ/TW, 28-NQ/TW, 29-NQ/TW"
    )
    assert topics["Nghị quyết Trung ương 8 khóa XIII"].document_number == (
        "43-NQ/TW, 44-NQ/TW, 45-NQ/TW"
    )
    assert topics[YEARLY_2023].title == (
        "Xây dựng văn hóa, con người An Giang theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    book = StudyTopic.objects.get(title__startswith=BOOK)
    assert (book.kind, book.issuing_body, book.year) == (
        "work",
        "Tổng Bí thư Nguyễn Phú Trọng",
        2023,
    )
    own = StudyTopic.objects.filter(kind="committee_resolution")
    assert own.count() == 2
    assert set(own.values_list("issuing_body", "term")) == {
        ("Huyện ủy Thoại Sơn", "nhiệm kỳ 2020 - 2025")
    }


def check_the_sessions():
    sessions = list(StudySession.objects.select_related("topic", "organizer").order_by("pk"))
    for session in sessions:
        assert session.member_visits <= session.members_expected <= session.members_counted
        assert session.member_visits <= session.attendee_visits
        assert session.held_on <= RECORDS_UNTIL
        if session.members_expected < session.members_counted:
            # Corrected: the district's conferences for those it called, and the late
            # sessions for those still to study a yearly topic.
            assert session.organizer.code == "TS" or session.note == LATE_NOTE, session.pk
        if session.format == SessionFormat.ONLINE:
            assert session.connected_points
        session.full_clean()
    assert any(s.format == SessionFormat.ONLINE for s in sessions)

    # The counts are the app's own (a sample, and every district session).
    sample = random.Random(0).sample(sessions, 60) + [
        s for s in sessions if s.organizer.code == "TS"
    ]
    for session in sample:
        assert session.members_counted == session.count_expected_members(), session.pk

    # Listed sessions: one row per expected member with their cell; counts from the rows.
    listed = StudySession.objects.filter(has_attendance_list=True).select_related("organizer")
    assert listed.count() == 26  # Vọng Thê's 13 cells in 2023 and 2024
    for session in listed:
        rows = list(session.attendance.all())
        roster = expected_memberships(session.organizer, session.held_on)
        assert {(r.member_id, r.organization_id) for r in rows} == {
            (m.member_id, m.organization_id) for m in roster
        }
        assert session.members_expected == session.members_counted == len(rows)
        assert session.member_visits == sum(r.present for r in rows)
        assert session.organizer.code.startswith(LISTING_COMMITTEE)
        assert session.topic.kind == "yearly_topic"
    vong_the = PartyOrganization.objects.get(code=LISTING_COMMITTEE)
    in_vong_the_2023 = StudySession.objects.in_year(2023).filter(
        topic__short_title=YEARLY_2023, organizer__path__startswith=vong_the.path
    )
    assert not in_vong_the_2023.filter(has_attendance_list=False).exists()
    assert Attendance.objects.filter(present=False).exclude(note="").exists()


def check_the_clerk_sees_who_missed(client):
    clerk = get_user_model().objects.get(username="vongthe")
    assert clerk.home_organization.code == LISTING_COMMITTEE
    yearly = table(2023, user=clerk)[YEARLY_2023]
    assert yearly["listed_sessions"] == 13
    assert yearly["missed"] == YEARLY[2023].listed_absent == 5
    topic = StudyTopic.objects.get(short_title=YEARLY_2023)
    missed = (
        Attendance.objects.visible_to(clerk)
        .filter(session__topic=topic, session__held_on__year=2023)
        .missed()
        .one_per_member()
        .select_related("member")
    )
    assert missed.count() == 5
    client.force_login(clerk)
    response = client.get(reverse("studies:missed"), {"topic": topic.pk, "year": 2023})
    assert response.status_code == 200
    page = response.content.decode()
    for row in missed:
        assert row.member.given_name in page


def check_the_oversight_figures_stay():
    admin = UserFactory(is_superuser=True)
    rows = {(r.work, r.level): r for r in oversight_statistics(admin, 2023, district())}
    assert rows["inspection", Level.SUPERIOR].value("organizations") == 6
    for key, figures in OVERSIGHT_2023.items():
        for figure, value in figures.items():
            assert rows[key].value(figure) == value, (key, figure)


def test_demo_study_matches_the_article_and_loads_once(client):
    run_demo()
    check_the_2023_article()
    check_the_other_years()
    check_the_sessions()
    check_the_clerk_sees_who_missed(client)
    check_the_oversight_figures_stay()

    before = counts()
    figures = {
        year: {name: [values.get(f) for f in FIGURES] for name, values in table(year).items()}
        for year in (2021, 2022, 2023, 2024, 2025)
    }
    run_demo()
    assert counts() == before
    assert figures == {
        year: {name: [values.get(f) for f in FIGURES] for name, values in table(year).items()}
        for year in figures
    }
