"""The hostile CSV files of tests/hostile/files/, and the large ones made at test time.

Run `python tests/hostile/make_files.py` to write the files again after changing a case;
a test fails when the committed files differ from what this script makes.

Each case is written in two layouts: `register/` under the headers clerks use (read by
the member, position and subject imports) and `exchange/` under the columns of the
`members` kind of *Dữ liệu CSV*. A case is a function of the layout's header row and a
good data row, returning the file's bytes.
"""

import codecs
import sys
import unicodedata
import zlib
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"

LAYOUTS = {
    "register": (
        ["Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Chi bộ",
         "Ngày vào Đảng", "Quê quán", "Chức vụ", "Mã tổ chức", "Từ ngày", "Kết luận",
         "Ghi chú"],
        ["Nguyễn Văn", "Hùng", "Nam", "03/02/1980", "093100", "Chi bộ Ấp Tây Bình",
         "10/01/2015", "xã Vọng Thê", "Bí thư", "TS-VTH-01", "01/01/2020", "", "ghi chú"],
    ),
    "exchange": (
        ["uid", "family_name", "given_name", "gender", "birth_date", "card_number",
         "admitted_on", "status", "cell_code", "notes"],
        ["", "Nguyễn Văn", "Hùng", "male", "03/02/1980", "093100", "10/01/2015",
         "probationary", "TS-VTH-01", "ghi chú"],
    ),
}  # fmt: skip
# Where a hostile value goes in the good row: the name cells, a date, the card number.
FAMILY, GIVEN, BIRTH, CARD, ADMITTED = 1, 2, 4, 5, 6
POSITIONS = {"register": {FAMILY: 0, GIVEN: 1, BIRTH: 3, CARD: 4, ADMITTED: 6}, "exchange": {}}

TONES = "\u0300\u0301\u0303\u0309\u0323"
ONE_MB = 1024 * 1024


def at(layout, place):
    """The index in `layout`'s rows of a place (FAMILY, GIVEN, BIRTH, CARD, ADMITTED)."""
    return POSITIONS[layout].get(place, place)


def quote(cell: str) -> str:
    if any(char in cell for char in ',;"\r\n\t'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def line(cells, delimiter=",") -> str:
    return delimiter.join(quote(cell) for cell in cells)


def text(rows, newline="\r\n", delimiter=",") -> str:
    return "".join(line(row, delimiter) + newline for row in rows)


def cp1258(value: str) -> bytes:
    """`value` as Excel writes it on Vietnamese Windows: tones as combining marks."""
    encoded = bytearray()
    for char in unicodedata.normalize("NFC", value):
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES))
            encoded += (letter + "".join(c for c in marks if c in TONES)).encode("cp1258")
    return bytes(encoded)


def rows_with(layout, good, values, place, start=0):
    """One good row per value, the value put at `place`, the card numbers made unique."""
    rows = []
    for number, value in enumerate(values, start=start):
        row = list(good)
        row[at(layout, CARD)] = f"0931{number:02d}"
        row[at(layout, place)] = value
        rows.append(row)
    return rows


def png() -> bytes:
    header = b"\x89PNG\r\n\x1a\n"
    chunk = b"IHDR" + (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"
    return header + len(chunk[4:]).to_bytes(4, "big") + chunk + zlib.crc32(chunk).to_bytes(4, "big")


# --- the cases ------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1)",
            "\t=1+1", "\r=1+1", "=1+1", "'=1+1"]  # fmt: skip
HTML = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>Hùng</b> & Co"]
INVISIBLE = ["Hùng\u202egnùH", "H\u200bùng", "\u200e\u200fHùng\u2066", "\ufeffHùng"]
DATES = ["31/02/2023", "99/99/99999", "1e309", "-0", "NaN", "00/00/0000", "01/01/0001",
         "31/12/9999", "2023-13-45", "1" * 200, "10/01/2015 OR 1=1",
         "\u0661\u0660/\u0660\u0661/\u0662\u0660\u0661\u0665"]  # fmt: skip
SQL = ["'; DROP TABLE members_partymember; --", "Robert'); DELETE FROM auth_user; --",
       "1 OR 1=1", '" OR ""="', "%' AND 1=1 --"]  # fmt: skip
PATHS = ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc",
         "/dev/zero", "file:///etc/shadow"]  # fmt: skip


def empty(layout, header, good):
    return b""


def blank(layout, header, good):
    return b" \r\n\t\r\n   \r\n"


def header_only(layout, header, good):
    return text([header]).encode()


def only_delimiters(layout, header, good):
    return text([[""] * 8] * 3).encode()


def no_header(layout, header, good):
    return text([["some", "title"], ["nothing", "here"]] * 12).encode()


def utf8_bom(layout, header, good):
    return codecs.BOM_UTF8 + text([header, good]).encode()


def double_bom(layout, header, good):
    return codecs.BOM_UTF8 * 2 + text([header, good]).encode()


def utf16_le_bom(layout, header, good):
    return codecs.BOM_UTF16_LE + text([header, good], delimiter="\t").encode("utf-16-le")


def utf16_be_bom(layout, header, good):
    return codecs.BOM_UTF16_BE + text([header, good], delimiter="\t").encode("utf-16-be")


def utf16_without_bom(layout, header, good):
    return text([header, good], delimiter="\t").encode("utf-16-le")


def utf16_odd_length(layout, header, good):
    return utf16_le_bom(layout, header, good) + b"\x00\xd8\x41"


def windows_1258(layout, header, good):
    return cp1258(text([header, good], delimiter=";"))


def mixed_encodings(layout, header, good):
    second = list(good)
    second[at(layout, CARD)] = "093199"
    second[at(layout, GIVEN)] = "Ưởng"
    return text([header, good]).encode() + cp1258(text([second]))


def invalid_utf8(layout, header, good):
    row = list(good)
    row[at(layout, GIVEN)] = "H\udcffng"
    data = text([header, row]).encode("utf-8", "surrogateescape")
    return data + b"\xed\xa0\x80,\xc3\x28,\xf8\x88\x80\x80\x80\r\n"


def nul_bytes(layout, header, good):
    return text([header, good]).encode().replace("Hùng".encode(), b"H\x00ung")


def zip_file(layout, header, good):
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + zlib.compress(text([header, good]).encode())


def png_file(layout, header, good):
    return png()


def cr_only(layout, header, good):
    return text([header, good], newline="\r").encode()


def mixed_line_endings(layout, header, good):
    second = list(good)
    second[at(layout, CARD)] = "093101"
    third = list(good)
    third[at(layout, CARD)] = "093102"
    return (line(header) + "\r\n" + line(good) + "\n" + line(second) + "\r" + line(third)).encode()


def unbalanced_quotes(layout, header, good):
    row = list(good)
    data = text([header, row])
    return (data + line(row[:1]) + ',"Nguyễn Văn, Hùng\r\n').encode()


def stray_quotes(layout, header, good):
    return (line(header) + "\r\n" + line(good).replace("Hùng", 'H"ù"ng"') + "\r\n").encode()


def duplicate_headers(layout, header, good):
    return text([[*header, header[at(layout, GIVEN)]], [*good, "Hai"]]).encode()


def formulas(layout, header, good):
    rows = rows_with(layout, good, FORMULAS, GIVEN)
    rows += rows_with(layout, good, FORMULAS, FAMILY, start=50)[:2]
    return text([header, *rows]).encode()


def html_names(layout, header, good):
    return text([header, *rows_with(layout, good, HTML, GIVEN)]).encode()


def invisible_characters(layout, header, good):
    rows = rows_with(layout, good, INVISIBLE, GIVEN)
    card = list(good)
    card[at(layout, CARD)] = "0931\u200b77\u202e"
    return text([header, *rows, card]).encode()


def bad_dates(layout, header, good):
    # The admission date: the birth date is personal data, not read for every user.
    return text([header, *rows_with(layout, good, DATES, ADMITTED)]).encode()


def bad_numbers(layout, header, good):
    values = ["1e309", "-0", "NaN", "Infinity", "9" * 5000, "0x1F", "\uff11\uff12\uff13"]
    return text([header, *rows_with(layout, good, values, CARD)]).encode()


def sql_strings(layout, header, good):
    rows = rows_with(layout, good, SQL, GIVEN)
    rows += rows_with(layout, good, SQL, FAMILY, start=50)[:1]
    return text([header, *rows]).encode()


def path_traversal(layout, header, good):
    return text([header, *rows_with(layout, good, PATHS, GIVEN)]).encode()


def long_lines(layout, header, good):
    """Many cells a few KB long: over every column's length, under the file limits."""
    row = [cell + "x" * 300 for cell in good]
    return text([header, row]).encode()


CASES = [empty, blank, header_only, only_delimiters, no_header, utf8_bom, double_bom,
         utf16_le_bom, utf16_be_bom, utf16_without_bom, utf16_odd_length, windows_1258,
         mixed_encodings, invalid_utf8, nul_bytes, zip_file, png_file, cr_only,
         mixed_line_endings, unbalanced_quotes, stray_quotes, duplicate_headers, formulas,
         html_names, invisible_characters, bad_dates, bad_numbers, sql_strings,
         path_traversal, long_lines]  # fmt: skip


# --- made at test time: too large to commit -------------------------------------------


def one_mb_cell(layout, header, good):
    row = list(good)
    row[at(layout, GIVEN)] = "Hùng" * (ONE_MB // 4)
    return text([header, row]).encode()


def ten_thousand_columns(layout, header, good):
    extra = [f"cột {number}" for number in range(10_000 - len(header))]
    return text([[*header, *extra], [*good, *(["x"] * len(extra))]]).encode()


def oversized(layout, header, good, size):
    """A valid file just over `size` bytes: many good rows."""
    data = bytearray(text([header]).encode())
    body = text([good]).encode()
    while len(data) <= size:
        data += body
    return bytes(data)


GENERATED = [one_mb_cell, ten_thousand_columns]


def make(case, layout) -> bytes:
    header, good = LAYOUTS[layout]
    return case(layout, header, good)


def all_files():
    """(relative path, bytes) of every committed file."""
    for layout in LAYOUTS:
        for case in CASES:
            yield f"{layout}/{case.__name__}.csv", make(case, layout)


def write(directory: Path = FILES) -> int:
    count = 0
    for relative, data in all_files():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        count += 1
    return count


if __name__ == "__main__":
    print(f"Wrote {write()} files under {FILES}.", file=sys.stderr)
