"""Importing an event's subjects from CSV: preview, all or nothing, and round trip."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.models import PendingImport
from apps.oversight.models import InspectionSubject
from tests.factories import member

from .conftest import inspection, subject

pytestmark = pytest.mark.django_db
D = datetime.date


def upload(client, event, text, encoding="utf-8-sig"):
    file = SimpleUploadedFile("doi-tuong.csv", text.encode(encoding), content_type="text/csv")
    url = reverse("oversight:inspection-subject-import", args=[event.pk])
    return client.post(url, {"file": file}, follow=True)


def confirm(client, event):
    pending = PendingImport.objects.get()
    url = reverse("oversight:inspection-subject-import-preview", args=[event.pk, pending.pk])
    return client.post(url, follow=True)


def errors(response):
    return [(number, message) for number, _header, message in response.context["report"].errors]


@pytest.fixture
def event(tree):
    return inspection(tree["vong_the"], D(2023, 5, 2))


def test_preview_then_confirm(staff_client, event, people, tree):
    text = (
        "Danh sách đảng viên được kiểm tra\n"
        "Số thẻ Đảng;Họ và tên;Mã chi bộ;Kết luận;Đến mức phải kỷ luật;Ghi chú\n"
        "093001;Nguyễn Văn An;;Co vi pham;x;Chậm đóng đảng phí\n"
        ";Trần Quốc Bảo;TS-VTH-01;;;\n"
        ";;TS-VTH-02;Có hạn chế, khuyết điểm;;\n"
    )
    response = upload(staff_client, event, text)
    assert errors(response) == []
    assert [row.action for row in response.context["report"].rows] == ["create"] * 3
    assert not event.subjects.exists()  # nothing before confirmation

    response = confirm(staff_client, event)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    an = event.subjects.get(member=people["an"])
    assert (an.conclusion, an.discipline_required, an.note) == (
        "violation",
        True,
        "Chậm đóng đảng phí",
    )
    assert an.organization == tree["vong_the_1"]
    assert event.subjects.get(member=people["bao"]).conclusion == "no_violation"
    assert event.subjects.get(organization=tree["vong_the_2"], member=None).conclusion == (
        "shortcomings"
    )

    # The same file again changes nothing; a changed conclusion updates the row.
    upload(staff_client, event, text)
    assert PendingImport.objects.count() == 1
    response = confirm(staff_client, event)
    assert event.subjects.count() == 3
    upload(staff_client, event, text.replace("Co vi pham;x", "Chưa phát hiện vi phạm;"))
    confirm(staff_client, event)
    assert event.subjects.get(member=people["an"]).conclusion == "no_violation"


def test_one_bad_row_saves_nothing(staff_client, event, people, tree):
    member(tree["vong_the_1"], family_name="Trần Quốc", given_name="Bảo")  # a namesake
    text = (
        "Số thẻ đảng viên,Đảng viên,Mã,Kết luận,Đến mức phải kỷ luật\n"
        "093001,,,,\n"
        "093005,,,,\n"  # Em is in Óc Eo, not under Vọng Thê
        "999999,,,,\n"
        ",Trần Quốc Bảo,TS-VTH-01,,\n"
        ",,TS-OE-01,,\n"
        ",,TS-VTH-02,Không rõ,\n"
        "093004,,,Chưa phát hiện vi phạm,x\n"
        "093001,,,,\n"
        ",,,,\n"  # blank rows are skipped
    )
    response = upload(staff_client, event, text)
    numbers = [number for number, _message in errors(response)]
    assert numbers == [3, 4, 5, 6, 7, 8, 9]
    response = confirm(staff_client, event)
    assert not event.subjects.exists()
    assert not InspectionSubject.objects.exists()


def test_exported_subjects_import_back(staff_client, world, people, tree):
    source = world["first"]
    url = reverse("oversight:inspection-subject-list")
    response = staff_client.get(url, {"event": source.pk, "export": "csv"})
    exported = b"".join(response.streaming_content).decode("utf-8")
    copy = inspection(tree["vong_the"], source.started_on, content="Bản sao")
    response = upload(staff_client, copy, exported)
    assert errors(response) == []
    confirm(staff_client, copy)

    def described(event):
        return sorted(
            (str(s.member or ""), s.organization.code, s.conclusion, s.committee_level)
            for s in event.subjects.select_related("member", "organization")
        )

    assert described(copy) == described(source)


def test_a_clerk_cannot_import_into_an_event_they_do_not_perform(clerk_client, world):
    url = reverse("oversight:inspection-subject-import", args=[world["district_inspection"].pk])
    assert clerk_client.get(url).status_code == 404
    file = SimpleUploadedFile("x.csv", b"Ma\nTS-VTH\n", content_type="text/csv")
    assert clerk_client.post(url, {"file": file}).status_code == 404
    assert not PendingImport.objects.exists()


def test_snapshot_comes_from_the_import_date(staff_client, event, people, tree):
    subject(inspection(tree["vong_the"], D(2022, 1, 3)), member=people["an"])
    upload(staff_client, event, "Số thẻ đảng viên;Kết luận\n093001;\n")
    confirm(staff_client, event)
    assert event.subjects.get().organization == tree["vong_the_1"]
