"""Shared fixtures: a small district with two communes, and users at each level."""

import pytest
from django.test import Client

from tests.factories import UserFactory, base_committee, cell, district, member


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db):
    """District → two base committees (Vọng Thê, Óc Eo) → two cells each."""
    root = district(code="TS")
    vong_the = base_committee(root, code="TS-VTH", name="Đảng bộ xã Vọng Thê")
    oc_eo = base_committee(root, code="TS-OE", name="Đảng bộ thị trấn Óc Eo")
    return {
        "district": root,
        "vong_the": vong_the,
        "vong_the_1": cell(vong_the, code="TS-VTH-01", name="Chi bộ Ấp Tây Bình"),
        "vong_the_2": cell(vong_the, code="TS-VTH-02", name="Chi bộ Ấp Trung Sơn"),
        "oc_eo": oc_eo,
        "oc_eo_1": cell(oc_eo, code="TS-OE-01", name="Chi bộ Khóm Tân Hiệp"),
        "oc_eo_2": cell(oc_eo, code="TS-OE-02", name="Chi bộ Khóm Sơn Hòa"),
    }


@pytest.fixture
def district_staff(tree):
    return UserFactory(username="staff", home_organization=tree["district"])


@pytest.fixture
def vong_the_clerk(tree):
    return UserFactory(username="vongthe", home_organization=tree["vong_the"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def staff_client(client, district_staff):
    client.force_login(district_staff)
    return client


@pytest.fixture
def clerk_client(vong_the_clerk):
    # A client of its own, so that a test can use it beside `staff_client`.
    clerk = Client()
    clerk.force_login(vong_the_clerk)
    return clerk


@pytest.fixture
def people(tree):
    """Four members of Vọng Thê (three in cell 01, one in 02) and one of Óc Eo."""
    return {
        "an": member(tree["vong_the_1"], family_name="Nguyễn Văn", given_name="An",
                     admitted_on="2015-01-10", card_number="093001"),
        "bao": member(tree["vong_the_1"], family_name="Trần Quốc", given_name="Bảo",
                      admitted_on="2010-01-10", card_number="093002"),
        "cao": member(tree["vong_the_1"], family_name="Lê Minh", given_name="Cao",
                      admitted_on="2005-01-10", card_number="093003"),
        "dung": member(tree["vong_the_2"], family_name="Phạm Thị", given_name="Dung",
                       gender="female", admitted_on="2012-01-10", card_number="093004"),
        "em": member(tree["oc_eo_1"], family_name="Võ Văn", given_name="Em",
                     admitted_on="2016-01-10", card_number="093005"),
    }  # fmt: skip
