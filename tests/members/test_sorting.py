"""Vietnamese name order and accent-insensitive search in the register."""

import random

import pytest

from apps.members.models import PartyMember
from tests.factories import member

pytestmark = pytest.mark.django_db

# Given name first, then family and middle name; a ă â … d đ …, tones after letters.
EXPECTED = [
    ("Trần Thị", "An"),
    ("Nguyễn Như", "Anh"),  # same given name: "Nguyễn Như" < "Nguyễn Văn"
    ("Nguyễn Văn", "Anh"),
    ("Lê Văn", "Ân"),
    ("Phạm Thị", "Bé"),
    ("Võ Văn", "Dũng"),
    ("Huỳnh Văn", "Đức"),
    ("Lê Thị", "Hoa"),
    ("Lê Thị", "Hòa"),
    ("Lê Thị", "Hỏa"),
    ("Đặng Thị", "Ơn"),
    ("Trương Văn", "Út"),
    ("Bùi Thị", "Ửng"),
]


def test_register_order_is_vietnamese(tree):
    shuffled = EXPECTED[:]
    random.Random(3).shuffle(shuffled)
    for family, given in shuffled:
        member(tree["vong_the_1"], family_name=family, given_name=given)
    ordered = list(
        PartyMember.objects.order_by("name_sort_key").values_list("family_name", "given_name")
    )
    assert ordered == EXPECTED


def test_search_by_name_without_accents(tree):
    member(tree["vong_the_1"], family_name="Nguyễn Như", given_name="Anh", card_number="00012345")
    member(tree["vong_the_1"], family_name="Nguyễn Văn", given_name="Anh")
    assert [m.full_name for m in PartyMember.objects.search("nguyen nhu anh")] == ["Nguyễn Như Anh"]
    assert PartyMember.objects.search("00012345").get().given_name == "Anh"
    assert PartyMember.objects.search("NGUYỄN").count() == 2
