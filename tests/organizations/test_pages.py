"""The organization pages, through HTTP, as clerks use them."""

import pytest
from django.urls import reverse

from apps.organizations.models import OrganizationSuccession, PartyOrganization
from tests.factories import cell, kind
from tests.helpers import count_queries, post_form, read_csv

pytestmark = pytest.mark.django_db
LIST = reverse("organizations:list")


def codes_in(response):
    return [row.record.code for row in response.context["table"].page.object_list]


# --- login ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["home", "organizations:list", "organizations:tree", "organizations:create"]
)
def test_every_page_requires_login(client, tree, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_open_and_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


# --- list, search, filters, export ----------------------------------------------------


def test_list_shows_the_tree_in_vietnamese(staff_client, tree):
    response = staff_client.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ xã Vọng Thê" in page
    assert "Xuất CSV" in page
    assert "Thêm mới" in page
    assert set(codes_in(response)) == set(PartyOrganization.objects.values_list("code", flat=True))


def test_accent_free_search_finds_the_accented_name(staff_client, tree):
    response = staff_client.get(LIST, {"q": "vong the"})
    assert codes_in(response) == ["TS-VTH"]


def test_subtree_filter(staff_client, tree):
    response = staff_client.get(LIST, {"within": tree["oc_eo"].pk})
    assert set(codes_in(response)) == {"TS-OE", "TS-OE-01", "TS-OE-02"}


def test_kind_and_status_filters(staff_client, tree):
    dissolved = tree["oc_eo_2"]
    dissolved.dissolved_on = dissolved.created_at.date()
    dissolved.save()
    cells = staff_client.get(LIST, {"kind": kind("cell").pk, "status": "active"})
    assert set(codes_in(cells)) == {"TS-VTH-01", "TS-VTH-02", "TS-OE-01"}
    gone = staff_client.get(LIST, {"status": "dissolved"})
    assert codes_in(gone) == ["TS-OE-02"]


def test_sorting_by_name_follows_vietnamese_order(staff_client, tree):
    response = staff_client.get(LIST, {"sort": "name", "within": tree["district"].pk})
    names = [row.record.name for row in response.context["table"].page.object_list]
    # "Chi bộ Ấp …" before "Chi bộ Khóm …"; "Đảng bộ" after every "Chi bộ" (đ after d).
    assert names.index("Chi bộ Ấp Trung Sơn") < names.index("Chi bộ Khóm Sơn Hòa")
    assert names[-3:] == [
        "Đảng bộ huyện Thoại Sơn",
        "Đảng bộ thị trấn Óc Eo",
        "Đảng bộ xã Vọng Thê",
    ]


def test_long_lists_are_paginated(staff_client, tree):
    for number in range(30):
        cell(tree["oc_eo"], code=f"EXTRA-{number:02d}")
    first = staff_client.get(LIST)
    second = staff_client.get(LIST, {"page": 2})
    assert len(codes_in(first)) == 25
    assert len(codes_in(second)) == 37 - 25
    assert "1–25 trên 37" in first.content.decode()


def test_export_is_exactly_the_filtered_list(staff_client, tree):
    shown = staff_client.get(LIST, {"within": tree["vong_the"].pk, "sort": "-code"})
    exported = staff_client.get(
        LIST, {"within": tree["vong_the"].pk, "sort": "-code", "export": "csv"}
    )
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(exported)
    table = shown.context["table"]
    assert rows[0] == [str(column.header) for column in table.columns]
    assert [row[0] for row in rows[1:]] == codes_in(shown) == ["TS-VTH-02", "TS-VTH-01", "TS-VTH"]
    assert rows[1][1] == "Chi bộ Ấp Trung Sơn"


def test_list_query_count_does_not_grow_with_rows(staff_client, tree):
    few = count_queries(staff_client, LIST)
    exported = count_queries(staff_client, LIST, {"export": "csv"})
    for number in range(40):
        cell(tree["oc_eo"], code=f"MORE-{number:02d}")
    assert count_queries(staff_client, LIST) == few
    assert count_queries(staff_client, LIST, {"export": "csv"}) == exported


# --- detail ----------------------------------------------------------------------------


def test_detail_shows_place_in_tree_and_units(staff_client, tree):
    response = staff_client.get(tree["vong_the"].get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ huyện Thoại Sơn" in page  # breadcrumb
    assert "Chi bộ Ấp Tây Bình" in page
    assert "Chi bộ Ấp Trung Sơn" in page
    assert "Chi bộ Khóm Tân Hiệp" not in page


def test_detail_shows_predecessors(staff_client, tree):
    successor = cell(tree["vong_the"], code="TS-VTH-03", name="Chi bộ Ấp Mới")
    post_form(
        staff_client,
        reverse("organizations:merge", args=[tree["vong_the_1"].pk]),
        {"successor": successor.pk, "effective_on": "01/07/2025", "decision": "9-QĐ/ĐU"},
    )
    page = staff_client.get(successor.get_absolute_url()).content.decode()
    assert "Sáp nhập ngày 01/07/2025, từ" in page
    assert "Chi bộ Ấp Tây Bình" in page
    assert "9-QĐ/ĐU" in page


# --- create and edit -------------------------------------------------------------------


def test_create_a_cell(staff_client, tree):
    response = staff_client.post(
        reverse("organizations:create"),
        {
            "code": "TS-VTH-09",
            "name": "Chi bộ Ấp Tây Hưng",
            "kind": kind("cell").pk,
            "parent": tree["vong_the"].pk,
            "founded_on": "15/03/2024",
        },
    )
    created = PartyOrganization.objects.get(code="TS-VTH-09")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.path.startswith(tree["vong_the"].path)
    assert str(created.founded_on) == "2024-03-15"


def test_create_form_prefills_the_parent(staff_client, tree):
    response = staff_client.get(reverse("organizations:create"), {"parent": tree["oc_eo"].pk})
    assert response.context["form"].initial["parent"] == tree["oc_eo"]


def test_a_bad_create_says_why_in_vietnamese_and_saves_nothing(staff_client, tree):
    before = PartyOrganization.objects.count()
    response = staff_client.post(
        reverse("organizations:create"),
        {
            "code": "có dấu",
            "name": "Chi bộ sai",
            "kind": kind("cell").pk,
            "parent": tree["district"].pk,
            "founded_on": "31/02/2024",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ dùng chữ không dấu" in page
    assert "Nhập một ngày hợp lệ" in page or "ngày hợp lệ" in page
    assert PartyOrganization.objects.count() == before


def test_kind_rule_error_in_vietnamese(staff_client, tree):
    response = staff_client.post(
        reverse("organizations:create"),
        {
            "code": "BAD",
            "name": "Chi bộ sai chỗ",
            "kind": kind("cell").pk,
            "parent": tree["district"].pk,
        },
    )
    assert "không thể trực thuộc" in response.content.decode()
    assert not PartyOrganization.objects.filter(code="BAD").exists()


def test_edit_renames(staff_client, tree):
    url = reverse("organizations:update", args=[tree["vong_the_1"].pk])
    form = staff_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Chi bộ Ấp Tây Bình A", kind=kind("cell").pk, parent=tree["vong_the"].pk)
    response = post_form(staff_client, url, data)
    assert response.status_code == 302
    renamed = PartyOrganization.objects.get(pk=tree["vong_the_1"].pk)
    assert renamed.name == "Chi bộ Ấp Tây Bình A"
    assert PartyOrganization.objects.search("tay binh a").get() == renamed


def test_edit_cannot_create_a_cycle(staff_client, tree):
    url = reverse("organizations:update", args=[tree["vong_the"].pk])
    response = staff_client.post(
        url,
        {
            "code": "TS-VTH",
            "name": "Đảng bộ xã Vọng Thê",
            "kind": kind("base-committee").pk,
            "parent": tree["vong_the_1"].pk,
        },
    )
    assert response.status_code == 200
    assert PartyOrganization.objects.get(pk=tree["vong_the"].pk).parent == tree["district"]


# --- delete and actions ----------------------------------------------------------------


def test_delete_asks_first(staff_client, tree):
    url = reverse("organizations:delete", args=[tree["oc_eo_2"].pk])
    response = staff_client.get(url)
    assert "Không thể hoàn tác" in response.content.decode()
    assert PartyOrganization.objects.filter(pk=tree["oc_eo_2"].pk).exists()
    post_form(staff_client, url)
    assert not PartyOrganization.objects.filter(pk=tree["oc_eo_2"].pk).exists()


def test_an_organization_with_units_is_not_deleted(staff_client, tree):
    url = reverse("organizations:delete", args=[tree["oc_eo"].pk])
    response = post_form(staff_client, url, follow=True)
    assert PartyOrganization.objects.filter(pk=tree["oc_eo"].pk).exists()
    assert "Hãy giải thể hoặc sáp nhập" in response.content.decode()


def test_dissolve_action(staff_client, tree):
    url = reverse("organizations:dissolve", args=[tree["oc_eo_1"].pk])
    response = post_form(staff_client, url, {"effective_on": "01/07/2025"})
    assert response.status_code == 302
    assert str(PartyOrganization.objects.get(pk=tree["oc_eo_1"].pk).dissolved_on) == "2025-07-01"


def test_dissolve_refusal_is_shown_and_changes_nothing(staff_client, tree):
    url = reverse("organizations:dissolve", args=[tree["oc_eo"].pk])
    response = post_form(staff_client, url, {"effective_on": "01/07/2025"})
    assert response.status_code == 200
    assert "vẫn còn đơn vị trực thuộc hoạt động" in response.content.decode()
    assert PartyOrganization.objects.get(pk=tree["oc_eo"].pk).dissolved_on is None


def test_split_action(staff_client, tree):
    a = cell(tree["oc_eo"], code="TS-OE-03")
    b = cell(tree["oc_eo"], code="TS-OE-04")
    response = post_form(
        staff_client,
        reverse("organizations:split", args=[tree["oc_eo_1"].pk]),
        {"successors": [a.pk, b.pk], "effective_on": "01/01/2024"},
    )
    assert response.status_code == 302
    assert OrganizationSuccession.objects.filter(predecessor=tree["oc_eo_1"]).count() == 2


def test_tree_page_lists_active_organizations_indented(staff_client, tree):
    services_dissolved = tree["oc_eo_2"]
    services_dissolved.dissolved_on = services_dissolved.created_at.date()
    services_dissolved.save()
    response = staff_client.get(reverse("organizations:tree"))
    names = [o.name for o in response.context["organizations"]]
    assert "Chi bộ Khóm Sơn Hòa" not in names
    assert names[0] == "Đảng bộ huyện Thoại Sơn"
    everything = staff_client.get(reverse("organizations:tree"), {"all": "1"})
    assert "Chi bộ Khóm Sơn Hòa" in [o.name for o in everything.context["organizations"]]


# --- scope -----------------------------------------------------------------------------


def test_a_base_clerk_lists_and_exports_only_their_commune(clerk_client, tree):
    assert set(codes_in(clerk_client.get(LIST))) == {"TS-VTH", "TS-VTH-01", "TS-VTH-02"}
    rows = read_csv(clerk_client.get(LIST, {"export": "csv"}))
    assert {row[0] for row in rows[1:]} == {"TS-VTH", "TS-VTH-01", "TS-VTH-02"}
    # Asking for another commune's subtree gives nothing, not Óc Eo's cells.
    filtered = clerk_client.get(LIST, {"within": tree["oc_eo"].pk, "export": "csv"})
    assert {row[0] for row in read_csv(filtered)[1:]} <= {"TS-VTH", "TS-VTH-01", "TS-VTH-02"}


@pytest.mark.parametrize("url_name", ["detail", "update", "delete", "dissolve", "merge", "split"])
def test_a_base_clerk_gets_404_for_another_commune(clerk_client, tree, url_name):
    url = reverse(f"organizations:{url_name}", args=[tree["oc_eo"].pk])
    assert clerk_client.get(url).status_code == 404
    if url_name != "detail":
        assert clerk_client.post(url, {}).status_code == 404
    assert PartyOrganization.objects.filter(pk=tree["oc_eo"].pk, dissolved_on=None).exists()


def test_a_base_clerk_cannot_place_a_unit_outside_their_commune(clerk_client, tree):
    response = clerk_client.post(
        reverse("organizations:create"),
        {
            "code": "SNEAK",
            "name": "Chi bộ lén",
            "kind": kind("cell").pk,
            "parent": tree["oc_eo"].pk,
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not PartyOrganization.objects.filter(code="SNEAK").exists()


def test_a_base_clerk_can_edit_their_own_committee(clerk_client, tree):
    """Its parent (the district) lies outside their scope but stays selectable."""
    vong_the = tree["vong_the"]
    response = post_form(
        clerk_client,
        reverse("organizations:update", args=[vong_the.pk]),
        {
            "code": "TS-VTH",
            "name": "Đảng bộ xã Vọng Thê",
            "kind": kind("base-committee").pk,
            "parent": tree["district"].pk,
            "notes": "Ghi chú mới",
        },
    )
    assert response.status_code == 302
    assert PartyOrganization.objects.get(pk=vong_the.pk).notes == "Ghi chú mới"


def test_a_base_clerk_cannot_create_a_new_top(clerk_client, tree):
    response = clerk_client.post(
        reverse("organizations:create"),
        {"code": "TOP", "name": "Đảng bộ huyện khác", "kind": kind("district").pk},
    )
    assert "parent" in response.context["form"].errors


def test_detail_and_tree_query_counts_do_not_grow_with_units(staff_client, tree):
    detail = tree["vong_the"].get_absolute_url()
    tree_url = reverse("organizations:tree")
    before = count_queries(staff_client, detail), count_queries(staff_client, tree_url)
    for number in range(25):
        cell(tree["vong_the"], code=f"GROW-{number:02d}")
    assert (count_queries(staff_client, detail), count_queries(staff_client, tree_url)) == before


def test_action_pages_explain_what_happens(staff_client, tree):
    page = staff_client.get(reverse("organizations:merge", args=[tree["vong_the_1"].pk]))
    assert "tiền thân" in page.content.decode()
    choices = [label for _value, label in page.context["form"].fields["successor"].choices]
    # Cells share names across communes, so every choice carries its code.
    assert "— — Chi bộ Khóm Tân Hiệp (TS-OE-01)" in choices


def test_links_carry_raw_ids_even_above_a_thousand(staff_client, tree):
    """Vietnamese number formatting must not turn id 12345 into "12.345" in a link."""
    big = cell(tree["vong_the"], pk=12345, code="TS-VTH-BIG")
    page = staff_client.get(big.get_absolute_url()).content.decode()
    assert "?within=12345" in page
    assert "?parent=12345" not in page  # a cell has no units of its own
    big.kind = kind("partial-committee")
    big.save()
    page = staff_client.get(big.get_absolute_url()).content.decode()
    assert "?parent=12345" in page
