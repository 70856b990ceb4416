"""The members import writes thousands of rows in a few queries, as it wrote them one by
one: the same members, memberships, events and history, the same refusals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.importing import Importer
from apps.members.imports import MemberImporter
from apps.members.models import MemberEvent, Membership, PartyMember
from tests.factories import member

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = (
    "Họ và tên;Giới tính;Số thẻ Đảng;CCCD;Mã chi bộ;Ngày vào Đảng;Ngày chính thức;Tình trạng;"
    "Ngày ra khỏi danh sách\n"
)


def sheet(count: int, start: int = 0) -> bytes:
    """`count` new members, officials and probationary ones, one who died."""
    lines = [HEADER]
    for number in range(start, start + count):
        official = "" if number % 3 else f"02/03/{2001 + number % 20}"
        status = "Chính thức" if official else "Dự bị"
        card = "" if number % 4 else f"77{number:06d}"
        lines.append(
            f"Trần Văn Số{number};{'Nữ' if number % 2 else 'Nam'};{card};0890{number:08d};"
            f"{'TS-VTH-01' if number % 2 else 'TS-OE-01'};01/02/{2000 + number % 20};"
            f"{official};{status};\n"
        )
    lines.append(f"Lê Thị Mất{start};Nữ;;;TS-OE-01;05/05/1990;06/06/1991;Từ trần;07/07/2020\n")
    return "".join(lines).encode()


def written():
    """What an import leaves in the register, without keys that differ run to run."""
    members = [
        (m.family_name, m.given_name, m.gender, m.card_number, m.personal_id, m.cell.code,
         m.status, m.admitted_on, m.official_on, m.left_on, m.search_text, m.name_sort_key)
        for m in PartyMember.objects.select_related("cell").order_by("personal_id", "given_name")
    ]  # fmt: skip
    periods = sorted(
        (p.member.personal_id, p.organization.code, p.started_on, p.ended_on)
        for p in Membership.objects.select_related("member", "organization")
    )
    events = sorted(
        (e.member.personal_id, e.kind, e.happened_on, e.organization.code, e.note,
         e.recorded_by_id)
        for e in MemberEvent.objects.select_related("member", "organization")
    )  # fmt: skip
    history = sorted(
        (model.__name__, row.history_type, row.history_change_reason, row.history_user_id)
        for model in (PartyMember, Membership, MemberEvent)
        for row in model.history.all()
    )
    return members, periods, events, history


@pytest.mark.skipif(
    not connection.features.can_return_rows_from_bulk_insert, reason="needs ids from INSERT"
)
def test_the_bulk_writing_leaves_what_writing_row_by_row_leaves(tree, district_staff):
    report = MemberImporter(district_staff).run(sheet(12), commit=True)
    assert report.applied
    assert report.errors == []
    in_bulk = written()
    assert len(in_bulk[0]) == 13
    assert {reason for _model, _kind, reason, _user in in_bulk[3]} == {"import"}
    for model in (MemberEvent, Membership, PartyMember):
        model.objects.all().delete()
    for model in (MemberEvent, Membership, PartyMember):
        model.history.all().delete()

    class OneByOne(MemberImporter):
        apply_rows = Importer.apply_rows

    assert OneByOne(district_staff).run(sheet(12), commit=True).applied
    assert written() == in_bulk


def card_taken_meanwhile(tree, monkeypatch):
    """Between the import's checks and its writing another clerk registers card
    77000008, which row 10 of `sheet(12)` carries."""
    prepare = MemberImporter.prepare

    def prepare_then_register(self, rows):
        prepare(self, rows)
        member(tree["oc_eo_2"], given_name="Nhanh", card_number="77000008")

    monkeypatch.setattr(MemberImporter, "prepare", prepare_then_register)


def test_a_card_taken_meanwhile_is_refused_on_its_row(tree, district_staff, monkeypatch):
    """Between the check and the writing another clerk registers the card: the row gets
    the model's message, and nothing of the file is written."""
    card_taken_meanwhile(tree, monkeypatch)
    report = MemberImporter(district_staff).run(sheet(12), commit=True)
    assert not report.applied
    assert report.errors == [(10, "", "Số thẻ đảng viên này đã có ở một đảng viên khác.")]
    assert PartyMember.objects.count() == 1


def test_import_queries_do_not_grow_with_rows(tree, district_staff):
    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            assert MemberImporter(district_staff).run(data, commit=True).applied
        return len(captured)

    queries(sheet(1, start=500))  # the user's roles and permissions, read once
    few = queries(sheet(3))
    # 25 rows: SQLite takes at most 999 values in one INSERT, about 30 members.
    assert queries(sheet(25, start=100)) == few
    assert PartyMember.objects.count() == 2 + 4 + 26
