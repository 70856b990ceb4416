"""The CSV imports fed generated files: a clear refusal or all or nothing, nothing else.

Files are generated under a random set of the import's own headers (and some junk),
with cells of any text, hostile values and plausible ones, in UTF-8, UTF-16 or
Windows-1258. Each example is checked and written, then rolled back.
"""

import codecs
import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core.imports import ImportColumn, ImportFileError, read_table
from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind, kinds
from apps.members.imports import MemberImporter, PositionImporter
from apps.oversight.imports import subject_importer
from tests.oversight.conftest import inspection

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PLAUSIBLE = [
    "Nguyễn Văn", "An", "Nam", "Nữ", "male", "female", "10/01/2015", "03/02/1980",
    "2015-01-10", "TS-VTH-01", "TS-VTH-02", "Chi bộ Ấp Tây Bình", "093001", "093100",
    "Bí thư", "Chính thức", "Dự bị", "probationary", "official", "x", "1", "0",
    "Chưa phát hiện vi phạm", "Có vi phạm", "2023", "ghi chú",
]  # fmt: skip
HOSTILE = [
    "=HYPERLINK(\"http://x\",\"y\")", "+cmd", "-1+1", "@SUM(1)", "'=1", "<script>x</script>",
    "\u202e\u200b", "31/02/2023", "99/99/99999", "01/01/0001", "31/12/9999", "1e309", "-0",
    "NaN", "9" * 30, "; DROP TABLE x; --", "../../etc/passwd", "\x00", "x" * 400,
    "00000000-0000-0000-0000-000000000000", "not-a-uid", "a;b;c",
]  # fmt: skip
cell = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.just(""),
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258"]


def csv_bytes(header, rows, encoding, delimiter) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@st.composite
def files(draw, headers):
    """A CSV file under some of `headers` (and perhaps a junk column), in some encoding."""
    chosen = draw(st.lists(st.sampled_from(headers), min_size=1, max_size=len(headers)))
    if draw(st.booleans()):
        chosen.append(draw(st.sampled_from(["junk", "Ghi chú khác", "", "uid"])))
    rows = draw(st.lists(st.lists(cell, min_size=len(chosen), max_size=len(chosen)), max_size=6))
    encoding = draw(st.sampled_from(ENCODINGS))
    return csv_bytes(chosen, rows, encoding, draw(st.sampled_from([",", ";", "\t"])))


def counts():
    return {kind.name: kind.model._base_manager.count() for kind in kinds()}


def check_all_or_nothing(importer, data, model):
    """Run `importer` on `data`, committing, and undo it; the rules hold or this fails."""
    with transaction.atomic():
        before = counts()
        refusal = report = None
        try:
            report = importer.run(data, commit=True)
        except ImportFileError as error:
            refusal = error
        after = counts()
        if refusal is not None:
            assert " ".join(refusal.messages).strip()
        if report is None or not report.applied:
            assert after == before
            if report is not None:
                assert report.errors
                assert all(str(message).strip() for _n, _h, message in report.errors)
        else:
            assert not report.errors
            label = next(kind.name for kind in kinds() if kind.model is model)
            assert after[label] - before[label] == report.counts["create"]
        transaction.set_rollback(True)


def headers_of(importer):
    return [name for column in importer.columns for name in column.names]


@pytest.fixture
def event(tree, people):
    return inspection(tree["vong_the"], datetime.date(2023, 5, 2))


@pytest.mark.parametrize("name", ["members", "positions", "subjects"])
def test_register_imports_take_any_file(name, district_staff, event):
    from apps.members.models import PartyMember, Position
    from apps.oversight.models import InspectionSubject

    make, model = {
        "members": (lambda: MemberImporter(district_staff), PartyMember),
        "positions": (lambda: PositionImporter(district_staff), Position),
        "subjects": (
            lambda: subject_importer(InspectionSubject)(district_staff, event),
            InspectionSubject,
        ),
    }[name]
    headers = headers_of(make())

    @EXAMPLES
    @given(data=files(headers))
    def run(data):
        check_all_or_nothing(make(), data, model)

    run()


@pytest.mark.parametrize("kind", ["members", "organizations", "study_sessions", "targets"])
def test_exchange_imports_take_any_file(kind, district_staff, people):
    csv_kind = get_kind(kind)
    importer_class = KindImporter.for_kind(csv_kind)
    headers = [column.header for column in importer_class(district_staff).columns]

    @EXAMPLES
    @given(data=files(headers))
    def run(data):
        check_all_or_nothing(importer_class(district_staff), data, csv_kind.model)

    run()


COLUMNS = [
    ImportColumn("name", "Họ và tên", required=True),
    ImportColumn("day", "Ngày", aliases=("Date",)),
    ImportColumn("note", "Ghi chú"),
]


@EXAMPLES
@given(data=st.binary(max_size=3000))
def test_any_bytes_are_read_or_refused(data):
    refusal = table = None
    try:
        table = read_table(data, COLUMNS)
    except ImportFileError as error:
        refusal = error
    if refusal is not None:
        assert refusal.code
        assert " ".join(refusal.messages).strip()
    else:
        assert all(set(row.values) == {"name", "day", "note"} for row in table.rows)


@EXAMPLES
@given(
    rows=st.lists(st.lists(st.text(max_size=20), min_size=3, max_size=3), max_size=8),
    bom=st.sampled_from([b"", codecs.BOM_UTF8]),
)
def test_any_text_under_the_headers_is_read_back(rows, bom):
    """What csv writes under the headers reads back cell for cell (stripped, visible)."""
    data = bom + csv_bytes(["Họ và tên", "Ngày", "Ghi chú"], rows, "utf-8", ",")
    refusal = table = None
    try:
        table = read_table(data, COLUMNS)
    except ValidationError as error:
        refusal = error
    if refusal is not None:
        # Text with control characters, or nothing but blanks, is refused with a reason.
        assert refusal.code in {"not_text", "empty", "no_header"}
    else:
        assert len(table.rows) <= len(rows)
