"""A file with one bad row writes nothing, and each error names its row and column."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.models import PendingImport
from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind
from apps.members.models import MemberRating
from apps.studies.models import StudySession

from .conftest import csv_text

pytestmark = pytest.mark.django_db


def session_row(topic, organizer="TS-VTH-01", **cells):
    return {
        "topic_uid": str(topic.uid), "organizer_code": organizer, "held_on": "01/02/2023",
        "format": "in_person", "attendee_visits": "5", "member_visits": "3",
        "members_expected": "3", "members_counted": "0", "has_attendance_list": "0", **cells,
    }  # fmt: skip


@pytest.fixture
def bad_sessions(everything):
    yearly = everything["yearly"]
    return csv_text(
        "study_sessions",
        [
            session_row(yearly),
            session_row(yearly, topic_uid=str(uuid.uuid4())),
            session_row(yearly, held_on="31/02/2023"),
            session_row(yearly, organizer="TS-OE-01"),
            session_row(yearly, member_visits="9", attendee_visits="10"),
            session_row(yearly, organizer="TS"),
            session_row(yearly, uid=str(everything["oc_eo_yearly"].uid), note="đổi"),
        ],
    )


EXPECTED = {
    (3, "topic_uid"),
    (4, "held_on"),
    (5, "organizer_code"),
    (6, "member_visits"),
    (7, "organizer_code"),
    (8, "uid"),
}


def test_the_preview_names_row_and_column_and_nothing_is_written(clerk_client, bad_sessions):
    before = StudySession.objects.count()
    upload = SimpleUploadedFile("s.csv", bad_sessions.encode("utf-8-sig"), content_type="text/csv")
    url = reverse("exchange:import", args=["study_sessions"])
    report = clerk_client.post(url, {"file": upload}, follow=True).context["report"]
    assert {(number, header) for number, header, _message in report.errors} == EXPECTED
    assert report.counts["create"] == 1  # the good row would have been created
    pending = PendingImport.objects.get()
    confirm = clerk_client.post(
        reverse("exchange:import-preview", args=["study_sessions", pending.pk])
    )
    assert confirm.status_code == 200
    assert not confirm.context["report"].applied
    assert StudySession.objects.count() == before


def test_the_command_lists_the_errors_and_fails(vong_the_clerk, bad_sessions, tmp_path):
    path = tmp_path / "study_sessions.csv"
    path.write_text(bad_sessions, encoding="utf-8")
    before = StudySession.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 errors; nothing was written"):
        call_command(
            "import_csv", "study_sessions", str(path), "--user", "vongthe",
            stdout=io.StringIO(), stderr=err, verbosity=0,
        )  # fmt: skip
    lines = err.getvalue().splitlines()
    for number, header in EXPECTED:
        assert any(line.startswith(f"row {number}: {header}: ") for line in lines), (number, header)
    assert StudySession.objects.count() == before


def test_uniques_hold_across_the_rows_of_a_file(everything, superuser):
    an = everything["first"].subjects.get(member__given_name="An").member
    rating = MemberRating.objects.get(member=an, year=2023)
    text = csv_text(
        "member_ratings",
        [
            {"member_uid": str(an.uid), "year": "2021", "grade": "good"},
            {"member_uid": str(an.uid), "year": "2021", "grade": "excellent"},
            {"uid": str(rating.uid), "member_uid": str(an.uid), "year": "2023", "grade": "good"},
            {"uid": str(rating.uid), "member_uid": str(an.uid), "year": "2023", "grade": "good"},
        ],
    )
    importer = KindImporter.for_kind(get_kind("member_ratings"))(superuser)
    report = importer.run(text.encode(), commit=True)
    assert {(number, header) for number, header, _message in report.errors} == {
        (3, "member_uid, year"),
        (5, "uid"),
    }
    assert not MemberRating.objects.filter(year=2021).exists()


def test_values_that_do_not_parse(everything, superuser):
    an = everything["first"].subjects.get(member__given_name="An").member
    text = csv_text(
        "badges",
        [
            {
                "uid": "not-a-uid",
                "member_uid": str(an.uid),
                "years": "40",
                "awarded_on": "03/02/2024",
            },
            {"member_uid": str(an.uid), "years": "bốn mươi", "awarded_on": "03/02/2024"},
            {"member_uid": str(an.uid), "years": "35", "awarded_on": "03/02/2024"},
            {"member_uid": "", "years": "40", "awarded_on": "2024"},
        ],
    )
    report = KindImporter.for_kind(get_kind("badges"))(superuser).run(text.encode(), commit=True)
    assert {(number, header) for number, header, _message in report.errors} == {
        (2, "uid"),
        (3, "years"),
        (4, "years"),  # not a badge year: the model's choices
        (5, "awarded_on"),
    }
    assert report.applied is False


def test_a_blank_required_reference_is_named(everything, superuser):
    text = csv_text("badges", [{"member_uid": "", "years": "40", "awarded_on": "03/02/2024"}])
    report = KindImporter.for_kind(get_kind("badges"))(superuser).run(text.encode(), commit=False)
    assert [(number, header) for number, header, _message in report.errors] == [(2, "member_uid")]


def test_a_refusal_while_writing_becomes_the_rows_error(everything, superuser):
    """Signals that refuse a change (closed years) are met while the file is checked."""
    from django.core.exceptions import ValidationError
    from django.db.models.signals import pre_save

    from apps.members.models import Badge

    def refuse(sender, instance, **kwargs):
        if instance.years == 40:
            raise ValidationError("Năm đã khóa sổ.")

    an = everything["first"].subjects.get(member__given_name="An").member
    text = csv_text(
        "badges",
        [
            {"member_uid": str(an.uid), "years": "30", "awarded_on": "03/02/2024"},
            {"member_uid": str(an.uid), "years": "40", "awarded_on": "03/02/2024"},
        ],
    )
    pre_save.connect(refuse, sender=Badge, dispatch_uid="test-refuse")
    try:
        importer = KindImporter.for_kind(get_kind("badges"))(superuser)
        report = importer.run(text.encode(), commit=False)
        assert report.errors == [(3, "", "Năm đã khóa sổ.")]
        report = KindImporter.for_kind(get_kind("badges"))(superuser).run(
            text.encode(), commit=True
        )
        assert not report.applied
    finally:
        pre_save.disconnect(sender=Badge, dispatch_uid="test-refuse")
    assert not Badge.objects.filter(member=an).exists()
