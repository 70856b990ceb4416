"""Reading CSV files that clerks save from Excel: encoding, delimiter, header row, dates.

Clerks' sheets come in UTF-8 (with or without a byte-order mark), UTF-16 ("Unicode
text") or the Vietnamese ANSI code page Windows-1258, separated by commas or
semicolons, often with a title and notes above the header row. This module turns such
a file into rows keyed by column, or refuses it with a message a clerk can act on.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import fold

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 20
# A cell the export prefixed with an apostrophe so that Excel would not run it.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read; no row was looked at."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    aliases: tuple = ()
    required: bool = False


@dataclass
class ImportRow:
    number: int  # the line a spreadsheet shows, title rows included
    values: dict


@dataclass
class ImportTable:
    rows: list
    present: set = field(default_factory=set)  # keys of the columns the file has
    ignored_headers: list = field(default_factory=list)


def normalise_header(text: str) -> str:
    """'Ngày vào Đảng (*):' and 'NGAY VAO DANG' both become 'ngay vao dang'."""
    text = re.sub(r"\(\s*\*\s*\)|\*", "", text or "")
    return fold(text).strip(" :")


def decode_upload(data: bytes) -> str:
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data or data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _(
                "This is not a CSV text file (an Excel workbook?). "
                "Save it from Excel as “CSV UTF-8”."
            )
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    _(
                        "The file is neither UTF-8 nor Windows-1258. "
                        "Save it from Excel as “CSV UTF-8”."
                    )
                ) from error
    if _CONTROL.search(text):
        raise ImportFileError(
            _("The file contains binary data. Save it from Excel as “CSV UTF-8”.")
        )
    # Windows-1258 writes tones as combining marks; compare and store composed text.
    return unicodedata.normalize("NFC", text)


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    counts = {delimiter: sample.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_table(data: bytes, columns, *, max_bytes=MAX_BYTES, max_rows=MAX_ROWS) -> ImportTable:
    """Find the header row, map it to `columns`, and return the data rows below it."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    text = decode_upload(data)
    lines = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
    names = {}
    for column in columns:
        for spelling in (column.header, *column.aliases):
            names[normalise_header(spelling)] = column.key
    required = {column.key for column in columns if column.required}
    needed_matches = min(2, len(columns))

    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        keys = [names.get(normalise_header(cell)) for cell in line]
        found = {key for key in keys if key}
        if len(found) >= needed_matches and required <= found:
            header_index, header_keys, header_line = index, keys, line
            break
    else:
        missing = [column.header for column in columns if column.required] or [
            column.header for column in columns[:2]
        ]
        raise ImportFileError(
            _("No header row with the columns %(columns)s was found in the first %(rows)d rows.")
            % {"columns": ", ".join(f"“{name}”" for name in missing), "rows": HEADER_SEARCH_ROWS}
        )
    duplicated = {key for key in header_keys if key and header_keys.count(key) > 1}
    if duplicated:
        headers = [column.header for column in columns if column.key in duplicated]
        raise ImportFileError(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(headers)}
        )

    rows = []
    for offset, line in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in line):
            continue
        values = {}
        for key, cell in zip(header_keys, line, strict=False):
            if key:
                values[key] = _NEUTRALISED.sub("", cell.strip())
        for key in header_keys:
            if key:
                values.setdefault(key, "")
        rows.append(ImportRow(number=offset, values=values))
        if len(rows) > max_rows:
            raise ImportFileError(
                _("The file has more than %(rows)d rows; split it.") % {"rows": max_rows}
            )
    ignored = [
        cell for cell, key in zip(header_line, header_keys, strict=False) if not key and cell
    ]
    return ImportTable(
        rows=rows, present={key for key in header_keys if key}, ignored_headers=ignored
    )


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_date(value: str) -> datetime.date | None:
    """dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd); '' is no date."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date in dd/mm/yyyy form."), params={"value": value}
    )
