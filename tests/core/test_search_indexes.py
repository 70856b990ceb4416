"""Searches on PostgreSQL have trigram indexes; the migrations still run on SQLite."""

import pytest
from django.db import connection

from apps.members.models import PartyMember
from apps.oversight.models import Inspection, Supervision
from apps.studies.models import StudySession

pytestmark = pytest.mark.django_db

SEARCHED = [PartyMember, StudySession, Inspection, Supervision]


def test_every_large_searched_table_has_a_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE %s", ["%gin_trgm_ops%"]
        )
        indexed = {table for table, definition in cursor.fetchall() if "search_text" in definition}
    assert indexed == {model._meta.db_table for model in SEARCHED}


def test_a_member_search_finds_through_the_index(tree):
    from tests.factories import member

    member(tree["vong_the_1"], family_name="Nguyễn Văn", given_name="Bình")
    member(tree["vong_the_1"], family_name="Trần Thị", given_name="Hoa")
    found = PartyMember.objects.search("nguyen binh")
    assert [person.given_name for person in found] == ["Bình"]
