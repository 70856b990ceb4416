"""Reading CSV uploads: bytes in, a table of stripped strings keyed by column out.

The reading half of CSV import, independent of any model. Clerks save their Excel
sheets as CSV on Vietnamese Windows, so a file may be:

- UTF-8, with or without a byte-order mark ("CSV UTF-8", and what our export writes);
- UTF-16 with a byte-order mark (Excel's "Unicode text", separated by tabs);
- Windows-1258, the Vietnamese ANSI code page (plain "CSV"), which stores tones as
  combining marks.

Text is always returned in NFC, so "Đảng" from any of them compares equal. Anything
else (an .xlsx workbook, a PDF, an empty file) is refused with an `ImportFileError`
whose message tells the clerk what to do.

Clerks' sheets carry a title and notes above the header row and name their columns in
their own way ("Họ và tên", "Ngày vào Đảng (*)", "NGAY VAO DANG"); `read_table()` finds
the header row among the first rows, matches headers without diacritics, case, asterisks
or trailing colons, and numbers every row as the spreadsheet shows it, so that errors
can say "row 7". What the export neutralised (`'=…`) is restored, so an exported file
imports back unchanged.

Checking the values themselves (dates aside, see `parse_date()`) is the importer's job.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .exports import FORMULA_TRIGGERS
from .text import fold

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# The header row must be among the first rows; title and notes rows sit above it.
HEADER_SEARCH_ROWS = 20
# Rows looked at to guess the delimiter: the title, the header and some data.
SNIFF_ROWS = 50
DELIMITERS = (",", ";", "\t")

# Files that are spreadsheets rather than text: .xlsx (a zip) and the older .xls.
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
# Control characters other than tab, CR and LF never occur in a CSV saved by Excel.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# "(*)" or "*" marks a required column in clerks' sheets.
_REQUIRED_MARK = re.compile(r"\(\s*\*+\s*\)|\*+")
_SPACES = re.compile(r"\s+")
# UTF-8 bytes of Vietnamese letters (ạ…ỹ, Ă…ÿ, Đ đ, Ơ ơ Ư ư), which Windows-1258 text
# does not hold: "áº" or "Ä" before a continuation byte.
_UTF8_VIETNAMESE = re.compile(rb"\xe1[\xba\xbb][\x80-\xbf]|[\xc3\xc4\xc6][\x80-\xbf]")
# Invisible characters (zero-width spaces, direction marks and overrides, soft hyphens):
# kept, they would make "093001" and "093001\u200b" two card numbers, or show a
# name reversed.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read; no row of it can be imported.

    `code` says why: "too_large", "empty", "workbook", "not_text", "mixed_encoding",
    "malformed", "cell_too_large", "no_header", "duplicate_column" or "too_many_rows".
    """


@dataclass(frozen=True)
class ImportColumn:
    """A column the importer expects.

    `key` names the value in `ImportRow.values`; `header` is the canonical header (the
    one the export writes, and the one error messages show); `aliases` are other
    spellings found in clerks' sheets or in English. A `required` column must be in the
    header row, though its cells may still be blank.
    """

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def __post_init__(self):
        object.__setattr__(self, "aliases", tuple(self.aliases))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass
class ImportRow:
    """One data row: its row number in the spreadsheet and its values by column key.

    `values` has every column key; cells that are missing, or whose column is not in
    the file, are "". Values are stripped.
    """

    number: int
    values: dict[str, str]


@dataclass
class ImportTable:
    """What `read_table()` found in a file.

    `headers` maps the keys of the columns present to their header as written in the
    file; `ignored_headers` are the file's headers that match no column, in file order.
    """

    rows: list[ImportRow]
    headers: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    header_row: int = 1
    delimiter: str = ","
    encoding: str = "UTF-8"


# --- decoding ----------------------------------------------------------------------


def _decode(data: bytes, max_bytes: int | None) -> tuple[str, str]:
    """Return the text of `data` and the name of the encoding it was read in."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s."),
            code="too_large",
            params={"size": filesizeformat(max_bytes)},
        )
    not_text = ImportFileError(
        _(
            "The file is not a CSV text file in UTF-8 or Windows-1258. "
            "Save it from Excel as “CSV UTF-8”."
        ),
        code="not_text",
    )
    if data.startswith(_WORKBOOK_SIGNATURES):
        raise ImportFileError(
            _(
                "The file is an Excel workbook, not a CSV file. Open it in Excel, choose "
                "Save As, pick “CSV UTF-8” as the file type, and upload that file."
            ),
            code="workbook",
        )
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, encoding = data.decode("utf-16"), "UTF-16"
        else:
            try:
                text, encoding = data.decode("utf-8-sig"), "UTF-8"
            except UnicodeDecodeError:
                _refuse_mixed_encodings(data)
                text, encoding = data.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError:
        raise not_text from None
    # Checked whatever the encoding: a binary file may well be valid UTF-8.
    if _CONTROL.search(text):
        raise not_text
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    if not text.strip():
        raise ImportFileError(_("The file is empty."), code="empty")
    return text, encoding


def _refuse_mixed_encodings(data: bytes):
    """Refuse a file of which some lines are UTF-8 and others not (Windows-1258).

    Read as Windows-1258, its UTF-8 lines would be imported as gibberish ("Nguyá»…n"),
    silently. A line with letters beyond ASCII that is valid UTF-8 is UTF-8: Windows-1258
    text almost never is, its letters and tone marks not being continuation bytes. So is
    a line holding the UTF-8 bytes of Vietnamese letters beside bytes that are not UTF-8.
    """
    has_utf8, first_other = False, None
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
            has_utf8 = has_utf8 or bool(_UTF8_VIETNAMESE.search(line))
        else:
            has_utf8 = True
        if has_utf8 and first_other:
            raise ImportFileError(
                _(
                    "The file mixes two encodings: row %(row)s is not UTF-8 like other rows. "
                    "Save it from Excel as “CSV UTF-8”."
                ),
                code="mixed_encoding",
                params={"row": first_other},
            )


def decode_upload(data: bytes, *, max_bytes: int | None = MAX_BYTES) -> str:
    """Return the text of an uploaded CSV file, in NFC.

    UTF-16 is read when the file starts with its byte-order mark; otherwise UTF-8 (a
    leading byte-order mark is dropped) and, only if the bytes are not valid UTF-8,
    Windows-1258. Raises `ImportFileError` for a file over `max_bytes` (None: no
    limit), an empty or blank file, a workbook, or anything with control characters
    other than tab, CR and LF (a binary file).
    """
    return _decode(data, max_bytes)[0]


# --- delimiter and headers ---------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """Guess the delimiter of a CSV text: ",", ";" or a tab; "," when nothing tells.

    Each candidate splits the first rows (quotes respected) into a number of fields per
    row. Excel pads every row to the same width, so the real delimiter gives the same
    count on most rows, while commas inside names and addresses vary from row to row: the
    candidate whose most common non-zero count occurs on the most rows wins, a larger
    count breaking ties.
    """
    lines = io.StringIO(text, newline="").readlines()[:SNIFF_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        tally: dict[int, int] = {}
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                if len(row) > 1:
                    tally[len(row) - 1] = tally.get(len(row) - 1, 0) + 1
        except csv.Error:
            continue
        if not tally:
            continue
        score = max((rows, count) for count, rows in tally.items())
        if score > best_score:
            best, best_score = delimiter, score
    return best


def normalise_header(text: str) -> str:
    """The form headers are compared in: folded, without "*" or "(*)", trailing ":"
    or extra whitespace. "Ngày vào Đảng (*):" and "NGAY VAO DANG" both give
    "ngay vao dang".
    """
    text = fold(str(text).replace("\ufeff", ""))
    text = _SPACES.sub(" ", _REQUIRED_MARK.sub(" ", text)).strip()
    return text.rstrip(":").rstrip()


def restore_formula(value: str) -> str:
    """Undo the export's `neutralise_formula()`: "'=1+1" becomes "=1+1" again."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _clean(cell: str) -> str:
    return restore_formula(_INVISIBLE.sub("", cell).strip()).strip()


def _header_lookup(columns) -> dict[str, ImportColumn]:
    """Normalised header or alias → column; a name claimed by two columns is a bug."""
    if not columns:
        raise ValueError("read_table() needs at least one column.")
    lookup: dict[str, ImportColumn] = {}
    keys = set()
    for column in columns:
        if column.key in keys:
            raise ValueError(f"Two import columns have the key {column.key!r}.")
        keys.add(column.key)
        for name in column.names:
            normalised = normalise_header(name)
            other = lookup.setdefault(normalised, column)
            if other.key != column.key:
                raise ValueError(
                    f"The header {name!r} matches both {other.key!r} and {column.key!r}."
                )
    return lookup


def _match_cells(cells, lookup) -> dict[int, ImportColumn]:
    """Cell index → the column its text names, for the cells that name one."""
    matches = {}
    for index, cell in enumerate(cells):
        column = lookup.get(normalise_header(_clean(cell)))
        if column is not None:
            matches[index] = column
    return matches


def _quoted(headers) -> str:
    return ", ".join(f"“{header}”" for header in headers)


def _no_header_error(columns, best: dict[int, ImportColumn]) -> ImportFileError:
    found = {column.key for column in best.values()}
    missing = [str(c.header) for c in columns if c.required and c.key not in found]
    if missing:
        return ImportFileError(
            _(
                "The header row was not found in the first %(count)s rows: the required "
                "columns %(headers)s are missing."
            ),
            code="no_header",
            params={"count": HEADER_SEARCH_ROWS, "headers": _quoted(missing)},
        )
    return ImportFileError(
        _(
            "The header row was not found in the first %(count)s rows. "
            "Expected columns: %(headers)s."
        ),
        code="no_header",
        params={"count": HEADER_SEARCH_ROWS, "headers": _quoted(c.header for c in columns)},
    )


# --- the table ---------------------------------------------------------------------


def _records(text: str, delimiter: str):
    """Yield (row number, cells) for every row, blank rows included."""
    # Strict: an unclosed quotation mark would otherwise swallow every row after it
    # into one cell, and those rows would silently not be imported.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFileError(
                _(
                    "A cell near row %(row)s is longer than %(limit)s characters. Check "
                    "that every quotation mark is closed."
                ),
                code="cell_too_large",
                params={
                    "row": number + 1,
                    "limit": number_format(csv.field_size_limit(), force_grouping=True),
                },
            ) from None
        raise ImportFileError(
            _(
                "The file cannot be read as CSV near row %(row)s. Check that every "
                "quotation mark is closed."
            ),
            code="malformed",
            params={"row": number + 1},
        ) from None


def read_table(
    data: bytes,
    columns,
    *,
    max_bytes: int | None = MAX_BYTES,
    max_rows: int | None = MAX_ROWS,
) -> ImportTable:
    """Read an uploaded CSV file into rows of values keyed by `columns`' keys.

    The header row is the first of the first `HEADER_SEARCH_ROWS` rows in which at
    least two columns (all of them, if fewer are defined) are recognised and every
    required column is present; rows above it are ignored. Headers that name no column
    are ignored and listed in `ignored_headers`. Rows with nothing in any recognised
    column are skipped (their numbers are not reused). Raises `ImportFileError` when the
    file cannot be decoded (see `decode_upload()`), has no header row, names a column
    twice, or holds more than `max_rows` data rows (None: no limit).
    """
    text, encoding = _decode(data, max_bytes)
    delimiter = sniff_delimiter(text)
    lookup = _header_lookup(columns)
    needed = min(2, len(columns))
    required = {column.key for column in columns if column.required}

    records = _records(text, delimiter)
    best: dict[int, ImportColumn] = {}
    header_row, header_cells, matches = None, [], {}
    for number, cells in records:
        found = _match_cells(cells, lookup)
        keys = {column.key for column in found.values()}
        if len(keys) >= needed and required <= keys:
            header_row, header_cells, matches = number, cells, found
            break
        if len(keys) > len({column.key for column in best.values()}):
            best = found
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        raise _no_header_error(columns, best)

    positions: dict[str, int] = {}
    for index, column in matches.items():
        if column.key in positions:
            raise ImportFileError(
                _(
                    "The column “%(header)s” appears more than once in the header row "
                    "(row %(row)s)."
                ),
                code="duplicate_column",
                params={"header": column.header, "row": header_row},
            )
        positions[column.key] = index
    table = ImportTable(
        rows=[],
        headers={key: _clean(header_cells[index]) for key, index in positions.items()},
        ignored_headers=[
            _clean(cell)
            for index, cell in enumerate(header_cells)
            if index not in matches and _clean(cell)
        ],
        header_row=header_row,
        delimiter=delimiter,
        encoding=encoding,
    )

    all_keys = [column.key for column in columns]
    for number, cells in records:
        values = dict.fromkeys(all_keys, "")
        for key, index in positions.items():
            if index < len(cells):
                values[key] = _clean(cells[index])
        if not any(values.values()):
            continue
        if max_rows is not None and len(table.rows) >= max_rows:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it into smaller files."),
                code="too_many_rows",
                params={"limit": number_format(max_rows, force_grouping=True)},
            )
        table.rows.append(ImportRow(number=number, values=values))
    return table


# --- values ------------------------------------------------------------------------


def parse_date(value: str) -> datetime.date | None:
    """Read a date as clerks write it: dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy and
    dd.mm.yyyy) or ISO yyyy-mm-dd. A blank value is None; anything else, including a
    day that does not exist such as 31/02/2024, raises `ValidationError`.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        if match := _DMY.fullmatch(value):
            day, _separator, month, year = match.groups()
            return datetime.date(int(year), int(month), int(day))
        if match := _ISO.fullmatch(value):
            year, month, day = match.groups()
            return datetime.date(int(year), int(month), int(day))
    except ValueError:
        pass
    raise ValidationError(
        _("“%(value)s” is not a date in dd/mm/yyyy form."),
        code="invalid_date",
        params={"value": value},
    )
