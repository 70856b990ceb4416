"""The member list's CSV export: its exact cells, and a cost that does not grow with rows."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.core import exports
from apps.members import services
from tests.factories import UserFactory, cell, member
from tests.helpers import count_queries, read_csv

pytestmark = pytest.mark.django_db
LIST = reverse("members:list")
D = datetime.date

HEADER = ["Họ và tên đệm", "Tên", "Số thẻ đảng viên", "Giới tính", "Chi bộ", "Mã chi bộ",
          "Tình trạng", "Ngày vào Đảng", "Ngày chính thức", "Ngày ra khỏi danh sách"]  # fmt: skip
PERSONAL_HEADER = ["Ngày sinh", "Quê quán", "Dân tộc", "Tôn giáo"]


@pytest.fixture
def registered(tree):
    """A member who left, one whose name is a formula, one with quotes and commas."""
    left = member(
        tree["vong_the_1"],
        family_name="Trần Thị",
        given_name="Bình",
        gender="female",
        admitted_on="2010-03-02",
        card_number="0093001",
        birth_date=D(1975, 1, 9),
        place_of_origin="xã Vọng Thê, huyện Thoại Sơn",
        religion="Phật giáo Hòa Hảo",
    )
    services.recognise_official(left, on=D(2011, 3, 2))
    services.record_death(left, on=D(2024, 12, 31))
    member(tree["oc_eo_1"], family_name="=1+2", given_name="An", card_number="-5")
    member(tree["vong_the_2"], family_name='Lê "Út", Văn', given_name="Cường")
    return left


def personal_client(client, tree):
    user = UserFactory(home_organization=tree["district"])
    user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    client.force_login(user)
    return client


def test_member_export_cells(staff_client, registered):
    rows = read_csv(staff_client.get(LIST, {"export": "csv"}))
    assert rows == [
        HEADER,
        ["'=1+2", "An", "'-5", "Nam", "Chi bộ Khóm Tân Hiệp", "TS-OE-01", "Dự bị",
         "15/01/2020", "", ""],
        ["Trần Thị", "Bình", "0093001", "Nữ", "Chi bộ Ấp Tây Bình", "TS-VTH-01", "Từ trần",
         "02/03/2010", "02/03/2011", "31/12/2024"],
        ['Lê "Út", Văn', "Cường", "", "Nam", "Chi bộ Ấp Trung Sơn", "TS-VTH-02", "Dự bị",
         "15/01/2020", "", ""],
    ]  # fmt: skip


def test_member_export_in_english_with_personal_data(client, tree, registered):
    client = personal_client(client, tree)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = read_csv(client.get(LIST, {"export": "csv", "q": "binh"}))
    assert rows[0] == [
        "Family and middle name", "Given name", "Party card number", "Gender", "Date of birth",
        "Place of origin", "Ethnicity", "Religion", "Party cell", "Cell code", "Status",
        "Admission date", "Official since", "Left on",
    ]  # fmt: skip
    assert rows[1:] == [
        ["Trần Thị", "Bình", "0093001", "Female", "09/01/1975", "xã Vọng Thê, huyện Thoại Sơn",
         "Kinh", "Phật giáo Hòa Hảo", "Chi bộ Ấp Tây Bình", "TS-VTH-01", "Deceased",
         "02/03/2010", "02/03/2011", "31/12/2024"],
    ]  # fmt: skip


def test_member_export_follows_the_list_order(staff_client, registered):
    rows = read_csv(staff_client.get(LIST, {"export": "csv", "sort": "-admitted_on"}))
    assert [row[7] for row in rows[1:]] == ["15/01/2020", "15/01/2020", "02/03/2010"]
    rows = read_csv(staff_client.get(LIST, {"export": "csv", "sort": "cell_code"}))
    assert [row[5] for row in rows[1:]] == ["TS-OE-01", "TS-VTH-01", "TS-VTH-02"]


def test_member_export_queries_do_not_grow_with_rows_or_cells(staff_client, tree, monkeypatch):
    """Rows are read in chunks (here of two) with one query, cell names with one more."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    member(tree["vong_the_1"])
    few = count_queries(staff_client, LIST, {"export": "csv"})
    cells = [cell(tree["oc_eo"], code=f"TS-OE-1{number}") for number in range(5)]
    for number in range(25):
        member(cells[number % 5], given_name=f"Tên {number}")
    assert count_queries(staff_client, LIST, {"export": "csv"}) == few
    assert len(read_csv(staff_client.get(LIST, {"export": "csv"}))) == 27


def test_member_export_reads_cell_names_with_the_rows(staff_client, registered, monkeypatch):
    """The cell column is read as `cell__name` (MemberTable.export_accessors) in the
    rows' own query, not as cell objects: the same text, since a cell's str() is its name."""
    planned = []
    original_plan = exports._FieldRows.plan.__func__

    def spy(cls, table, columns, queryset):
        planned.append(original_plan(cls, table, columns, queryset))
        return planned[-1]

    def no_objects(*args):
        raise AssertionError("cell objects read for the export")

    monkeypatch.setattr(exports._FieldRows, "plan", classmethod(spy))
    monkeypatch.setattr(exports, "_related_names", no_objects)
    rows = read_csv(staff_client.get(LIST, {"export": "csv"}))
    assert "cell__name" in planned[0].paths
    cells = ["Chi bộ Khóm Tân Hiệp", str(registered.cell), "Chi bộ Ấp Trung Sơn"]
    assert [row[4] for row in rows[1:]] == cells


def test_member_export_stopped_midway_leaves_no_transaction(staff_client, tree, monkeypatch):
    """A client that stops reading closes the export's cursor and its transaction, and
    on PostgreSQL the planner setting of `reading_every_row()` goes back."""
    from django.db import connection

    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "STREAM_BUFFER", 1)
    for number in range(8):
        member(tree["vong_the_1"], given_name=f"Tên {number}")
    savepoints = list(connection.savepoint_ids)
    in_block = connection.in_atomic_block
    response = staff_client.get(LIST, {"export": "csv"})
    pieces = iter(response.streaming_content)
    assert next(pieces).startswith(b"\xef\xbb\xbf")
    next(pieces)
    if connection.vendor == "postgresql":  # read in a transaction (here a savepoint)
        assert len(connection.savepoint_ids) > len(savepoints)
    # The client goes away: the server closes the response (here through the test
    # client's wrapper, which keeps the test's database connection open).
    response._iterator.close()
    assert connection.savepoint_ids == savepoints
    assert connection.in_atomic_block == in_block
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            assert float(cursor.fetchone()[0]) < 1
