"""Every hostile file through every import, on the page and on the command line.

Whatever the file, the answer is a clear message (the file refused as a whole, or each
bad row with its column) or a clean import; never a server error or a traceback, and
never a partial write: when anything is wrong, no table changes.
"""

import contextlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from apps.core.imports import MAX_BYTES, ImportFileError, read_table
from apps.core.models import PendingImport
from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind, kinds
from apps.members.imports import MemberImporter, PositionImporter
from apps.members.models import PartyMember, Position
from apps.organizations.models import PartyOrganization
from apps.oversight.imports import subject_importer
from apps.oversight.models import InspectionSubject, SupervisionSubject
from tests.hostile import make_files
from tests.hostile.make_files import FILES, LAYOUTS
from tests.oversight.conftest import inspection, supervision

pytestmark = pytest.mark.django_db

# The imports each layout is meant for; every file also goes through the others.
PAGES = {
    "members": ("register", PartyMember),
    "positions": ("register", Position),
    "inspection-subjects": ("register", InspectionSubject),
    "supervision-subjects": ("register", SupervisionSubject),
    "exchange-members": ("exchange", PartyMember),
    "exchange-organizations": ("exchange", PartyOrganization),
    "exchange-positions": ("exchange", Position),
}
COMMANDS = {
    "members": ["import_members"],
    "positions": ["import_positions"],
    "exchange-members": ["import_csv", "members"],
    "exchange-organizations": ["import_csv", "organizations"],
    "exchange-positions": ["import_csv", "positions"],
}
# What the member imports make of each file: refused as a whole, rows with errors, or
# imported. Cases not listed may end either way, as long as the rules above hold.
EXPECTED = {
    "empty": "refused", "blank": "refused", "header_only": "clean",
    "only_delimiters": "refused", "no_header": "refused", "utf8_bom": "clean",
    "double_bom": "clean", "utf16_le_bom": "clean", "utf16_be_bom": "clean",
    "utf16_without_bom": "refused", "utf16_odd_length": "refused", "windows_1258": "clean",
    "mixed_encodings": "refused", "invalid_utf8": "refused", "nul_bytes": "refused",
    "zip_file": "refused", "png_file": "refused", "cr_only": "clean",
    "mixed_line_endings": "clean", "unbalanced_quotes": "refused", "duplicate_headers": "refused",
    "formulas": "clean", "html_names": "clean", "invisible_characters": "clean",
    "bad_dates": "errors", "bad_numbers": "errors", "sql_strings": "clean",
    "path_traversal": "clean", "long_lines": "errors", "one_mb_cell": "refused",
    "ten_thousand_columns": "clean", "oversized": "refused",
}  # fmt: skip


@pytest.fixture
def world(tree, people, district_staff):
    """Two events of Vọng Thê, whose subject lists the files are imported into."""
    import datetime

    started = datetime.date(2023, 5, 2)
    return {
        "inspection": inspection(tree["vong_the"], started),
        "supervision": supervision(tree["vong_the"], started),
    }


def upload_url(name, world):
    if name == "members":
        return reverse("members:import")
    if name == "positions":
        return reverse("members:position-import")
    if name.endswith("-subjects"):
        event = world[name.removesuffix("-subjects")]
        return reverse(f"oversight:{event.url_prefix}-subject-import", args=[event.pk])
    return reverse("exchange:import", args=[name.removeprefix("exchange-")])


def counts() -> dict:
    """Rows of every kind of record (every model that holds the district's records)."""
    return {kind.model._meta.label: kind.model._base_manager.count() for kind in kinds()}


@contextlib.contextmanager
def rolled_back():
    """Run an import and undo it, so the next one starts from the same records."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def through_the_page(client, url, data) -> tuple[str, str, object]:
    """(outcome, message, report) of uploading `data`, previewing and confirming it."""
    file = SimpleUploadedFile("hostile.csv", data, content_type="text/csv")
    response = client.post(url, {"file": file}, HTTP_HOST="127.0.0.1")
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 200:
        errors = response.context["form"].errors.get("file")
        assert errors, "the upload was neither accepted nor refused with a message"
        return "refused", " ".join(errors), None
    preview = response.url
    response = client.get(preview, HTTP_HOST="127.0.0.1", follow=True)
    assert response.status_code == 200
    if "report" not in response.context:
        # Refused as a whole: back on the upload page with the reason.
        assert response.redirect_chain[-1][0] == url
        message = " ".join(messages_of(response))
        return "refused", message, None
    report = response.context["report"]
    response = client.post(preview, HTTP_HOST="127.0.0.1", follow=True)
    assert response.status_code == 200
    after = response.context.get("report")
    if after is not None:
        # Still on the preview: errors found while checking, or while writing.
        assert not after.applied
        assert after.errors
        return "errors", "; ".join(f"{n}: {h}: {m}" for n, h, m in after.errors), after
    assert not report.errors
    return "clean", " ".join(messages_of(response)), report


def through_the_command(args, data, tmp_path, user="staff") -> tuple[str, str]:
    """(outcome, message) of the command run as `user` (the page's user, same scope)."""
    path = Path(tmp_path) / "hostile.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, str(path), "--user", user, stdout=out, stderr=err, verbosity=0)
    except CommandError as error:
        return "refused", str(error)
    return "clean", out.getvalue()


def check(name, case, data, client, world, tmp_path) -> list[str]:
    """Every rule for one file through one import; the broken ones, described."""
    problems = []
    model = PAGES[name][1]
    with translation.override("en"), rolled_back():
        before = counts()
        outcome, message, report = through_the_page(client, upload_url(name, world), data)
        after = counts()
        if outcome != "clean":
            if not message.strip():
                problems.append(f"{name}/{case}: {outcome} without a message")
            if after != before:
                problems.append(f"{name}/{case}: {outcome} but written: {diff(before, after)}")
        else:
            created = after[model._meta.label] - before[model._meta.label]
            if created != report.counts["create"]:
                problems.append(f"{name}/{case}: {report.counts} but {created} created")
        if "Traceback" in message:
            problems.append(f"{name}/{case}: a traceback in the message")
    if name in COMMANDS:
        with translation.override("en"), rolled_back():
            before = counts()
            command_outcome, command_message = through_the_command(COMMANDS[name], data, tmp_path)
            if command_outcome != ("clean" if outcome == "clean" else "refused"):
                problems.append(f"{name}/{case}: page {outcome}, command {command_outcome}")
            if command_outcome == "refused" and counts() != before:
                problems.append(f"{name}/{case}: the command refused but wrote")
            if not command_message.strip() and command_outcome == "refused":
                problems.append(f"{name}/{case}: the command refused without a message")
    if name in {"members", "exchange-members"} and PAGES[name][0] in case_layouts(case):
        expected = EXPECTED.get(case.split("/")[-1])
        if expected and outcome != expected:
            problems.append(f"{name}/{case}: {outcome} ({message[:300]}), expected {expected}")
    return problems


def importer_for(name, user, world):
    if name == "members":
        return MemberImporter(user)
    if name == "positions":
        return PositionImporter(user)
    if name.endswith("-subjects"):
        event = world[name.removesuffix("-subjects")]
        return subject_importer(event.subject_model())(user, event)
    return KindImporter.for_kind(get_kind(name.removeprefix("exchange-")))(user)


def check_run(name, case, data, user, world) -> list[str]:
    """The rules for a file meant for another import: straight through `run()`."""
    problems = []
    with translation.override("en"), rolled_back():
        before = counts()
        try:
            report = importer_for(name, user, world).run(data, commit=True)
        except ValidationError as error:
            if not " ".join(error.messages).strip():
                problems.append(f"{name}/{case}: refused without a message")
            report = None
        if (report is None or not report.applied) and counts() != before:
            problems.append(f"{name}/{case}: not applied but written")
    return problems


def case_layouts(case):
    return {case.split("/")[0]} if "/" in case else set(LAYOUTS)


def diff(before, after):
    return {
        label: after[label] - before[label] for label in before if after[label] != before[label]
    }


COMMITTED = sorted(path.relative_to(FILES).as_posix() for path in FILES.glob("*/*.csv"))


def test_the_committed_files_are_what_the_script_makes():
    made = dict(make_files.all_files())
    assert sorted(made) == COMMITTED
    for relative, data in made.items():
        assert (FILES / relative).read_bytes() == data, relative


@pytest.mark.parametrize("relative", COMMITTED)
def test_a_hostile_file_through_every_import(
    relative, staff_client, district_staff, world, tmp_path
):
    data = (FILES / relative).read_bytes()
    problems = []
    layout = relative.split("/")[0]
    for name, (own_layout, _model) in PAGES.items():
        case = relative.removesuffix(".csv")
        if own_layout == layout:
            problems += check(name, case, data, staff_client, world, tmp_path)
        else:
            problems += check_run(name, case, data, district_staff, world)
    assert not problems


@pytest.mark.parametrize("case", make_files.GENERATED, ids=lambda case: case.__name__)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_large_file_made_at_test_time(case, layout, staff_client, world, tmp_path):
    data = make_files.make(case, layout)
    problems = []
    for name in PAGES:
        if PAGES[name][0] == layout:
            problems += check(
                name, f"{layout}/{case.__name__}", data, staff_client, world, tmp_path
            )
    assert not problems


# --- limits and the machinery's own refusals --------------------------------------------


@pytest.mark.parametrize("extra", [1, 200 * 1024], ids=["just-over", "far-over"])
def test_an_oversized_upload_is_refused_before_it_is_kept(extra, staff_client, tree, tmp_path):
    header, good = LAYOUTS["register"]
    data = make_files.oversized("register", header, good, MAX_BYTES + extra)[: MAX_BYTES + extra]
    assert len(data) == MAX_BYTES + extra
    file = SimpleUploadedFile("lon.csv", data, content_type="text/csv")
    response = staff_client.post(reverse("members:import"), {"file": file})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert filesizeformat(MAX_BYTES) in " ".join(errors)
    assert not PendingImport.objects.exists()
    outcome, message = through_the_command(["import_members"], data, tmp_path)
    assert outcome == "refused"
    assert filesizeformat(MAX_BYTES) in message
    assert not PartyMember.objects.filter(card_number="093100").exists()


def refusal_of(data) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        read_table(data, MemberImporter.columns)
    return caught.value


def test_a_file_mixing_encodings_is_refused_naming_a_row():
    error = refusal_of(make_files.make(make_files.mixed_encodings, "register"))
    assert error.code == "mixed_encoding"
    with translation.override("en"):
        assert "row 3 is not UTF-8" in " ".join(error.messages)


def test_utf8_letters_beside_bad_bytes_are_a_mix_too():
    error = refusal_of(make_files.make(make_files.invalid_utf8, "register"))
    assert error.code == "mixed_encoding"


def test_an_unclosed_quote_does_not_swallow_the_rows_after_it():
    header, good = LAYOUTS["register"]
    second = [*good[:4], "093101", *good[5:]]
    text = (
        make_files.line(header) + "\n" + make_files.line(good) + ',"unclosed' + "\n"
        + make_files.line(second) + "\n"
    )  # fmt: skip
    error = refusal_of(text.encode())
    assert error.code == "malformed"


def test_a_cell_over_the_csv_limit_is_named_as_such():
    error = refusal_of(make_files.make(make_files.one_mb_cell, "register"))
    assert error.code == "cell_too_large"
    with translation.override("en"):
        assert "row 2" in " ".join(error.messages)


def test_invisible_characters_do_not_make_a_new_card_number(district_staff, people):
    header = "Họ và tên đệm,Tên,Giới tính,Ngày vào Đảng,Số thẻ đảng viên,Mã chi bộ\n"
    row = "Nguyễn Văn,An\u200b,Nam,10/01/2015,\u202a0930\u200b01\u202c,TS-VTH-01\n"
    report = MemberImporter(district_staff).run((header + row).encode(), commit=True)
    assert not report.errors
    assert report.counts == {"create": 0, "update": 0, "unchanged": 1}
    assert PartyMember.objects.filter(card_number="093001").count() == 1
