"""Every kind exports and imports back without loss, through the commands and the pages."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from simple_history.models import HistoricalChanges

from apps.core.models import PendingImport
from apps.exchange.registry import kinds
from apps.organizations.models import PartyOrganization
from tests.helpers import read_csv

from .conftest import clear_database, export, run_import, snapshot, snapshots

pytestmark = pytest.mark.django_db


def test_every_record_with_a_uid_is_a_registered_kind():
    with_uid = {
        model
        for model in apps.get_models()
        # The change history's copies (apps/audit) keep the uid too, and do not move.
        if any(field.name == "uid" for field in model._meta.fields)
        and not issubclass(model, HistoricalChanges)
    }
    assert with_uid <= {kind.model for kind in kinds()}


def test_kinds_come_after_the_kinds_they_refer_to():
    order = {kind.model: position for position, kind in enumerate(kinds())}
    for kind in kinds():
        for column in kind.all_columns:
            target = column.field.related_model if column.field.is_relation else None
            if target in order and target is not kind.model:
                assert order[target] < order[kind.model], (kind.name, column.header)


def test_every_kind_has_records_in_the_test_district(everything):
    empty = [kind.name for kind in kinds() if not kind.model._base_manager.exists()]
    # The results app's kinds are filled by its own tests.
    assert set(empty) <= {"resolutions", "targets", "manual_values"}


def test_the_page_and_the_command_export_the_same_file(everything, superuser, client):
    client.force_login(superuser)
    for kind in kinds():
        response = client.get(reverse("exchange:export", args=[kind.name]))
        page = b"".join(response.streaming_content).decode("utf-8")
        assert page == export(kind.name), kind.name


def test_reimporting_an_export_changes_nothing(everything, tmp_path):
    before = snapshots()
    for kind in kinds():
        path = tmp_path / f"{kind.name}.csv"
        path.write_text(export(kind.name), encoding="utf-8")
        count = kind.model._base_manager.count()
        assert run_import(kind.name, path) == f"Imported: 0 new, 0 updated, {count} unchanged.\n"
    assert snapshots() == before


def test_all_kinds_move_into_a_cleared_database_through_the_commands(everything, tmp_path):
    before = snapshots()
    export("all", "--output", str(tmp_path))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{kind.name}.csv" for kind in kinds()
    )
    clear_database()
    assert not PartyOrganization.objects.exists()
    output = run_import("all", tmp_path)
    assert output.endswith(" updated, 5 unchanged.\n")  # the default organization kinds
    after = snapshots()
    for kind in kinds():
        assert after[kind.name] == before[kind.name], kind.name


def test_each_kind_moves_into_a_cleared_database_through_the_pages(everything, superuser, client):
    """Exported and imported one kind at a time, in the order the page lists them."""
    client.force_login(superuser)
    before = snapshots()
    files = {}
    for kind in kinds():
        response = client.get(reverse("exchange:export", args=[kind.name]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        files[kind.name] = b"".join(response.streaming_content)
    clear_database()
    for kind in kinds():
        upload = SimpleUploadedFile(f"{kind.name}.csv", files[kind.name], content_type="text/csv")
        preview = client.post(
            reverse("exchange:import", args=[kind.name]), {"file": upload}, follow=True
        )
        assert preview.context["report"].errors == [], kind.name
        pending = PendingImport.objects.get()
        url = reverse("exchange:import-preview", args=[kind.name, pending.pk])
        done = client.post(url, follow=True)
        assert done.redirect_chain[-1][0] == reverse("exchange:index")
        assert snapshot(kind.model) == before[kind.name], kind.name


def test_an_export_has_one_row_per_record_under_the_canonical_headers(
    everything, superuser, client
):
    client.force_login(superuser)
    for kind in kinds():
        rows = read_csv(client.get(reverse("exchange:export", args=[kind.name])))
        assert rows[0] == [column.header for column in kind.all_columns]
        assert len(rows) - 1 == kind.model._base_manager.count(), kind.name


def test_formulas_are_neutralised_and_restored(everything, tmp_path):
    text = export("members")
    assert "'=1+1 là công thức" in text
    an = everything["first"].subjects.get(member__given_name="An").member
    path = tmp_path / "members.csv"
    path.write_text(text, encoding="utf-8")
    clear_members = an.notes
    run_import("members", path)
    an.refresh_from_db()
    assert an.notes == clear_members == "=1+1 là công thức, -5 điểm là ghi chú"
