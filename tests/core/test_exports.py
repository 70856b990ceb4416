import csv
import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from apps.core import exports
from apps.core.exports import BOM, csv_lines, csv_response, export_value, neutralise_formula
from apps.core.models import in_one_order
from tests.hostile.test_output import export_urls, hostile  # noqa: F401 (a fixture)


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_formula_cells_are_neutralised(formula):
    assert neutralise_formula(formula) == "'" + formula


def test_plain_text_is_left_alone():
    assert neutralise_formula("Chi bộ Ấp 1") == "Chi bộ Ấp 1"


def test_values_are_written_as_clerks_write_them():
    assert export_value(datetime.date(2023, 4, 24)) == "24/04/2023"
    assert export_value(None) == ""
    assert export_value(4515) == "4515"
    assert export_value(-3) == "-3"  # numbers are not formulas
    assert export_value("=1+1") == "'=1+1"


def test_csv_response_streams_utf8_with_bom():
    response = csv_response([["Tên", "Ngày"], ["Vọng Thê", "01/01/2023"]], "x.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    assert body[1:].splitlines() == ["Tên,Ngày", "Vọng Thê,01/01/2023"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


# --- writing CSV: the direct join gives what csv.writer gives -------------------------

TRICKY_CELLS = ["", " ", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", "Vọng Thê", "'=1", "\x00"]


def writer_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "rows",
    [
        [["Tên", "Ngày"], ["Vọng Thê", "01/01/2023"]],
        [[cell, "x"] for cell in TRICKY_CELLS],
        [[""], ["a"]],  # a row of one empty cell is written as ""
        [[], ["a", "b"]],
        [[1, -2.5, None, "x"]],  # cells that are not text
    ],
)
def test_csv_lines_writes_what_csv_writer_writes(rows):
    assert csv_lines(rows) == writer_text(rows)


@given(st.lists(st.lists(st.text(max_size=6), max_size=4), max_size=6))
def test_csv_lines_matches_csv_writer_for_any_text(rows):
    assert csv_lines(rows) == writer_text(rows)


def test_csv_response_streams_in_pieces():
    rows = [[f"Đảng viên {number}", "01/01/2023"] for number in range(20_000)]
    pieces = list(csv_response(iter(rows), "x.csv").streaming_content)
    assert 1 < len(pieces) < 100
    assert b"".join(pieces).decode("utf-8") == BOM + writer_text(rows)


# --- the export of a list through values: the same file as through table rows --------


def force_general_path(monkeypatch):
    monkeypatch.setattr(exports._FieldRows, "plan", classmethod(lambda *args: None))


def exported(client, url, data=None) -> bytes | int:
    """The body of a list's export, or the status code if the user may not read it."""
    response = client.get(url, {"export": "csv", **(data or {})})
    if response.status_code != 200:
        return response.status_code
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("hostile")
def test_every_list_exports_the_same_file_through_either_path(staff_client, superuser, monkeypatch):
    """Each list's export, read as values where its columns allow it, is byte for byte
    the export read through django-tables2's rows: hostile names, dates, choices, links
    to other records, both languages, with and without the personal columns."""
    urls = export_urls()
    root = Client(HTTP_HOST="127.0.0.1")
    root.force_login(superuser)
    english = Client(HTTP_HOST="127.0.0.1")
    english.force_login(superuser)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    requests = [(client, url) for url in urls for client in (staff_client, root, english)]
    requests += [(root, reverse("members:list"), {"sort": order}) for order in MEMBER_ORDERS]
    planned = []
    original_plan = exports._FieldRows.plan.__func__

    def spy(cls, table, columns, queryset):
        found = original_plan(cls, table, columns, queryset)
        planned.append((type(table).__name__, found is not None))
        return found

    monkeypatch.setattr(exports._FieldRows, "plan", classmethod(spy))
    fast = [exported(*request) for request in requests]
    assert ("MemberTable", True) in planned
    force_general_path(monkeypatch)
    for request, body in zip(requests, fast, strict=True):
        assert exported(*request) == body, request[1:]
    assert b"'=HYPERLINK" in fast[urls.index(reverse("members:list")) * 3]
    assert sum(isinstance(body, bytes) for body in fast) > 2 * len(urls)


MEMBER_ORDERS = ["cell", "-admitted_on", "status", "-card_number", "cell_code", "-birth_date"]


# --- writing a chunk given as columns ------------------------------------------------


def columns_of(rows, width) -> list[list]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width


@pytest.mark.parametrize(
    "rows",
    [
        [["Tên", "Ngày"], ["Vọng Thê", "01/01/2023"]],
        [[cell, "x"] for cell in TRICKY_CELLS],
        [["x", cell] for cell in TRICKY_CELLS],
        [[""], ["a"]],  # a row of one empty cell is written as ""
        [["a,b\r\n", "c"], ["d", "e"]],  # a comma and a line break in one cell
        [[1, None, "x"]],  # cells that are not text
    ],
)
def test_csv_columns_writes_what_csv_writer_writes(rows):
    assert exports.csv_columns(columns_of(rows, len(rows[0]))) == writer_text(rows)


@given(
    st.integers(1, 4).flatmap(
        lambda width: st.tuples(
            st.just(width),
            st.lists(st.lists(st.text(max_size=6), min_size=width, max_size=width), max_size=6),
        )
    )
)
def test_csv_columns_matches_csv_writer_for_any_text(width_and_rows):
    width, rows = width_and_rows
    assert exports.csv_columns(columns_of(rows, width)) == writer_text(rows)


# --- dates, read many times over --------------------------------------------------------


def test_date_columns_write_what_export_value_writes(monkeypatch):
    """Remembered texts are the dates' own, and no more than DATE_CACHE are kept."""
    monkeypatch.setattr(exports, "DATE_CACHE", 3)
    texts = exports._DateTexts()
    convert = exports._date_column(texts)
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 7) for n in range(30)]
    days += [None, datetime.date(999, 5, 6), datetime.date(1, 1, 1), None]
    assert list(convert(days)) == [export_value(day) for day in days]
    assert len(texts) <= 3


# --- reading every row: one order whatever the plan --------------------------------------


@pytest.mark.django_db
def test_exports_end_their_order_with_the_primary_key():
    from apps.members.models import PartyMember

    members = PartyMember.objects.order_by("name_sort_key")
    assert in_one_order(members).query.order_by == ("name_sort_key", "pk")
    by_key = PartyMember.objects.order_by("-pk")
    assert in_one_order(by_key).query.order_by == ("-pk",)
    unordered = PartyMember.objects.order_by()
    assert not in_one_order(unordered).ordered
    distinct = members.distinct()
    assert in_one_order(distinct).query.order_by == ("name_sort_key",)


def cursor_tuple_fraction(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_reading_every_row_plans_cursors_for_every_row_in_its_block_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        with exports.reading_every_row("default"):
            pass
        pytest.skip("PostgreSQL's planner setting")
    before = cursor_tuple_fraction(connection)
    assert float(before) < 1
    with exports.reading_every_row("default"):
        assert float(cursor_tuple_fraction(connection)) == 1
    assert cursor_tuple_fraction(connection) == before
    with pytest.raises(ZeroDivisionError), exports.reading_every_row("default"):
        1 / 0  # noqa: B018
    assert cursor_tuple_fraction(connection) == before
