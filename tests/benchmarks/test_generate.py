"""The benchmark generator writes records the app treats as real ones.

A tiny province (300 members) is generated into the test database with foreign keys
checked; the tests compare it with what the models themselves compute.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse

from apps.closing.locks import YearClosedError
from apps.closing.models import YearApproval, approvable_organizations
from apps.core.text import person_sort_key
from apps.members.models import (
    Candidate,
    MemberEvent,
    MemberRating,
    Membership,
    MemberStatus,
    PartyMember,
)
from apps.mobilization.models import MobilizationModel
from apps.organizations.models import PartyOrganization, path_segment
from apps.oversight.models import Inspection, InspectionSubject, Supervision
from apps.studies.models import Attendance, StudySession, StudyTopic
from benchmarks.generate import APPROVED_YEARS, generate, sample_records

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL"),
]

MEMBERS = 300


@pytest.fixture
def counts():
    return generate(MEMBERS, seed=7, check_references=True)


def test_counts_by_table_in_proportion(counts):
    assert counts["members_partymember"] == MEMBERS == PartyMember.objects.count()
    organizations = PartyOrganization.objects.values("kind__code").annotate(n=Count("pk"))
    by_kind = {row["kind__code"]: row["n"] for row in organizations}
    assert by_kind["province"] == 1
    assert by_kind["district"] == 1
    assert by_kind.get("base-committee", 0) + by_kind.get("base-cell", 0) == MEMBERS // 100
    assert by_kind["cell"] >= 5 * by_kind.get("base-committee", 0)
    # One creation row in the history per member and per membership.
    assert counts["members_historicalpartymember"] == MEMBERS
    assert counts["members_historicalmembership"] == counts["members_membership"] > MEMBERS
    # Ratings for most of ten years, two or more events per member.
    assert 4 * MEMBERS < counts["members_memberrating"] < 10 * MEMBERS
    assert 2 * MEMBERS <= counts["members_memberevent"] < 3 * MEMBERS
    listed = StudySession.objects.filter(has_attendance_list=True).count()
    assert 0 < listed < StudySession.objects.count() / 4
    for table in ["oversight_inspectionsubject", "oversight_supervisionsubject",
                  "mobilization_modelrecognition", "results_target", "members_position",
                  "members_candidate", "members_badge", "studies_attendance"]:  # fmt: skip
        assert counts[table] > 0, table
    assert get_user_model().objects.filter(username__startswith="bench_").count() == 4 + 3


def test_closed_years_are_approved_as_a_province_would(counts):
    """Every approvable organization approved each closed year; a few were reopened and
    approved again; and the app then refuses a change in those years."""
    approvals = YearApproval.objects.all()
    current = approvals.current()
    assert counts["closing_yearapproval"] == approvals.count()
    assert current.count() == approvable_organizations().count() * len(APPROVED_YEARS)
    assert set(current.values_list("year", flat=True)) == set(APPROVED_YEARS)
    for reopened in approvals.filter(reopened_at__isnull=False):
        again = current.get(organization=reopened.organization_id, year=reopened.year)
        assert reopened.approved_at < reopened.reopened_at < again.approved_at
    closed = MemberRating.objects.filter(year=APPROVED_YEARS[-1]).first()
    closed.grade = "excellent" if closed.grade != "excellent" else "good"
    with pytest.raises(YearClosedError):
        closed.save()


def test_derived_fields_are_the_models_own(counts):
    for member in PartyMember.objects.all():
        assert member.name_sort_key == person_sort_key(member.given_name, member.family_name)
        stored = member.search_text
        member.refresh_derived_fields()
        assert member.search_text == stored
    for organization in PartyOrganization.objects.select_related("commune", "parent"):
        stored = (organization.search_text, organization.name_sort_key)
        organization.refresh_derived_fields()
        assert (organization.search_text, organization.name_sort_key) == stored
        parent_path = organization.parent.path if organization.parent else ""
        assert organization.path == parent_path + path_segment(organization.pk)
    # Records whose save() computes columns: saving changes none of them.
    samples = [
        (Inspection, ["search_text", "performing_level"]),
        (Supervision, ["search_text", "performing_level"]),
        (StudySession, ["search_text"]),
        (StudyTopic, ["search_text"]),
        (MobilizationModel, ["search_text", "name_sort_key", "level"]),
        (Candidate, ["search_text", "name_sort_key"]),
    ]
    for model, fields in samples:
        for record in model.objects.order_by("pk")[:20]:
            before = [getattr(record, name) for name in fields]
            record.save()
            record.refresh_from_db()
            assert [getattr(record, name) for name in fields] == before, model


def test_memberships_events_and_counts_agree(counts):
    active = PartyMember.objects.filter(status__in=MemberStatus.active())
    open_periods = Membership.objects.filter(ended_on__isnull=True)
    # Exactly one open membership, and it is in the member's cell.
    checked = active.annotate(
        open=Count("memberships", filter=Q(memberships__ended_on__isnull=True)),
        here=Count(
            "memberships",
            filter=Q(memberships__ended_on__isnull=True, memberships__organization=F("cell")),
        ),
    )
    assert not checked.exclude(open=1, here=1).exists()
    assert open_periods.count() == active.count()
    for member in PartyMember.objects.all():
        periods = list(member.memberships.order_by("started_on"))
        assert periods[0].started_on == member.admitted_on
        assert periods[-1].organization_id == member.cell_id
        assert periods[-1].ended_on == member.left_on
        assert member.events.filter(kind=MemberEvent.Kind.ADMISSION).count() == 1
        days = list(
            member.events.order_by("recorded_at", "pk").values_list("happened_on", flat=True)
        )
        assert days == sorted(days)
        if member.left_on:
            assert member.events.exclude(kind__in=["admission", "recognition", "transfer"]).exists()
    # A listed session's counts come from its list; any session's count is the model's.
    for session in StudySession.objects.order_by("pk")[:40]:
        expected = session.count_expected_members()
        assert session.members_expected == session.members_counted == expected, session.pk
        if session.has_attendance_list:
            rows = Attendance.objects.filter(session=session)
            assert rows.count() == expected
            assert rows.filter(present=True).count() == session.member_visits
    for subject in InspectionSubject.objects.filter(member__isnull=False)[:40]:
        stored = (subject.organization_id, subject.committee_level, subject.was_key_cadre)
        subject.take_snapshot()
        assert (subject.organization_id, subject.committee_level, subject.was_key_cadre) == stored


def test_model_validation_passes_on_samples(counts):
    from django.apps import apps

    labels = {"members", "oversight", "studies", "mobilization", "results", "organizations"}
    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in labels or model.__name__.startswith("Historical"):
            continue
        for record in model._default_manager.order_by("pk")[:12]:
            record.full_clean()
            checked += 1
    assert checked > 150


def test_sequences_reset_and_pages_render(counts):
    records = sample_records()
    cell = PartyOrganization.objects.get(pk=records["cell"])
    new_cell = PartyOrganization.objects.create(
        code="AG-NEW-01", name="Chi bộ ấp Mới", kind=cell.kind, parent=cell.parent
    )
    assert new_cell.pk > max(records["cell"], records["base_committee"])
    member = PartyMember.objects.get(pk=records["member"])
    MemberRating.objects.filter(member=member, year=2025).delete()
    assert MemberRating.objects.create(member=member, year=2025, grade="good").pk
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="bench_office"))
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert member.family_name in response.content.decode() or member.given_name in (
        response.content.decode()
    )
    for organization in (records["root"], records["district"]):
        response = client.get(reverse("results:review"), {"year": 2025, "within": organization})
        assert response.status_code == 200
        assert "NQ/" in response.content.decode()  # the resolution whose targets are shown
    response = client.get(reverse("studies:session-detail", args=[records["session"]]))
    assert response.status_code == 200
