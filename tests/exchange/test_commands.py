"""export_csv and import_csv: files, directories, summaries and failures."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.exchange.registry import kinds
from apps.members.models import Badge, MemberRating
from apps.organizations.models import PartyOrganization

from .conftest import export, run_import

pytestmark = pytest.mark.django_db


def test_export_to_a_file_writes_the_same_bytes_as_stdout(everything, tmp_path):
    path = tmp_path / "members.csv"
    call_command("export_csv", "members", "--output", str(path), stderr=io.StringIO())
    assert path.read_bytes() == export("members").encode("utf-8")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_dry_run_writes_nothing(everything, tmp_path):
    path = tmp_path / "badges.csv"
    path.write_text(export("badges"), encoding="utf-8")
    Badge.objects.all().delete()
    assert run_import("badges", path, "--dry-run") == (
        "Checked, nothing written: 1 new, 0 updated, 0 unchanged.\n"
    )
    assert not Badge.objects.exists()
    run_import("all", tmp_path, "--dry-run")
    assert not Badge.objects.exists()


def test_all_writes_nothing_when_a_later_file_is_wrong(everything, tmp_path):
    export("all", "--output", str(tmp_path))
    MemberRating.objects.all().delete()
    ratings = tmp_path / "model_renewals.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8") + ",,nineteen,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"model_renewals\.csv: 1 errors; nothing was written"):
        call_command(
            "import_csv", "all", str(tmp_path), stdout=io.StringIO(), stderr=err, verbosity=0
        )
    assert "model_renewals.csv: row " in err.getvalue()
    assert not MemberRating.objects.exists()  # the earlier file's rows were rolled back


def test_all_imports_the_files_it_finds(everything, tmp_path):
    (tmp_path / "badges.csv").write_text(export("badges"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("không phải CSV", encoding="utf-8")
    assert run_import("all", tmp_path).splitlines() == [
        "badges.csv: 0 new, 0 updated, 1 unchanged",
        "Imported: 0 new, 0 updated, 1 unchanged.",
    ]
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="No file named after a kind"):
        run_import("all", tmp_path / "empty")
    with pytest.raises(CommandError, match="is not a directory"):
        run_import("all", tmp_path / "nothing-here")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export_csv", "secrets"], "Unknown kind 'secrets'"),
        (["export_csv", "all"], "give --output DIRECTORY"),
        (["export_csv"], "Name a kind"),
        (["import_csv", "secrets", "x.csv"], "Unknown kind 'secrets'"),
        (["import_csv", "members", "missing.csv"], "Cannot read"),
        (["import_csv", "members", "x.csv", "--user", "nobody"], "No active user"),
    ],
)
def test_mistakes_on_the_command_line(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


def test_describe_prints_every_kind_with_its_columns(db):
    out = io.StringIO()
    call_command("export_csv", "--describe", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(kinds())
    assert lines[0].startswith("- `organization_kinds` (organization kinds): `code, name, ")


def test_a_user_without_scope_exports_nothing(everything, db):
    from tests.factories import UserFactory

    UserFactory(username="nowhere")
    assert export("organizations", "--user", "nowhere").splitlines()[1:] == []
    assert PartyOrganization.objects.exists()
