import random

import pytest

from apps.core.text import fold, search_terms, sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Vọng Thê", "vong the"),
        ("Đảng bộ xã Định Mỹ", "dang bo xa dinh my"),
        ("  Nguyễn   Như Anh ", "nguyen nhu anh"),
        ("ỨNG HÒA", "ung hoa"),
        ("", ""),
    ],
)
def test_fold_strips_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_search_terms_split_the_folded_query():
    assert search_terms("  Vọng  thê ") == ["vong", "the"]
    assert search_terms("") == []


# A dictionary's order: letters first (a ă â … d đ … o ô ơ … u ư), word by word,
# tones only to break ties (level, grave, hook, tilde, acute, dot), numbers by value.
EXPECTED_ORDER = [
    "a",
    "à",
    "ả",
    "ã",
    "á",
    "ạ",
    "An Bình",
    "Anh",
    "ăn",
    "ấn",
    "Ấp 2",
    "Ấp 10",
    "Bình",
    "Dương",
    "Đào",
    "Đông",
    "E",
    "Ê",
    "Hòa",
    "Khánh",
    "O",
    "Ô",
    "Ơn",
    "Phú",
    "Thê",
    "Thoại",
    "U",
    "Ư",
    "Vĩnh",
    "Vọng",
]


def test_sort_key_gives_the_vietnamese_dictionary_order():
    shuffled = EXPECTED_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED_ORDER


def test_sort_key_is_plain_digits_so_any_collation_agrees():
    key = sort_key("Đảng bộ xã Vọng Thê 12")
    assert key.isdigit()
    assert sorted(map(sort_key, EXPECTED_ORDER)) == list(map(sort_key, EXPECTED_ORDER))


def test_sort_key_ignores_case_and_repeated_spaces():
    assert sort_key("VỌNG  THÊ") == sort_key("vọng thê")
