"""The import writes new records through COPY on PostgreSQL (`write_new`): the same
records and history rows `history.bulk_create` writes, keys from the same sequence, and
nothing kept when a later batch fails."""

import datetime

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext

from apps.audit import history
from apps.core import importing
from apps.core.importing import write_new
from apps.members import imports
from apps.members.imports import MemberImporter
from apps.members.models import Gender, MemberEvent, Membership, MemberStatus, PartyMember
from tests.factories import member
from tests.members.test_import_in_bulk import card_taken_meanwhile, sheet

pytestmark = pytest.mark.django_db
D = datetime.date
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY")
TRICKY = "tab\there, line\nbreak, back\\slash, \\N, return\r, Đảng viên"
# Differ from one writing to the next; compared between a record and its history rows.
VARYING = {"id", "uid", "created_at", "updated_at", "recorded_at", "history_id", "history_date"}


def records(cell, user):
    members = [
        PartyMember(family_name="Trần Văn", given_name=f"Số{number}", gender=Gender.MALE,
                    personal_id=f"08900000000{number}",
                    card_number=f"7700000{number}" if number else "",
                    other_name=TRICKY if number == 1 else "", birth_date=D(1980, 1, number + 1),
                    notes=TRICKY, cell=cell, status=MemberStatus.OFFICIAL,
                    admitted_on=D(2001, 2, 3), official_on=D(2002, 3, 4))
        for number in range(3)
    ]  # fmt: skip
    for one in members:
        one.refresh_derived_fields()

    def events(written):
        return [
            MemberEvent(member=one, kind=MemberEvent.Kind.ADMISSION, happened_on=D(2001, 2, 3),
                        organization=cell, note=TRICKY, recorded_by_id=user.pk)
            for one in written
        ]  # fmt: skip

    return members, events


def snapshot():
    """Every column of the records and their history rows but those that vary; and a
    check that each history row copies its record, varying columns included."""
    stored = {}
    for model in (PartyMember, MemberEvent):
        stored[model] = {row["id"]: row for row in model.objects.values()}
    people = {pk: row["personal_id"] for pk, row in stored[PartyMember].items()}

    def fixed(row):
        row = {key: value for key, value in row.items() if key not in VARYING}
        if "member_id" in row:
            row["member_id"] = people[row["member_id"]]
        return tuple(sorted(row.items()))

    seen = []
    for model in (PartyMember, MemberEvent):
        for row in model.history.values():
            record = stored[model][row["id"]]
            tracked = {key: value for key, value in record.items() if key in row}
            assert {key: row[key] for key in tracked} == tracked
            seen.append((model.__name__, fixed(row)))
    rows = [fixed(row) for model in stored for row in stored[model].values()]
    return sorted(rows), sorted(seen)


def write(writer, cell, user):
    members, events = records(cell, user)
    with history.acting(user, history.IMPORT):
        writer(PartyMember, members)
        writer(MemberEvent, events(members))
    return members


def test_write_new_leaves_what_bulk_create_leaves(tree, district_staff):
    cell = tree["oc_eo_1"]
    with CaptureQueriesContext(connection) as captured:
        written = write(write_new, cell, district_staff)
    copied = snapshot()
    assert len(copied[0]) == 6
    assert len(copied[1]) == 6
    assert all(one.pk and not one._state.adding for one in written)
    row = dict(copied[1][0][1])
    assert (row["history_type"], row["history_change_reason"]) == ("+", "import")
    assert row["history_user_id"] == district_staff.pk
    assert PartyMember.objects.get(given_name="Số1").other_name == TRICKY
    copies = [query["sql"] for query in captured if query["sql"].startswith("COPY")]
    assert len(copies) == (4 if connection.vendor == "postgresql" else 0)

    for model in (MemberEvent, PartyMember):
        model.objects.all().delete()
        model.history.all().delete()
    write(lambda model, objs: history.bulk_create(model, objs), cell, district_staff)
    assert snapshot() == copied


@on_postgresql
def test_write_new_takes_keys_from_the_table_sequence(tree):
    members, _events = records(tree["oc_eo_1"], None)
    write_new(PartyMember, members, batch_size=2)  # two COPYs
    for one in members:
        assert PartyMember.objects.get(pk=one.pk).personal_id == one.personal_id
    later = member(tree["oc_eo_1"], given_name="Sau")
    assert later.pk > max(one.pk for one in members)


def test_without_history_write_new_writes_the_records_alone(tree):
    members, _events = records(tree["oc_eo_1"], None)
    with history.without_history():
        write_new(PartyMember, members)
    assert PartyMember.objects.count() == 3
    assert PartyMember.history.count() == 0


def test_a_column_copy_cannot_write_as_bulk_create_falls_back():
    data = models.JSONField()
    data.set_attributes_from_name("data")
    with pytest.raises(importing._Unsupported):
        importing._Column(data)
    # A naive date and time is left to the field, which makes it aware.
    stamp = models.DateTimeField()
    stamp.set_attributes_from_name("stamp")
    naive = datetime.datetime(2024, 1, 2, 3, 4, 5)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        prepared = stamp.get_db_prep_save(naive, connection)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        assert importing._Column(stamp).text(naive, connection) == importing._copy_text(prepared)


def test_a_failure_after_a_written_batch_keeps_nothing(tree, district_staff, monkeypatch):
    """The first batches are written (copied) before a later one is refused: the whole
    file is undone, records and history rows."""
    monkeypatch.setattr(imports, "WRITE_BATCH", 4)
    card_taken_meanwhile(tree, monkeypatch)
    report = MemberImporter(district_staff).run(sheet(12), commit=True)
    assert not report.applied
    assert report.errors == [(10, "", "Số thẻ đảng viên này đã có ở một đảng viên khác.")]
    assert PartyMember.objects.count() == 1
    assert Membership.objects.count() == 1
    assert PartyMember.history.count() == 1
    assert Membership.history.count() == 1
    assert MemberEvent.history.count() == MemberEvent.objects.count()


@on_postgresql
def test_a_refused_copy_raises_what_an_insert_raises(tree):
    """The database's refusal is Django's IntegrityError, and nothing of the batch stays."""
    taken = member(tree["oc_eo_1"], given_name="Trước")
    members, _events = records(tree["oc_eo_1"], None)
    members[2].uid = taken.uid
    with pytest.raises(IntegrityError), transaction.atomic():
        write_new(PartyMember, members)
    assert PartyMember.objects.count() == 1
    assert PartyMember.history.count() == 1
