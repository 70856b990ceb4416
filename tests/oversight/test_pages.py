"""Inspection and supervision pages through HTTP: lists, detail, forms, scope, statistics."""

import datetime

import pytest
from django.urls import reverse

from apps.oversight.models import Inspection, InspectionSubject, Supervision
from apps.oversight.statistics import oversight_statistics
from tests.factories import member
from tests.helpers import count_queries, post_form, read_csv
from tests.helpers import table_rows as rows

from .conftest import inspection, subject

pytestmark = pytest.mark.django_db
D = datetime.date
INSPECTIONS = reverse("oversight:inspection-list")
SUPERVISIONS = reverse("oversight:supervision-list")
INSPECTION_SUBJECTS = reverse("oversight:inspection-subject-list")
STATISTICS = reverse("oversight:statistics")


def test_navigation_links_the_area(staff_client):
    response = staff_client.get(reverse("home"))
    assert reverse("oversight:index") in response.content.decode()
    assert staff_client.get(reverse("oversight:index")).url == INSPECTIONS


def test_inspection_list_filters(staff_client, world, tree):
    everything = rows(staff_client.get(INSPECTIONS))
    assert len(everything) == 4
    assert rows(staff_client.get(INSPECTIONS, {"year": 2022})) == [world["earlier"]]
    assert set(rows(staff_client.get(INSPECTIONS, {"performer": tree["vong_the"].pk}))) == {
        world["first"], world["second"], world["earlier"]
    }  # fmt: skip
    assert rows(staff_client.get(INSPECTIONS, {"body": "inspection_commission"})) == [
        world["second"]
    ]
    assert rows(staff_client.get(INSPECTIONS, {"kind": "signs_of_violation"})) == [world["second"]]
    assert rows(staff_client.get(INSPECTIONS, {"level": "superior"})) == [
        world["district_inspection"]
    ]
    assert set(
        rows(staff_client.get(INSPECTIONS, {"subject_organization": tree["vong_the_1"].pk}))
    ) == {world["first"], world["second"]}
    assert set(rows(staff_client.get(INSPECTIONS, {"subject_member": "dung"}))) == {
        world["first"], world["earlier"]
    }  # fmt: skip
    assert rows(staff_client.get(INSPECTIONS, {"conclusion": "violation"})) == [world["second"]]
    assert rows(staff_client.get(INSPECTIONS, {"within": tree["oc_eo"].pk})) == [
        world["district_inspection"]
    ]
    assert rows(staff_client.get(INSPECTIONS, {"q": "UBKTĐU"})) == [world["second"]]


def test_list_shows_counts_and_exports(staff_client, world):
    response = staff_client.get(INSPECTIONS, {"year": 2023, "level": "base"})
    second = next(r for r in rows(response) if r == world["second"])
    assert (second.organization_count, second.member_count, second.violation_count) == (1, 2, 1)
    exported = read_csv(staff_client.get(INSPECTIONS, {"year": 2023, "export": "csv"}))
    assert len(exported) == 1 + 3
    assert "03-QĐ/UBKTĐU" in {line[1] for line in exported}
    assert "01/08/2023" in {line[0] for line in exported}


def test_list_and_statistics_query_counts_are_constant(staff_client, world, tree, people):
    urls = [
        (INSPECTIONS, {}),
        (INSPECTIONS, {"export": "csv"}),
        (SUPERVISIONS, {}),
        (INSPECTION_SUBJECTS, {"year": 2023}),
        (INSPECTION_SUBJECTS, {"once": "true", "export": "csv"}),
        (STATISTICS, {"year": 2023}),
        (world["first"].get_absolute_url(), {}),
    ]
    before = [count_queries(staff_client, url, data) for url, data in urls]
    for number in range(12):
        event = inspection(tree["oc_eo"], D(2023, 4, 1 + number))
        subject(event, organization=tree["oc_eo_2"])
        subject(event, member=member(tree["oc_eo_2"], given_name=f"Tên {number}"))
    for number in range(12):
        subject(world["first"], member=member(tree["vong_the_2"], given_name=f"Thêm {number}"))
    assert [count_queries(staff_client, url, data) for url, data in urls] == before


def test_detail_shows_subjects_and_conclusions(staff_client, world, people):
    response = staff_client.get(world["second"].get_absolute_url())
    assert response.status_code == 200
    subjects = [row.record for row in response.context["subjects_table"].page.object_list]
    # The organization first, then members by given name.
    assert [str(s) for s in subjects] == ["Chi bộ Ấp Tây Bình", "Nguyễn Văn An", "Trần Quốc Bảo"]
    assert dict(response.context["conclusion_counts"])["Có vi phạm"] == 1
    content = response.content.decode()
    assert "Khiển trách" in content  # the discipline that followed
    assert response.context["can_edit"]


def test_subject_list_of_one_event_exports(staff_client, world):
    exported = read_csv(
        staff_client.get(INSPECTION_SUBJECTS, {"event": world["second"].pk, "export": "csv"})
    )
    assert len(exported) == 1 + 3
    header = exported[0]
    assert "Kết luận" in header
    assert "Số thẻ đảng viên" in header
    an = next(line for line in exported if line[header.index("Số thẻ đảng viên")] == "093001")
    assert an[header.index("Kết luận")] == "Có vi phạm"


def test_subject_list_once_matches_the_distinct_count(staff_client, world, tree):
    everyone = rows(staff_client.get(INSPECTION_SUBJECTS, {"year": 2023, "level": "base",
                                                           "subject_type": "member"}))  # fmt: skip
    assert len(everyone) == 5
    query = {"year": 2023, "level": "base", "subject_type": "member", "once": "true"}
    once = rows(staff_client.get(INSPECTION_SUBJECTS, query))
    assert sorted(s.member.given_name for s in once) == ["An", "Bảo", "Dung"]


@pytest.mark.parametrize("who", ["staff", "clerk"])
def test_every_statistics_number_links_to_its_rows(who, request, world, tree):
    user = request.getfixturevalue("district_staff" if who == "staff" else "vong_the_clerk")
    client = request.getfixturevalue("staff_client" if who == "staff" else "clerk_client")
    within = tree["district"] if who == "staff" else None
    for row in oversight_statistics(user, 2023, within):
        for cell in row.cells:
            if not cell.value:
                assert not cell.url
                continue
            listed = rows(client.get(cell.url))
            assert len(listed) == cell.value, (row.work, row.level, cell.key)


def test_statistics_page_and_export(staff_client, world, tree):
    response = staff_client.get(STATISTICS, {"year": 2023, "within": tree["district"].pk})
    assert response.status_code == 200
    assert response.context["year"] == 2023
    content = response.content.decode()
    assert "Cấp cơ sở" in content
    exported = read_csv(
        staff_client.get(STATISTICS, {"year": 2023, "within": tree["district"].pk,
                                      "export": "csv"})
    )  # fmt: skip
    assert len(exported) == 7
    # Without a year the page opens on the latest year with records.
    assert staff_client.get(STATISTICS).context["year"] == 2023
    assert staff_client.get(STATISTICS, {"year": "abc"}).context["year"] == 2023


def test_create_an_inspection_and_add_a_whole_cell(staff_client, tree, people):
    response = staff_client.post(
        reverse("oversight:inspection-create"),
        {
            "performer": tree["vong_the"].pk,
            "body": "standing_committee",
            "kind": "compliance",
            "decision_number": "15-QĐ/ĐU",
            "decided_on": "20/04/2023",
            "started_on": "02/05/2023",
            "content": "Kiểm tra chấp hành",
        },
    )
    event = Inspection.objects.get()
    assert response.url == event.get_absolute_url()
    url = reverse("oversight:inspection-subject-add-cell", args=[event.pk])
    data = {"cell": tree["vong_the_1"].pk, "conclusion": "no_violation"}
    response = staff_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert "Đã thêm 3 đảng viên của Chi bộ Ấp Tây Bình" in response.content.decode()
    assert {s.member for s in event.subjects.all()} == {people["an"], people["bao"], people["cao"]}
    response = staff_client.post(url, data, follow=True)
    assert "(3 người đã có trong danh sách)" in response.content.decode()
    assert event.subjects.count() == 3


def test_forms_refuse_bad_input_and_save_nothing(staff_client, tree, people):
    response = staff_client.post(
        reverse("oversight:inspection-create"),
        {"performer": tree["vong_the"].pk, "body": "cell", "kind": "nonsense",
         "started_on": "31/02/2023", "content": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"kind", "started_on", "content"}
    assert not Inspection.objects.exists()
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    response = staff_client.post(
        reverse("oversight:inspection-subject-create-member", args=[event.pk]),
        {"member": people["em"].pk, "conclusion": "no_violation"},
    )
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    response = staff_client.post(
        reverse("oversight:inspection-subject-create-organization", args=[event.pk]),
        {"organization": tree["oc_eo"].pk, "conclusion": "no_violation"},
    )
    assert "organization" in response.context["form"].errors
    assert not event.subjects.exists()


def test_add_one_member_then_mark_a_violation(staff_client, tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    response = post_form(
        staff_client,
        reverse("oversight:inspection-subject-create-member", args=[event.pk]),
        {"member": people["an"].pk, "conclusion": "no_violation"},
    )
    assert response.status_code == 302
    row = event.subjects.get()
    assert row.organization == tree["vong_the_1"]
    response = post_form(
        staff_client,
        reverse("oversight:inspection-subject-update", args=[row.pk]),
        {"conclusion": "violation", "discipline_required": "on", "note": "Chưa đóng đảng phí"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.conclusion, row.discipline_required, row.member) == (
        "violation", True, people["an"]
    )  # fmt: skip


def test_changing_the_date_checks_and_retakes_snapshots(staff_client, tree, people):
    event = inspection(tree["vong_the"], D(2023, 5, 2))
    subject(event, member=people["an"])
    data = {
        "performer": tree["vong_the"].pk, "body": "standing_committee", "kind": "compliance",
        "content": "Kiểm tra", "started_on": "02/05/2010",
    }  # fmt: skip
    url = reverse("oversight:inspection-update", args=[event.pk])
    response = post_form(staff_client, url, data)
    assert "started_on" in response.context["form"].errors
    response = post_form(staff_client, url, {**data, "performer": tree["oc_eo"].pk})
    assert "performer" in response.context["form"].errors
    response = post_form(staff_client, url, {**data, "started_on": "02/06/2023"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.started_on == D(2023, 6, 2)


def test_deleting_asks_first(staff_client, world):
    event = world["first"]
    url = reverse("oversight:inspection-delete", args=[event.pk])
    response = staff_client.get(url)
    assert "5" in response.context["cascade_note"]
    assert Inspection.objects.filter(pk=event.pk).exists()
    post_form(staff_client, url)
    assert not Inspection.objects.filter(pk=event.pk).exists()
    assert not InspectionSubject.objects.filter(event_id=event.pk).exists()

    row = world["second"].subjects.get(member__given_name="Bảo")
    url = reverse("oversight:inspection-subject-delete", args=[row.pk])
    assert staff_client.get(url).status_code == 200
    post_form(staff_client, url)
    assert not InspectionSubject.objects.filter(pk=row.pk).exists()


def test_a_base_clerk_sees_their_commune_only(clerk_client, world, tree):
    listed = set(rows(clerk_client.get(INSPECTIONS)))
    # The district's inspection reached Vọng Thê, so its clerk sees it.
    assert listed == {world["district_inspection"], world["first"], world["second"],
                      world["earlier"]}  # fmt: skip
    response = clerk_client.get(world["district_inspection"].get_absolute_url())
    shown = [row.record for row in response.context["subjects_table"].page.object_list]
    assert {str(s) for s in shown} == {"Đảng bộ xã Vọng Thê", "Lê Minh Cao"}
    assert not response.context["can_edit"]
    assert rows(clerk_client.get(SUPERVISIONS)) == []
    assert clerk_client.get(world["supervision"].get_absolute_url()).status_code == 404
    response = clerk_client.get(INSPECTIONS, {"level": "superior"})
    district_row = rows(response)[0]
    assert (district_row.organization_count, district_row.member_count) == (1, 1)
    listed = read_csv(clerk_client.get(INSPECTIONS, {"export": "csv"}))
    assert "Đảng bộ xã Vọng Thê" in str(listed)
    assert "Đảng bộ thị trấn Óc Eo" not in str(listed)
    exported = read_csv(clerk_client.get(INSPECTION_SUBJECTS, {"export": "csv"}))
    assert "Võ Văn Em" not in str(exported)
    assert "Đảng bộ thị trấn Óc Eo" not in str(exported)


def test_a_base_clerk_cannot_change_what_others_performed(clerk_client, world, tree):
    district_event = world["district_inspection"]
    for name in ["inspection-update", "inspection-delete", "inspection-subject-add-cell",
                 "inspection-subject-create-member", "inspection-subject-import"]:  # fmt: skip
        assert (
            clerk_client.get(reverse(f"oversight:{name}", args=[district_event.pk])).status_code
            == 404
        )
    row = district_event.subjects.filter(member__isnull=True).first()
    assert (
        clerk_client.get(reverse("oversight:inspection-subject-update", args=[row.pk])).status_code
        == 404
    )
    own = world["first"]
    assert (
        clerk_client.get(reverse("oversight:inspection-update", args=[own.pk])).status_code == 200
    )
    response = clerk_client.get(reverse("oversight:inspection-create"))
    performers = set(response.context["form"].fields["performer"].queryset)
    assert tree["district"] not in performers
    assert tree["vong_the"] in performers
    response = clerk_client.post(
        reverse("oversight:supervision-create"),
        {"performer": tree["oc_eo"].pk, "body": "executive_committee", "kind": "regular",
         "started_on": "01/03/2023", "content": "Giám sát"},
    )  # fmt: skip
    assert "performer" in response.context["form"].errors
    assert Supervision.objects.count() == 1


def test_member_and_organization_pages_list_what_they_were_subject_to(staff_client, world,
                                                                       people, tree):  # fmt: skip
    content = staff_client.get(people["an"].get_absolute_url()).content.decode()
    assert "03-QĐ/UBKTĐU" in content
    assert "12-QĐ/ĐU" in content
    assert "Có vi phạm" in content
    content = staff_client.get(tree["vong_the"].get_absolute_url()).content.decode()
    assert "35-QĐ/HU" in content
    content = staff_client.get(tree["oc_eo_1"].get_absolute_url()).content.decode()
    assert "Giám sát chuyên đề" in content


def test_admin_lists_only_what_the_user_performs(client, world, tree):
    from tests.factories import UserFactory

    clerk = UserFactory(username="vt-admin", home_organization=tree["vong_the"], is_staff=True)
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="oversight"))
    client.force_login(clerk)
    response = client.get(reverse("admin:oversight_inspection_changelist"))
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert listed == {world["first"], world["second"], world["earlier"]}
    url = reverse("admin:oversight_inspection_change", args=[world["district_inspection"].pk])
    assert client.get(url).status_code == 302  # not found in scope: back to the index
