"""CSV import of the register: preview, all-or-nothing, encodings, round trip, scope."""

import datetime
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.models import PendingImport
from apps.members.imports import MemberImporter
from apps.members.models import MemberStatus, PartyMember
from tests.factories import member

pytestmark = pytest.mark.django_db
D = datetime.date

GOOD = (
    "DANH SÁCH ĐẢNG VIÊN\n"
    "Đảng bộ xã Vọng Thê\n"
    "\n"
    "Họ và tên;Giới tính;Sinh ngày;Số thẻ Đảng;Tổ chức Đảng sinh hoạt;Mã chi bộ;"
    "Ngày vào Đảng;Ngày chính thức;Trạng thái hoạt động\n"
    "Nguyễn Như Anh;Nam;01/05/1970;00012345;;TS-VTH-01;03/02/1995;03/02/1996;Chính thức\n"
    "Trần Thị Bình;Nữ;12/12/1999;;Chi bộ Ấp Trung Sơn;;02/03/2023;;Dự bị\n"
)


def to_cp1258(text):
    """Encode as Windows does: letters precomposed (ê, ư …), tones as combining marks."""
    letters, base = [], 0
    for char in unicodedata.normalize("NFD", text):
        if char in "\u0302\u0306\u031b":  # circumflex, breve, horn belong to the letter
            letters[base] = unicodedata.normalize("NFC", letters[base] + char)
        else:
            if not unicodedata.combining(char):
                base = len(letters)
            letters.append(char)
    return "".join(letters).encode("cp1258")


def upload(client, text, encoding="utf-8-sig", name="dang-vien.csv"):
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("members:import"), {"file": file}, follow=True)


def preview_errors(response):
    return [(number, message) for number, _header, message in response.context["report"].errors]


def confirm(client):
    pending = PendingImport.objects.get()
    return client.post(reverse("members:import-preview", args=[pending.pk]), follow=True)


def test_preview_then_confirm(staff_client, tree):
    response = upload(staff_client, GOOD)
    assert response.context["report"].counts == {"create": 2, "update": 0, "unchanged": 0}
    assert not PartyMember.objects.exists()  # nothing before confirmation
    confirm(staff_client)
    anh = PartyMember.objects.get(card_number="00012345")
    assert (anh.family_name, anh.given_name, anh.status) == ("Nguyễn Như", "Anh", "official")
    assert anh.official_on == D(1996, 2, 3)
    assert anh.memberships.get().organization == tree["vong_the_1"]
    assert list(anh.events.values_list("kind", flat=True)) == ["admission", "recognition"]
    binh = PartyMember.objects.get(given_name="Bình")
    assert (binh.cell, binh.status) == (tree["vong_the_2"], MemberStatus.PROBATIONARY)
    assert not PendingImport.objects.exists()


def test_windows_1258_with_commas(staff_client, tree):
    text = GOOD.replace(";", ",")
    response = upload(staff_client, text, encoding="cp1258")
    assert response.context["report"].counts["create"] == 2
    confirm(staff_client)
    assert PartyMember.objects.filter(family_name="Nguyễn Như").exists()


def test_reimport_creates_no_duplicates(staff_client, tree):
    upload(staff_client, GOOD)
    confirm(staff_client)
    response = upload(staff_client, GOOD)
    assert response.context["report"].counts == {"create": 0, "update": 0, "unchanged": 2}
    confirm(staff_client)
    assert PartyMember.objects.count() == 2


def test_bad_rows_are_listed_and_nothing_is_written(staff_client, tree):
    bad = GOOD + (
        "Lê Văn Cường;Nam;31/02/1990;;;TS-VTH-01;01/01/2020;;Chính thức\n"  # bad date
        "Phạm Văn Dũng;Nam;;;Chi bộ Không Có;;01/01/2020;;\n"  # unknown cell
        "Võ Văn Em;Nam;;00012345;;TS-VTH-02;01/01/2021;;\n"  # same card as row 5
    )
    response = upload(staff_client, bad)
    errors = preview_errors(response)
    rows = {number for number, _message in errors}
    assert rows == {7, 8, 9}
    page = response.content.decode()
    assert "Không có bản ghi nào" not in page
    assert "Chi bộ Không Có" in page
    pending = PendingImport.objects.get()
    staff_client.post(reverse("members:import-preview", args=[pending.pk]))
    assert not PartyMember.objects.exists()


def test_a_binary_file_is_refused_with_a_message(staff_client, tree):
    file = SimpleUploadedFile("dang-vien.xlsx", b"PK\x03\x04\x00\x00binary", content_type="x")
    response = staff_client.post(reverse("members:import"), {"file": file}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("members:import")
    assert list(response.context["messages"])
    assert not PartyMember.objects.exists()


def test_round_trip_of_the_export(staff_client, district_staff, tree):
    first = member(
        tree["vong_the_1"],
        family_name="Nguyễn Như",
        given_name="Anh",
        admitted_on="2020-01-15",
        card_number="00000042",
        birth_date=D(1980, 1, 1),
    )
    from apps.members import services

    services.recognise_official(first, on=D(2021, 1, 15))
    second = member(
        tree["oc_eo_1"],
        family_name="Lê Thị",
        given_name="Hoa",
        admitted_on="2019-05-05",
        gender="female",
    )
    services.record_death(second, on=D(2024, 2, 2))
    exported = b"".join(
        staff_client.get(reverse("members:list"), {"export": "csv"}).streaming_content
    )
    report = MemberImporter(district_staff).run(exported, commit=False)
    assert report.errors == []
    assert report.counts == {"create": 0, "update": 0, "unchanged": 2}


def test_a_base_clerk_cannot_import_into_another_commune(clerk_client, tree):
    text = GOOD.replace("TS-VTH-01", "TS-OE-01")
    response = upload(clerk_client, text)
    errors = preview_errors(response)
    assert [number for number, _message in errors] == [5]
    assert "TS-OE-01" in errors[0][1]


def test_command_line_import(tmp_path, tree, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    call_command("import_members", str(path), "--dry-run")
    assert not PartyMember.objects.exists()
    call_command("import_members", str(path))
    assert PartyMember.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes((GOOD + "Lê Văn Cường;Nam;;;;TS-VTH-01;32/01/2020;;\n").encode())
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_members", str(bad))
    assert "row 7" in capsys.readouterr().err
    assert PartyMember.objects.count() == 2


POSITIONS = (
    "Số thẻ Đảng;Họ và tên;Chức vụ;Mã tổ chức;Từ ngày;Đến ngày\n"
    "00012345;Nguyễn Như Anh;Bí thư;TS-VTH-01;01/10/2020;\n"
    "00012345;Nguyễn Như Anh;Cấp ủy viên;TS-VTH;01/10/2020;30/09/2025\n"
)


def test_positions_import_and_reimport(tmp_path, tree):
    member(tree["vong_the_1"], family_name="Nguyễn Như", given_name="Anh", card_number="00012345")
    path = tmp_path / "positions.csv"
    path.write_bytes(POSITIONS.encode("utf-8"))
    call_command("import_positions", str(path))
    call_command("import_positions", str(path))
    held = PartyMember.objects.get().positions.order_by("role")
    assert list(held.values_list("role", "organization__code", "ended_on")) == [
        ("committee_member", "TS-VTH", D(2025, 9, 30)),
        ("secretary", "TS-VTH-01", None),
    ]


def test_positions_of_members_outside_scope_are_refused(clerk_client, tree):
    member(tree["oc_eo_1"], card_number="00012345")
    file = SimpleUploadedFile("p.csv", POSITIONS.encode("utf-8"), content_type="text/csv")
    response = clerk_client.post(reverse("members:position-import"), {"file": file}, follow=True)
    assert [number for number, _message in preview_errors(response)] == [2, 3]
