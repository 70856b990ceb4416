"""A closed year refuses every path of change, with the message, and writes nothing.

Forms (create, edit, delete, lifecycle actions, attendance lists), imports (preview and
apply), the admin (change and add pages), the command line; and after reopening, the
same changes go through.
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.closing.services import reopen_year
from apps.core.models import PendingImport
from apps.members.models import MemberEvent, MemberRating, Membership, PartyMember
from apps.mobilization.models import MobilizationModel, ModelRecognition
from apps.oversight.models import Inspection
from apps.studies.models import Attendance, StudySession
from tests.factories import member
from tests.helpers import post_form
from tests.oversight.conftest import inspection
from tests.studies.conftest import session, topic

from .conftest import names_the_approval

pytestmark = pytest.mark.django_db
D = datetime.date


def form_errors(response):
    """Every error the page's form shows."""
    form = response.context["form"]
    return [str(error) for errors in form.errors.values() for error in errors]


def refused_on_page(response) -> bool:
    """The page answered with the form again, its errors naming the approval."""
    return response.status_code == 200 and any(
        names_the_approval(error) for error in form_errors(response)
    )


@pytest.fixture
def yearly(tree):
    return topic(tree["district"], year=2023, short_title="Chuyên đề năm 2023")


@pytest.fixture
def held(tree, yearly, people):
    """Vọng Thê's 2023 session (counted: 4 members expected) and its 2024 session."""
    return {
        year: session(yearly, tree["vong_the"], D(year, 3, 10), attendee_visits=5,
                      member_visits=0)
        for year in (2023, 2024)
    }  # fmt: skip


def session_data(row, **values):
    data = {
        "topic": row.topic_id, "organizer": row.organizer_id,
        "held_on": row.held_on.strftime("%d/%m/%Y"), "title": row.title, "format": row.format,
        "attendee_visits": row.attendee_visits, "member_visits": row.member_visits,
        "members_expected": row.members_expected, "note": row.note,
    }  # fmt: skip
    data.update(values)
    return data


# --- forms -------------------------------------------------------------------------------


def test_editing_a_session_of_a_closed_year_is_refused(staff_client, tree, held, close):
    close(tree["district"], 2023)
    url = reverse("studies:session-update", args=[held[2023].pk])
    page = staff_client.get(url)
    assert names_the_approval(page.context["closed_notice"])
    response = staff_client.post(url, session_data(held[2023], title="Sửa lại"))
    assert refused_on_page(response)
    assert StudySession.objects.get(pk=held[2023].pk).title == ""


def test_a_session_cannot_be_moved_into_a_closed_year(staff_client, tree, held, close):
    close(tree["district"], 2023)
    url = reverse("studies:session-update", args=[held[2024].pk])
    assert staff_client.get(url).context["closed_notice"] is None
    response = post_form(staff_client, url, session_data(held[2024], held_on="10/12/2023"))
    assert refused_on_page(response)
    assert StudySession.objects.get(pk=held[2024].pk).held_on == D(2024, 3, 10)
    response = post_form(staff_client, url, session_data(held[2024], title="Sửa lại"))
    assert response.status_code == 302
    assert StudySession.objects.get(pk=held[2024].pk).title == "Sửa lại"


def test_creating_a_session_in_a_closed_year_is_refused(staff_client, tree, held, close):
    close(tree["vong_the"], 2023)
    url = reverse("studies:session-create")
    response = staff_client.post(url, session_data(held[2023], held_on="01/12/2023"))
    assert refused_on_page(response)
    assert not StudySession.objects.filter(held_on=D(2023, 12, 1)).exists()
    # Óc Eo's 2023 is not closed by Vọng Thê's approval.
    data = session_data(held[2023], organizer=tree["oc_eo"].pk, held_on="01/12/2023")
    assert staff_client.post(url, data).status_code == 302


def test_deleting_a_session_of_a_closed_year_is_refused(staff_client, tree, held, close):
    close(tree["district"], 2023)
    url = reverse("studies:session-delete", args=[held[2023].pk])
    page = staff_client.get(url)
    assert names_the_approval(page.context["closed_message"])
    assert '<button type="submit" class="danger">' not in page.content.decode()
    response = post_form(staff_client, url, follow=True)
    assert names_the_approval(" ".join(str(m) for m in response.context["messages"]))
    assert StudySession.objects.filter(pk=held[2023].pk).exists()
    open_year = staff_client.get(reverse("studies:session-delete", args=[held[2024].pk]))
    assert '<button type="submit" class="danger">' in open_year.content.decode()


def test_a_members_rating_of_a_closed_year_can_be_neither_added_nor_deleted(
    staff_client, tree, close, people
):
    rating = MemberRating.objects.create(member=people["an"], year=2023, grade="good")
    close(tree["vong_the"], 2023)
    url = reverse("members:rating-create", args=[people["bao"].pk])
    assert refused_on_page(post_form(staff_client, url, {"year": 2023, "grade": "excellent"}))
    assert not MemberRating.objects.filter(member=people["bao"]).exists()
    response = post_form(staff_client, reverse("members:rating-delete", args=[rating.pk]))
    assert response.url == people["an"].get_absolute_url()
    assert MemberRating.objects.filter(pk=rating.pk).exists()
    assert post_form(staff_client, url, {"year": 2024, "grade": "good"}).status_code == 302


def test_the_detail_page_says_the_record_is_closed(staff_client, tree, held, close):
    close(tree["district"], 2023)
    page = staff_client.get(held[2023].get_absolute_url())
    assert names_the_approval(page.context["closed_notice"])
    assert "data-closed" in page.content.decode()
    assert staff_client.get(held[2024].get_absolute_url()).context["closed_notice"] is None


def test_an_inspection_of_a_closed_year_can_be_neither_created_nor_edited(
    staff_client, tree, close
):
    event = inspection(tree["vong_the"], D(2023, 5, 2), content="Kiểm tra chấp hành")
    close(tree["district"], 2023)
    data = {
        "performer": tree["vong_the"].pk, "body": "standing_committee", "kind": "compliance",
        "started_on": "02/06/2023", "content": "Kiểm tra chấp hành",
    }  # fmt: skip
    response = staff_client.post(reverse("oversight:inspection-create"), data)
    assert refused_on_page(response)
    update = reverse("oversight:inspection-update", args=[event.pk])
    response = staff_client.post(update, {**data, "started_on": "02/05/2023", "summary": "Tốt"})
    assert refused_on_page(response)
    assert list(Inspection.objects.values_list("summary", flat=True)) == [""]


def test_the_attendance_list_of_a_closed_session_is_refused(
    staff_client, tree, held, close, people
):
    close(tree["vong_the"], 2023)
    url = reverse("studies:session-attendance", args=[held[2023].pk])
    response = post_form(staff_client, url, {"attendee_visits": 5, "present": [people["an"].pk]})
    assert refused_on_page(response)
    assert not Attendance.objects.exists()
    held[2023].refresh_from_db()
    assert not held[2023].has_attendance_list


def test_a_members_profile_stays_editable_but_not_the_admission_decision(staff_client, tree, close):
    admitted = member(tree["vong_the_1"], admitted_on="2023-04-02", card_number="093100")
    close(tree["vong_the"], 2023)
    url = reverse("members:update", args=[admitted.pk])
    page = staff_client.get(url)
    assert names_the_approval(page.context["closed_notice"])
    data = {"family_name": "Nguyễn Văn", "given_name": "An", "gender": "male",
            "card_number": "093100", "notes": "Bổ sung lý lịch"}  # fmt: skip
    assert post_form(staff_client, url, data).status_code == 302
    response = post_form(staff_client, url, {**data, "admission_decided_on": "20/03/2023"})
    assert refused_on_page(response)
    admitted.refresh_from_db()
    assert (admitted.notes, admitted.admission_decided_on) == ("Bổ sung lý lịch", None)


# --- lifecycle actions -----------------------------------------------------------------


def test_admitting_a_member_on_a_closed_date_is_refused(staff_client, tree, close):
    close(tree["vong_the"], 2023)
    data = {"cell": tree["vong_the_1"].pk, "admitted_on": "02/03/2023",
            "family_name": "Phạm Văn", "given_name": "Đông", "gender": "male"}  # fmt: skip
    response = staff_client.post(reverse("members:admit"), data)
    assert refused_on_page(response)
    assert not PartyMember.objects.filter(given_name="Đông").exists()
    response = staff_client.post(reverse("members:admit"), {**data, "admitted_on": "02/03/2024"})
    assert response.status_code == 302


def test_transferring_a_member_on_a_closed_date_is_refused(staff_client, tree, close, people):
    close(tree["vong_the"], 2023)
    url = reverse("members:transfer", args=[people["an"].pk])
    response = post_form(staff_client, url, {"to_cell": tree["oc_eo_1"].pk, "on": "01/07/2023"})
    assert refused_on_page(response)
    people["an"].refresh_from_db()
    assert people["an"].cell == tree["vong_the_1"]
    assert Membership.objects.filter(member=people["an"]).count() == 1
    assert not MemberEvent.objects.filter(member=people["an"], kind="transfer").exists()
    response = post_form(staff_client, url, {"to_cell": tree["oc_eo_1"].pk, "on": "01/07/2024"})
    assert response.status_code == 302


# --- imports -----------------------------------------------------------------------------

MEMBERS_CSV = (
    "Họ và tên;Giới tính;Số thẻ Đảng;Mã chi bộ;Ngày vào Đảng;Ngày chính thức;Tình trạng\n"
    "Nguyễn Như Anh;Nam;00012345;TS-VTH-01;03/02/1995;03/02/1996;Chính thức\n"
    "Trần Thị Bình;Nữ;00012346;TS-VTH-02;02/03/2023;;Dự bị\n"
)


def upload(client, text=MEMBERS_CSV):
    file = SimpleUploadedFile("dang-vien.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("members:import"), {"file": file}, follow=True)


def report_errors(response):
    return [(number, message) for number, _header, message in response.context["report"].errors]


def test_an_import_into_a_closed_year_is_refused_at_the_preview(staff_client, tree, close):
    """Row 3 is admitted in the closed 2023; row 2 in 1995, but a member since then
    counts in 2023 too: the preview refuses both, as writing them would."""
    close(tree["vong_the"], 2023)
    response = upload(staff_client)
    errors = report_errors(response)
    assert [number for number, _message in errors] == [2, 3]
    assert all(names_the_approval(message) for _number, message in errors)
    pending = PendingImport.objects.get()
    response = staff_client.post(reverse("members:import-preview", args=[pending.pk]))
    assert not response.context["report"].applied
    assert not PartyMember.objects.exists()


def test_a_member_since_before_a_closed_year_may_join_after_it(staff_client, tree, close):
    """Only the years a membership covers count: Óc Eo's approval leaves Vọng Thê open,
    and a member of 1995 is no member in a 1994 that is approved."""
    close(tree["oc_eo"], 2023)
    close(tree["vong_the"], 1994)
    assert report_errors(upload(staff_client)) == []


def test_a_year_closed_after_the_preview_is_refused_at_apply(staff_client, tree, close):
    assert report_errors(upload(staff_client)) == []
    close(tree["vong_the"], 2023)
    pending = PendingImport.objects.get()
    response = staff_client.post(reverse("members:import-preview", args=[pending.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.applied
    assert names_the_approval(report.errors[0][2])
    # All or nothing: the 1995 member of the first row is not kept either.
    assert not PartyMember.objects.exists()
    assert not Membership.objects.exists()


def test_the_command_line_import_ends_with_the_message(tmp_path, tree, close):
    close(tree["district"], 2023)
    path = tmp_path / "members.csv"
    path.write_bytes(MEMBERS_CSV.encode("utf-8"))
    with pytest.raises(CommandError) as refused:
        call_command("import_members", str(path), verbosity=0)
    assert names_the_approval(str(refused.value))
    assert not PartyMember.objects.exists()


def test_subjects_of_a_closed_inspection_are_refused_at_the_preview(
    staff_client, tree, close, people
):
    event = inspection(tree["district"], D(2024, 3, 1))
    close(tree["vong_the"], 2024)
    text = "Mã;Số thẻ đảng viên;Đảng viên;Kết luận\nTS-OE;;;\n;093001;;\n"
    file = SimpleUploadedFile("doi-tuong.csv", text.encode("utf-8"), content_type="text/csv")
    url = reverse("oversight:inspection-subject-import", args=[event.pk])
    response = staff_client.post(url, {"file": file}, follow=True)
    # Óc Eo may still be added; An, of Vọng Thê, falls in Vọng Thê's closed 2024.
    errors = report_errors(response)
    assert [number for number, _message in errors] == [3]
    assert names_the_approval(errors[0][1])
    assert not event.subjects.exists()


def exported_sessions_with_new_titles():
    """The sessions' CSV as exported, every title changed."""
    out = io.StringIO()
    call_command("export_csv", "study_sessions", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    for row in rows:
        row["title"] = f"Sửa lại {row['held_on']}"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def test_import_csv_into_a_closed_year_writes_nothing(tmp_path, tree, held, close):
    path = tmp_path / "study_sessions.csv"
    path.write_text(exported_sessions_with_new_titles(), encoding="utf-8")
    close(tree["district"], 2023)
    with pytest.raises(CommandError) as refused_import:
        call_command("import_csv", "study_sessions", str(path), verbosity=0,
                     stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert str(refused_import.value).startswith("1 errors; nothing was written")
    assert names_the_approval(str(refused_import.value))
    # All or nothing: the open 2024 session keeps its title too.
    assert set(StudySession.objects.values_list("title", flat=True)) == {""}


def test_the_csv_page_shows_the_refusal_on_the_closed_row(staff_client, tree, held, close):
    text = exported_sessions_with_new_titles()
    close(tree["district"], 2023)
    file = SimpleUploadedFile("study_sessions.csv", text.encode("utf-8"), content_type="text/csv")
    url = reverse("exchange:import", args=["study_sessions"])
    response = staff_client.post(url, {"file": file}, follow=True)
    errors = report_errors(response)
    assert len(errors) == 1
    assert names_the_approval(errors[0][1])
    assert set(StudySession.objects.values_list("title", flat=True)) == {""}


# --- the admin -----------------------------------------------------------------------------


def test_the_admin_shows_a_closed_record_read_only(client, superuser, tree, held, close):
    close(tree["district"], 2023)
    client.force_login(superuser)
    url = reverse("admin:studies_studysession_change", args=[held[2023].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert names_the_approval(" ".join(str(m) for m in page.context["messages"]))
    response = client.post(url, session_data(held[2023], title="Sửa lại"))
    assert response.status_code == 403
    delete = reverse("admin:studies_studysession_delete", args=[held[2023].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert StudySession.objects.get(pk=held[2023].pk).title == ""
    # The open year's record stays editable.
    other = client.get(reverse("admin:studies_studysession_change", args=[held[2024].pk]))
    assert other.context["has_change_permission"]


def test_the_admin_refuses_to_add_a_record_into_a_closed_year(client, superuser, tree, held, close):
    close(tree["district"], 2023)
    client.force_login(superuser)
    data = session_data(held[2023], held_on="01/12/2023", members_expected=4)
    data.update({"attendance-TOTAL_FORMS": 0, "attendance-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:studies_studysession_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any(names_the_approval(error) for error in errors)
    assert not StudySession.objects.filter(held_on=D(2023, 12, 1)).exists()


def test_an_admin_inline_row_of_a_closed_year_is_refused(client, superuser, tree, close):
    model = MobilizationModel.objects.create(
        name="Dân vận khéo trong xây dựng nông thôn mới", organization=tree["vong_the"],
        runner_kind="party", field="economy", registered_year=2021,
    )  # fmt: skip
    recognition = ModelRecognition.objects.create(
        model=model, recognised_on=D(2023, 5, 19), title="Giấy khen"
    )
    close(tree["vong_the"], 2023)
    client.force_login(superuser)
    url = reverse("admin:mobilization_mobilizationmodel_change", args=[model.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({
        "record_fingerprint": form.fingerprint,
        "renewals-TOTAL_FORMS": 0, "renewals-INITIAL_FORMS": 0,
        "recognitions-TOTAL_FORMS": 1, "recognitions-INITIAL_FORMS": 1,
        "recognitions-0-id": recognition.pk, "recognitions-0-model": model.pk,
        "recognitions-0-recognised_on": "19/05/2023", "recognitions-0-title": "Bằng khen",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    errors = [
        str(e)
        for f in response.context["inline_admin_formsets"][1].formset
        for e in f.non_field_errors()
    ]
    assert any(names_the_approval(error) for error in errors)
    # Deleting the row is refused too, and the page says why.
    data.update({"recognitions-0-title": "Giấy khen", "recognitions-0-DELETE": "on"})
    response = client.post(url, data, follow=True)
    assert names_the_approval(" ".join(str(m) for m in response.context["messages"]))
    recognition.refresh_from_db()
    assert recognition.title == "Giấy khen"


# --- reopening -----------------------------------------------------------------------------


def test_after_reopening_everything_is_editable_again(staff_client, tree, held, close, leader):
    approval = close(tree["district"], 2023)
    reopen_year(approval, by=leader, reason="Bổ sung buổi học tập")
    url = reverse("studies:session-update", args=[held[2023].pk])
    assert staff_client.get(url).context["closed_notice"] is None
    response = post_form(staff_client, url, session_data(held[2023], title="Sửa lại"))
    assert response.status_code == 302
    assert StudySession.objects.get(pk=held[2023].pk).title == "Sửa lại"
