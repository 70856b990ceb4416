"""`manage.py demo` loads the inspections and supervisions behind the 2023 article, once.

The demo takes seconds to load, so a single test loads it and checks everything.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from apps.members.demo import RECORDS_UNTIL
from apps.members.models import Discipline
from apps.organizations.models import PartyOrganization
from apps.oversight.models import (
    Inspection,
    InspectionSubject,
    Level,
    Supervision,
    SupervisionSubject,
    member_snapshots,
)
from apps.oversight.statistics import oversight_statistics
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [Inspection, InspectionSubject, Supervision, SupervisionSubject, Discipline]
FIGURES = ["organizations", "members", "key_cadres", "base_committee_members"]
# "Huyện ủy kiểm tra 6 tổ chức Đảng, 20 cán bộ chủ chốt, giám sát 5 tổ chức Đảng,
# 11 cán bộ. Đảng ủy cơ sở tiến hành kiểm tra 65 chi bộ trực thuộc, 3.226 đảng viên
# (52 cấp ủy viên cơ sở); giám sát 65 chi bộ trực thuộc, 77 đảng viên (41 cấp ủy viên
# cơ sở)."
ARTICLE_2023 = {
    ("inspection", Level.SUPERIOR): {"organizations": 6, "members": 20, "key_cadres": 20},
    ("supervision", Level.SUPERIOR): {"organizations": 5, "members": 11},
    ("inspection", Level.BASE): {
        "organizations": 65,
        "members": 3226,
        "base_committee_members": 52,
    },
    ("supervision", Level.BASE): {
        "organizations": 65,
        "members": 77,
        "base_committee_members": 41,
    },
}
VISITED = {"TS-PH", "TS-OE", "TS-BT", "TS-VTH", "TS-TG"}


def run_demo():
    call_command("demo", "--no-migrate", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def table(year):
    admin = UserFactory(is_superuser=True)
    district = PartyOrganization.objects.get(code="TS")
    return {(row.work, row.level): row for row in oversight_statistics(admin, year, district)}


def check_the_2023_article():
    rows = table(2023)
    for key, figures in ARTICLE_2023.items():
        for figure, value in figures.items():
            assert rows[key].value(figure) == value, (key, figure)
    for row in rows.values():
        assert row.value("organization_violations") == 0
        assert row.value("member_violations") == 0
    assert rows["inspection", Level.BELOW_BASE].value("events") == 0

    # The other 3,174 base-level inspected members sat on no base committee.
    base = InspectionSubject.objects.in_year(2023).filter(event__performing_level=Level.BASE)
    members = base.members()
    assert members.exclude(committee_level=Level.BASE).values("member").distinct().count() == 3174
    assert members.count() == 3226  # each member inspected once
    # Organization subjects are cells strictly under the performing base committees.
    for subject in base.organizations().select_related("organization__kind", "event__performer"):
        assert subject.organization.kind.holds_members
        assert subject.organization.path.startswith(subject.event.performer.path)
        assert subject.organization != subject.event.performer

    # Every subject carries the snapshot of its event's start date (as add_members would).
    for event in Inspection.objects.in_year(2023).filter(performer__code__in=["TS", "TS-OE"]):
        subjects = list(event.subjects.members().select_related("organization"))
        snapshots = member_snapshots([s.member_id for s in subjects], event.started_on)
        for subject in subjects:
            assert snapshots[subject.member_id] == (
                subject.organization_id,
                subject.committee_level,
                subject.was_key_cadre,
            )
            assert subject.organization.path.startswith(event.performer.path)
    for event in Inspection.objects.in_year(2023).filter(performer__code="TS-OE")[:5]:
        event.full_clean()


def check_the_2024_visits():
    visits = Inspection.objects.filter(
        performer__code="TS", body="standing_committee", kind="compliance", started_on__year=2024
    )
    assert visits.count() == 5
    subjects = InspectionSubject.objects.filter(event__in=visits).organizations()
    assert set(subjects.values_list("organization__code", flat=True)) == VISITED
    assert len(set(visits.values_list("decision_number", flat=True))) == 1
    for visit in visits:
        assert datetime.date(2024, 4, 1) <= visit.started_on <= datetime.date(2024, 5, 31)
        assert "Nguyễn Như Anh" in visit.summary
        assert "Đại hội Đảng bộ nhiệm kỳ 2025 - 2030" in visit.content
    assert table(2024)["inspection", Level.BASE].value("members") > 0


def check_2022():
    rows, rows_2023 = table(2022), table(2023)
    for key in ARTICLE_2023:
        assert [rows[key].value(f) for f in FIGURES] != [rows_2023[key].value(f) for f in FIGURES]
    inspection = rows["inspection", Level.SUPERIOR]
    assert inspection.value("member_violations") == 1
    assert inspection.value("members_disciplined") == 1
    violation = InspectionSubject.objects.in_year(2022).violations().get()
    assert violation.event.kind == "signs_of_violation"
    assert violation.event.body == "inspection_commission"
    assert violation.discipline_required
    discipline = violation.discipline
    assert discipline.member_id == violation.member_id
    assert discipline.form == Discipline.Form.REPRIMAND
    assert discipline.decided_on > violation.event.ended_on
    assert discipline.deciding_body == "Ủy ban Kiểm tra Huyện ủy Thoại Sơn"
    assert InspectionSubject.objects.violations().count() == 1
    assert not SupervisionSubject.objects.violations().exists()


def check_the_records_stop_in_time():
    for model in (Inspection, Supervision):
        events = model.objects.all()
        assert not events.filter(started_on__gt=RECORDS_UNTIL).exists()
        assert not events.filter(ended_on__gt=RECORDS_UNTIL).exists()
        assert set(events.dates("started_on", "year")) == {
            datetime.date(year, 1, 1) for year in (2021, 2022, 2023, 2024)
        }


def test_demo_oversight_matches_the_article_and_loads_once():
    run_demo()
    check_the_2023_article()
    check_the_2024_visits()
    check_2022()
    check_the_records_stop_in_time()

    before = counts()
    run_demo()
    assert counts() == before
