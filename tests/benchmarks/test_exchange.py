"""The CSV benchmark measures what it says: the same rows both ways, nothing kept.

`benchmarks/exchange.py` compares the member list's export with PostgreSQL's COPY of
the same cells and times the members import of a generated clerk's file; the figures
mean something only if COPY writes the same rows, the file imports cleanly and the
database is left as it was.
"""

import csv
import io

import pytest
from django.db import connection

from apps.members.imports import MemberImporter
from apps.members.models import MemberEvent, PartyMember
from benchmarks.exchange import (
    IMPORT_HEADERS,
    copy_export,
    copy_statement,
    export_memory,
    export_table,
    import_file,
    measure_export,
    measure_import,
)
from tests.factories import member

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)


def test_the_import_file_is_a_clerks_sheet_of_new_members(tree, district_staff, people):
    data = import_file(district_staff, 40)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == IMPORT_HEADERS
    assert len(rows) == 42
    cards = [row[7] for row in rows[2:] if row[7]]
    assert len(set(cards)) == len(cards)
    assert not set(cards) & {"093001", "093002"}
    report = MemberImporter(district_staff).run(data, commit=False)
    assert report.errors == []
    assert report.counts == {"create": 40, "update": 0, "unchanged": 0}


def test_measure_import_writes_every_row_and_keeps_none(tree, district_staff, people):
    members, events = PartyMember.objects.count(), MemberEvent.objects.count()
    figures = measure_import(25, district_staff)
    assert figures["rows"] == 25
    assert figures["counts"]["create"] == 25
    assert figures["rows_per_second"] > 0
    assert figures["preview_rows_per_second"] > 0
    assert (PartyMember.objects.count(), MemberEvent.objects.count()) == (members, events)


@postgresql_only
def test_copy_writes_the_rows_the_export_writes(tree, district_staff, people):
    member(tree["oc_eo_1"], family_name="Lê, Văn", given_name="Tư", official_on="2021-02-01")
    table = export_table(district_staff, "sort=-admitted_on")
    sink = io.StringIO()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(copy_statement(table), sink)
    copied = list(csv.reader(io.StringIO(sink.getvalue())))[1:]
    figures = measure_export(district_staff, "sort=-admitted_on", repeat=1)
    assert figures["rows"] == figures["copy_rows"] == len(copied) == 6
    assert copy_export(copy_statement(table))[1] == 7  # the header and six rows
    assert copied[0][:3] == ["Lê, Văn", "Tư", ""]
    assert copied[0][6:9] == ["Dự bị", "15/01/2020", "01/02/2021"]
    assert abs(figures["bytes"] - figures["copy_bytes"]) < figures["bytes"] * 0.2
    assert figures["ratio"] > 0


def test_export_memory_reports_the_streamed_file(tree, district_staff, people):
    figures = export_memory(district_staff)
    assert figures["rows"] == 5
    assert figures["peak_rss_growth_mb"] >= 0
    assert figures["tracemalloc_peak_mb"] > 0
