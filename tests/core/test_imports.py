"""Reading CSV uploads: encodings, delimiters, the header row, row numbers, limits, dates."""

import codecs
import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.core.exports import csv_response, export_value
from apps.core.imports import (
    ImportColumn,
    ImportFileError,
    decode_upload,
    normalise_header,
    parse_date,
    read_table,
    restore_formula,
    sniff_delimiter,
)

D = datetime.date
COLUMNS = [
    ImportColumn("name", "Họ và tên", aliases=("Full name", "Họ tên"), required=True),
    ImportColumn("admitted_on", "Ngày vào Đảng", aliases=("Admission date",), required=True),
    ImportColumn("card_number", "Số thẻ đảng viên", aliases=("Số thẻ Đảng",)),
    ImportColumn("note", "Ghi chú"),
]
SHEET = (
    "DANH SÁCH ĐẢNG VIÊN;;\n"
    "Đảng bộ xã Vọng Thê;;\n"
    ";;\n"
    "Họ và tên;Ngày vào Đảng;Số thẻ Đảng\n"
    "Nguyễn Như Ý;03/02/1995;00012345\n"
    "Trần Thị Bình;02/03/2023;\n"
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode `text` as Excel does on Vietnamese Windows.

    Python's cp1258 codec maps characters one to one and so cannot encode "ọ" or "ễ":
    the code page has the letters (ô, ê, ư …) but writes most tones as a combining mark
    after them.
    """
    encoded = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES))
            encoded += (letter + "".join(c for c in marks if c in TONES)).encode("cp1258")
    return bytes(encoded)


def refusal(call, *args, **kwargs) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        call(*args, **kwargs)
    return caught.value


def english(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


# --- encodings -----------------------------------------------------------------------


def test_utf8_without_bom():
    assert decode_upload("Họ và tên,Ngày vào Đảng\n".encode()) == "Họ và tên,Ngày vào Đảng\n"


def test_utf8_with_bom_loses_the_bom():
    assert decode_upload("Họ và tên\n".encode("utf-8-sig")) == "Họ và tên\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + "Họ và tên\tNgày vào Đảng\r\n".encode(encoding)
    assert decode_upload(data) == "Họ và tên\tNgày vào Đảng\r\n"


def test_windows_1258_tones_are_composed():
    data = cp1258("Họ và tên;Ngày vào Đảng;Nguyễn Thị Ưởng\n")
    assert b"o\xf2" in data  # "ọ" is written as "o" and a combining dot below
    text = decode_upload(data)
    assert text == "Họ và tên;Ngày vào Đảng;Nguyễn Thị Ưởng\n"
    assert unicodedata.is_normalized("NFC", text)


def test_decomposed_utf8_is_composed_too():
    decomposed = unicodedata.normalize("NFD", "Vọng Thê")
    assert decode_upload(decomposed.encode()) == "Vọng Thê"


def test_utf8_is_preferred_over_windows_1258():
    data = "Lê\n".encode()
    assert data.decode("cp1258") == "LĂª\n"  # also valid Windows-1258 …
    assert decode_upload(data) == "Lê\n"  # … but UTF-8 is tried first


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"],
    ids=["xlsx", "xls"],
)
def test_workbooks_are_refused(data):
    error = refusal(decode_upload, data)
    assert error.code == "workbook"
    assert "CSV UTF-8" in english(error)


@pytest.mark.parametrize(
    "data",
    [
        b"Ho va ten,Ngay\x00vao dang\n",  # valid UTF-8, but a NUL byte
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # not UTF-8; Windows-1258 gives controls
        b"Ho va ten\x01\xe9",  # not UTF-8; Windows-1258 decodes it but \x01 is binary
        b"Ho va ten\x81",  # a byte Windows-1258 does not define
        "Họ và tên\n".encode("utf-16-le"),  # UTF-16 without its BOM: full of NULs
    ],
)
def test_binary_files_are_refused(data):
    error = refusal(decode_upload, data)
    assert error.code == "not_text"
    assert english(error) == (
        "The file is not a CSV text file in UTF-8 or Windows-1258. "
        "Save it from Excel as “CSV UTF-8”."
    )


def test_tabs_and_line_breaks_are_not_binary():
    assert decode_upload(b"a\tb\r\nc\rd\n") == "a\tb\r\nc\rd\n"


@pytest.mark.parametrize(
    "data", [b"", codecs.BOM_UTF8, b" \r\n\r\n", codecs.BOM_UTF16_LE, " \n".encode("utf-16")]
)
def test_empty_files_are_refused(data):
    error = refusal(decode_upload, data)
    assert error.code == "empty"
    assert english(error) == "The file is empty."


def test_size_limit():
    data = b"Ho va ten,Ngay vao dang\n" * 10
    assert decode_upload(data, max_bytes=len(data)) == data.decode()
    error = refusal(decode_upload, data, max_bytes=len(data) - 1)
    assert error.code == "too_large"
    assert english(error).startswith("The file is larger than ")
    assert refusal(read_table, data, COLUMNS, max_bytes=100).code == "too_large"


def test_default_size_limit_is_10_mib():
    data = b"a" * (10 * 1024 * 1024 + 1)
    assert refusal(decode_upload, data).code == "too_large"


# --- delimiter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Họ và tên,Ngày vào Đảng\nA,01/01/2020\n", ","),
        ("Họ và tên;Ngày vào Đảng\nA;01/01/2020\n", ";"),
        ("Họ và tên\tNgày vào Đảng\nA\t01/01/2020\n", "\t"),
        ("Họ và tên\nA\n", ","),  # nothing to tell: the default
        # Commas in addresses, but every row has the same number of semicolons.
        ("Tên;Quê quán;Ngày\nAn;Ấp 1, Vọng Thê, Thoại Sơn;01/01/2020\n", ";"),
        # The title has commas; Excel pads it with the real delimiter.
        ("Huyện ủy Thoại Sơn, tỉnh An Giang, 2024;;\nTên;Quê quán;Ngày\nAn;Ấp 1;x\n", ";"),
        # Quoted semicolons do not count.
        ('Tên,Ghi chú\nAn,"a;b;c;d"\nBình,"e;f;g"\n', ","),
    ],
)
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


# --- headers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Ngày vào Đảng",
        "ngày vào đảng",
        "NGAY VAO DANG",
        "Ngày vào Đảng (*)",
        "Ngày vào Đảng(*):",
        "*Ngày vào Đảng*",
        "  Ngày  vào\nĐảng : ",
        "\ufeffNgày vào Đảng",
    ],
)
def test_normalise_header(header):
    assert normalise_header(header) == "ngay vao dang"


@pytest.mark.parametrize("header", ["NGAY VAO DANG", "Ngày vào Đảng (*)", "ngày vào đảng:"])
def test_headers_match_with_or_without_diacritics_and_asterisks(header):
    data = f"Họ và tên (*),{header}\nNguyễn Như Ý,03/02/1995\n".encode()
    table = read_table(data, COLUMNS)
    assert table.rows[0].values["admitted_on"] == "03/02/1995"
    assert table.headers == {"name": "Họ và tên (*)", "admitted_on": header.strip()}


def test_aliases_match():
    data = "Full name;Admission date;SO THE DANG\nNguyễn Như Ý;03/02/1995;007\n".encode()
    values = read_table(data, COLUMNS).rows[0].values
    assert values == {
        "name": "Nguyễn Như Ý",
        "admitted_on": "03/02/1995",
        "card_number": "007",
        "note": "",
    }


def test_semicolons_title_rows_and_row_numbers():
    table = read_table(SHEET.encode("utf-8-sig"), COLUMNS)
    assert (table.delimiter, table.header_row, table.encoding) == (";", 4, "UTF-8")
    assert [(row.number, row.values["name"]) for row in table.rows] == [
        (5, "Nguyễn Như Ý"),
        (6, "Trần Thị Bình"),
    ]
    assert table.rows[0].values["card_number"] == "00012345"  # leading zeros kept
    assert table.rows[1].values["card_number"] == ""


def test_windows_1258_file_with_commas():
    table = read_table(cp1258(SHEET.replace(";", ",")), COLUMNS)
    assert (table.delimiter, table.encoding) == (",", "Windows-1258")
    assert [row.values["name"] for row in table.rows] == ["Nguyễn Như Ý", "Trần Thị Bình"]


def test_excel_unicode_text_file():
    data = SHEET.replace(";", "\t").replace("\n", "\r\n").encode("utf-16")
    table = read_table(data, COLUMNS)
    assert (table.delimiter, table.encoding) == ("\t", "UTF-16")
    assert [row.number for row in table.rows] == [5, 6]
    assert table.rows[1].values["admitted_on"] == "02/03/2023"


def test_missing_required_header_names_it():
    data = "DANH SÁCH\nHọ và tên;Số thẻ Đảng;Ghi chú\nAn;1;x\n".encode()
    error = refusal(read_table, data, COLUMNS)
    assert error.code == "no_header"
    assert english(error) == (
        "The header row was not found in the first 20 rows: "
        "the required columns “Ngày vào Đảng” are missing."
    )


def test_file_without_any_header_names_every_required_column():
    error = refusal(read_table, b"a;b\n1;2\n", COLUMNS)
    assert "“Họ và tên”, “Ngày vào Đảng”" in english(error)


def test_without_required_columns_two_must_match():
    columns = [ImportColumn("a", "Mã"), ImportColumn("b", "Tên"), ImportColumn("c", "Ngày")]
    error = refusal(read_table, "Mã;Khác\n1;2\n".encode(), columns)
    expected = "The header row was not found in the first 20 rows. Expected columns: "
    assert english(error) == expected + "“Mã”, “Tên”, “Ngày”."
    assert read_table("Mã;Ngày\n1;2\n".encode(), columns).rows[0].values["c"] == "2"


def test_a_single_column_is_enough_when_only_one_is_defined():
    table = read_table("Tiêu đề\nSố thẻ Đảng\n00042\n".encode(), [COLUMNS[2]])
    assert [(row.number, row.values) for row in table.rows] == [(3, {"card_number": "00042"})]


def test_header_row_is_looked_for_in_the_first_20_rows_only():
    header = "Họ và tên;Ngày vào Đảng\nAn;01/01/2020\n"
    assert read_table(("x\n" * 19 + header).encode(), COLUMNS).header_row == 20
    assert refusal(read_table, ("x\n" * 20 + header).encode(), COLUMNS).code == "no_header"


def test_unknown_headers_are_ignored_and_reported():
    data = "STT;Họ và tên;Giới tính;;Ngày vào Đảng;Dân tộc\n1;An;Nam;?;01/01/2020;Kinh\n"
    table = read_table(data.encode(), COLUMNS)
    assert table.ignored_headers == ["STT", "Giới tính", "Dân tộc"]
    assert table.rows[0].values == {
        "name": "An",
        "admitted_on": "01/01/2020",
        "card_number": "",
        "note": "",
    }


def test_a_column_named_twice_is_refused():
    data = "Họ và tên;Ngày vào Đảng;Họ tên\nAn;01/01/2020;An\n".encode()
    error = refusal(read_table, data, COLUMNS)
    assert error.code == "duplicate_column"
    assert english(error) == (
        "The column “Họ và tên” appears more than once in the header row (row 1)."
    )


def test_columns_whose_names_clash_are_a_programming_error():
    columns = [ImportColumn("a", "Họ tên"), ImportColumn("b", "Tên", aliases=("HO TEN",))]
    with pytest.raises(ValueError, match="matches both"):
        read_table(b"x,y\n", columns)


# --- rows ----------------------------------------------------------------------------


def test_blank_rows_are_skipped_but_counted():
    data = (
        "Họ và tên,Ngày vào Đảng\n"  # row 1
        "\n"  # 2: empty line
        "An,01/01/2020\n"  # 3
        ",,\n"  # 4: only delimiters
        "  , \n"  # 5: only spaces
        "Bình,02/02/2020\n"  # 6
        "\n"
    )
    table = read_table(data.encode(), COLUMNS)
    assert [(row.number, row.values["name"]) for row in table.rows] == [(3, "An"), (6, "Bình")]


def test_rows_with_values_only_in_ignored_columns_are_skipped():
    # Clerks' templates number rows in advance ("STT") below the last member.
    data = "STT;Họ và tên;Ngày vào Đảng\n1;An;01/01/2020\n2;;\n3;;\n".encode()
    assert [row.number for row in read_table(data, COLUMNS).rows] == [2]


def test_short_rows_and_spaces():
    data = "Họ và tên;Ngày vào Đảng;Ghi chú\n  Nguyễn Như Ý  \n".encode()
    assert read_table(data, COLUMNS).rows[0].values == {
        "name": "Nguyễn Như Ý",
        "admitted_on": "",
        "card_number": "",
        "note": "",
    }


def test_a_cell_on_several_lines_is_one_row():
    data = 'Họ và tên,Ghi chú,Ngày vào Đảng\nAn,"dòng 1\ndòng 2",x\nBình,,y\n'.encode()
    table = read_table(data, COLUMNS)
    assert [row.number for row in table.rows] == [2, 3]
    assert table.rows[0].values["note"] == "dòng 1\ndòng 2"


def test_an_unclosed_quote_is_reported():
    data = ('Họ và tên,Ngày vào Đảng\nAn,01/01/2020\n"Bình\nChâu,02/02/2020\n').encode()
    error = refusal(read_table, data, COLUMNS)
    assert error.code == "malformed"
    assert "row 3" in english(error)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'=1+1", "=1+1"),
        ("'+84 91", "+84 91"),
        ("'-3", "-3"),
        ("'@SUM(A1)", "@SUM(A1)"),
        ("'abc", "'abc"),
        ("'", "'"),
        ("==", "=="),
    ],
)
def test_restore_formula(cell, value):
    assert restore_formula(cell) == value


def test_apostrophes_of_the_export_are_undone():
    data = "Họ và tên;Ngày vào Đảng;Ghi chú\n'=HYPERLINK(1);'-1;'O'Brien\n".encode()
    assert read_table(data, COLUMNS).rows[0].values == {
        "name": "=HYPERLINK(1)",
        "admitted_on": "-1",
        "card_number": "",
        "note": "'O'Brien",
    }


def test_an_exported_file_imports_back_unchanged():
    rows = [
        ["Họ và tên", "Ngày vào Đảng", "Số thẻ đảng viên", "Ghi chú"],
        ["Nguyễn Như Ý", "03/02/1995", "00012345", "=1+1"],
        ["Lê Thị @Hoa", "01/01/2020", "-7", 'nói "xin chào", rồi đi'],
    ]
    exported = [rows[0], *([export_value(value) for value in row] for row in rows[1:])]
    body = b"".join(csv_response(exported, "x.csv").streaming_content)
    assert b",'=1+1\r\n" in body  # neutralised by the export
    assert b",'-7," in body
    table = read_table(body, COLUMNS)
    assert table.ignored_headers == []
    assert [list(row.values.values()) for row in table.rows] == rows[1:]


def test_row_limit():
    data = "Họ và tên;Ngày vào Đảng\nAn;1\n\nBình;2\n".encode()
    assert len(read_table(data, COLUMNS, max_rows=2).rows) == 2  # blank rows do not count
    error = refusal(read_table, data, COLUMNS, max_rows=1)
    assert error.code == "too_many_rows"
    assert english(error) == "The file has more than 1 rows. Split it into smaller files."


def test_default_row_limit_is_100_000():
    data = ("Họ và tên;Ngày vào Đảng\n" + "An;1\n" * 100_001).encode()
    error = refusal(read_table, data, COLUMNS)
    assert error.code == "too_many_rows"
    assert "100" in english(error)


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("03/02/1995", D(1995, 2, 3)),
        ("3/2/1995", D(1995, 2, 3)),
        ("03-02-1995", D(1995, 2, 3)),
        ("03.02.1995", D(1995, 2, 3)),
        ("1995-02-03", D(1995, 2, 3)),
        (" 29/02/2024 ", D(2024, 2, 29)),
    ],
)
def test_parse_date(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_date_is_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "29/02/2023",
        "32/01/2020",
        "01/13/2020",
        "00/01/2020",
        "1/2/24",
        "2024/02/01",
        "01/02-2024",
        "1995-02-03T00:00",
        "ngày 3 tháng 2",
    ],
)
def test_invalid_dates_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.code == "invalid_date"
    assert english(caught.value) == f"“{text}” is not a date in dd/mm/yyyy form."
