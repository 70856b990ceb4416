"""The register's pages through HTTP: list, detail, admission, actions, scope."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.members import services
from apps.members.models import MemberStatus, PartyMember, Position
from tests.factories import member
from tests.helpers import count_queries, post_form, read_csv

pytestmark = pytest.mark.django_db
LIST = reverse("members:list")
D = datetime.date


def names(response):
    return [row.record.full_name for row in response.context["table"].page.object_list]


@pytest.fixture
def people(tree):
    return {
        "anh": member(
            tree["vong_the_1"],
            family_name="Nguyễn Như",
            given_name="Anh",
            admitted_on="2023-03-02",
            birth_date=D(1990, 5, 1),
            card_number="00000001",
        ),
        "binh": member(
            tree["vong_the_2"],
            family_name="Trần Thị",
            given_name="Bình",
            gender="female",
            admitted_on="2015-06-01",
        ),
        "cuong": member(
            tree["oc_eo_1"], family_name="Lê Văn", given_name="Cường", admitted_on="2023-09-09"
        ),
    }


def test_list_sorted_by_given_name_with_filters(staff_client, people, tree):
    assert names(staff_client.get(LIST)) == ["Nguyễn Như Anh", "Trần Thị Bình", "Lê Văn Cường"]
    assert names(staff_client.get(LIST, {"q": "nguyen nhu anh"})) == ["Nguyễn Như Anh"]
    assert names(staff_client.get(LIST, {"within": tree["oc_eo"].pk})) == ["Lê Văn Cường"]
    assert names(staff_client.get(LIST, {"gender": "female"})) == ["Trần Thị Bình"]
    assert names(staff_client.get(LIST, {"admitted_year": 2023})) == [
        "Nguyễn Như Anh",
        "Lê Văn Cường",
    ]
    services.record_death(people["binh"], on=D(2024, 1, 1))
    assert names(staff_client.get(LIST, {"status": "active"})) == ["Nguyễn Như Anh", "Lê Văn Cường"]
    assert names(staff_client.get(LIST, {"status": "deceased"})) == ["Trần Thị Bình"]


def test_position_filter_means_held_today(staff_client, people, tree):
    Position.objects.create(
        member=people["anh"],
        role="secretary",
        organization=tree["vong_the_1"],
        started_on=D(2020, 1, 1),
    )
    Position.objects.create(
        member=people["binh"],
        role="secretary",
        organization=tree["vong_the_2"],
        started_on=D(2015, 1, 1),
        ended_on=D(2020, 1, 1),
    )
    assert names(staff_client.get(LIST, {"position": "secretary"})) == ["Nguyễn Như Anh"]


def test_personal_data_needs_the_permission(client, tree, people):
    from tests.factories import UserFactory

    plain = UserFactory(home_organization=tree["district"])
    client.force_login(plain)
    header = read_csv(client.get(LIST, {"export": "csv"}))[0]
    assert "Ngày sinh" not in header
    assert "01/05/1990" not in client.get(people["anh"].get_absolute_url()).content.decode()

    plain.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    privileged = UserFactory(home_organization=tree["district"])
    privileged.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    client.force_login(privileged)
    rows = read_csv(client.get(LIST, {"export": "csv", "q": "anh"}))
    assert "Ngày sinh" in rows[0]
    assert rows[1][rows[0].index("Ngày sinh")] == "01/05/1990"
    assert "01/05/1990" in client.get(people["anh"].get_absolute_url()).content.decode()


def test_export_matches_the_list(staff_client, people):
    rows = read_csv(staff_client.get(LIST, {"export": "csv", "admitted_year": 2023}))
    assert [row[:2] for row in rows[1:]] == [["Nguyễn Như", "Anh"], ["Lê Văn", "Cường"]]


def test_list_query_count_is_constant(staff_client, tree):
    member(tree["vong_the_1"])
    few = count_queries(staff_client, LIST)
    exported = count_queries(staff_client, LIST, {"export": "csv"})
    for number in range(30):
        member(tree["oc_eo_1"], given_name=f"Tên {number}")
    assert count_queries(staff_client, LIST) == few
    assert count_queries(staff_client, LIST, {"export": "csv"}) == exported


def test_detail_query_count_is_constant(staff_client, tree):
    person = member(tree["vong_the_1"], admitted_on="2018-01-01")
    before = count_queries(staff_client, person.get_absolute_url())
    services.recognise_official(person, on=D(2019, 1, 1))
    services.transfer_member(person, to_cell=tree["vong_the_2"], on=D(2020, 1, 1))
    services.transfer_member(person, to_cell=tree["oc_eo_1"], on=D(2021, 1, 1))
    assert count_queries(staff_client, person.get_absolute_url()) == before


def test_admission_page(staff_client, tree):
    response = staff_client.post(
        reverse("members:admit"),
        {
            "cell": tree["vong_the_1"].pk,
            "admitted_on": "02/03/2023",
            "family_name": "Phạm Văn",
            "given_name": "Đông",
            "gender": "male",
            "decision": "7-QĐ/ĐU",
        },
    )
    person = PartyMember.objects.get(given_name="Đông")
    assert response["Location"] == person.get_absolute_url()
    assert person.status == MemberStatus.PROBATIONARY
    assert person.events.get().recorded_by.username == "staff"


def test_admission_refusal_saves_nothing(staff_client, tree):
    response = staff_client.post(
        reverse("members:admit"),
        {
            "cell": tree["vong_the"].pk,
            "admitted_on": "02/03/2023",
            "family_name": "Phạm Văn",
            "given_name": "Đông",
            "gender": "male",
        },
    )
    assert response.status_code == 200
    assert "cell" in response.context["form"].errors
    assert not PartyMember.objects.exists()


def test_recognition_and_transfer_pages_update_the_timeline(staff_client, tree, people):
    person = people["anh"]
    early = post_form(
        staff_client, reverse("members:recognise", args=[person.pk]), {"on": "01/03/2024"}
    )
    assert early.status_code == 200
    assert "02/03/2024" in early.content.decode()
    post_form(staff_client, reverse("members:recognise", args=[person.pk]), {"on": "02/03/2024"})
    post_form(
        staff_client,
        reverse("members:transfer", args=[person.pk]),
        {"to_cell": tree["oc_eo_2"].pk, "on": "01/07/2024"},
    )
    page = staff_client.get(person.get_absolute_url()).content.decode()
    assert page.index("02/03/2023") < page.index("02/03/2024") < page.index("01/07/2024")
    person.refresh_from_db()
    assert (person.status, person.cell) == (MemberStatus.OFFICIAL, tree["oc_eo_2"])


def test_side_records(staff_client, tree, people):
    person = people["binh"]
    staff_client.post(
        reverse("members:rating-create", args=[person.pk]), {"year": 2023, "grade": "good"}
    )
    staff_client.post(
        reverse("members:position-create", args=[person.pk]),
        {
            "role": "committee_member",
            "organization": tree["vong_the"].pk,
            "started_on": "01/10/2020",
        },
    )
    duplicate = staff_client.post(
        reverse("members:rating-create", args=[person.pk]), {"year": 2023, "grade": "excellent"}
    )
    assert duplicate.status_code == 200
    assert person.ratings.get().grade == "good"
    assert person.positions.get().role == "committee_member"


def test_development_page_counts_admissions_per_year(staff_client, tree, people):
    response = staff_client.get(reverse("members:development"), {"within": tree["vong_the"].pk})
    assert list(response.context["admissions"]) == [
        {"admitted_on__year": 2023, "count": 1},
        {"admitted_on__year": 2015, "count": 1},
    ]
    assert f"admitted_year=2023&amp;within={tree['vong_the'].pk}" in response.content.decode()


def test_a_base_clerk_sees_only_their_members(clerk_client, people):
    assert names(clerk_client.get(LIST)) == ["Nguyễn Như Anh", "Trần Thị Bình"]
    rows = read_csv(clerk_client.get(LIST, {"export": "csv"}))
    assert {row[1] for row in rows[1:]} == {"Anh", "Bình"}
    outsider = people["cuong"]
    for name in ("detail", "update", "recognise", "transfer", "death", "expulsion"):
        assert clerk_client.get(reverse(f"members:{name}", args=[outsider.pk])).status_code == 404
    assert clerk_client.get(reverse("members:rating-create", args=[outsider.pk])).status_code == 404


def test_a_base_clerk_cannot_admit_or_transfer_into_another_commune(clerk_client, tree, people):
    response = clerk_client.post(
        reverse("members:admit"),
        {
            "cell": tree["oc_eo_1"].pk,
            "admitted_on": "02/03/2023",
            "family_name": "Phạm Văn",
            "given_name": "Đông",
            "gender": "male",
        },
    )
    assert "cell" in response.context["form"].errors
    response = clerk_client.post(
        reverse("members:transfer", args=[people["anh"].pk]),
        {"to_cell": tree["oc_eo_1"].pk, "on": "01/07/2024"},
    )
    assert "to_cell" in response.context["form"].errors
    assert PartyMember.objects.get(pk=people["anh"].pk).cell == tree["vong_the_1"]


def test_organization_ratings_once_a_year_and_scoped(staff_client, clerk_client, tree):
    from apps.members.models import OrganizationRating

    url = reverse("members:organization-rating-create")
    staff_client.post(url, {"organization": tree["vong_the"].pk, "year": 2023, "grade": "good"})
    staff_client.post(url, {"organization": tree["oc_eo"].pk, "year": 2023, "grade": "excellent"})
    again = staff_client.post(
        url, {"organization": tree["vong_the"].pk, "year": 2023, "grade": "excellent"}
    )
    assert again.status_code == 200  # one rating a year
    assert OrganizationRating.objects.count() == 2
    listed = clerk_client.get(reverse("members:organization-rating-list"))
    rows = [
        (row.record.organization.code, row.record.grade)
        for row in listed.context["table"].page.object_list
    ]
    assert rows == [("TS-VTH", "good")]


def test_candidates_pipeline(staff_client, clerk_client, tree):
    url = reverse("members:candidate-create")
    response = staff_client.post(
        url,
        {
            "family_name": "Lê Thị",
            "given_name": "Mai",
            "gender": "female",
            "organization": tree["vong_the_1"].pk,
            "identified_on": "01/02/2025",
            "sympathiser_on": "01/01/2025",
        },
    )
    assert response.status_code == 200  # stages out of order
    staff_client.post(
        url,
        {
            "family_name": "Lê Thị",
            "given_name": "Mai",
            "gender": "female",
            "organization": tree["vong_the_1"].pk,
            "identified_on": "01/02/2025",
            "sympathiser_on": "01/05/2025",
        },
    )
    page = staff_client.get(reverse("members:development"))
    assert ("Cảm tình Đảng", 1) in page.context["candidates_by_stage"]
    listed = clerk_client.get(reverse("members:candidate-list"), {"waiting": "true"})
    assert [row.record.full_name for row in listed.context["table"].page.object_list] == [
        "Lê Thị Mai"
    ]


def test_admitting_a_candidate_links_them(staff_client, tree):
    from apps.members.models import Candidate

    candidate = Candidate.objects.create(
        family_name="Lê Thị",
        given_name="Mai",
        gender="female",
        organization=tree["vong_the_1"],
        identified_on=D(2022, 1, 1),
        sympathiser_on=D(2022, 6, 1),
        course_completed_on=D(2022, 9, 1),
    )
    url = reverse("members:admit") + f"?candidate={candidate.pk}"
    form = staff_client.get(url).context["form"]
    assert (form.initial["given_name"], form.initial["cell"]) == ("Mai", tree["vong_the_1"])
    staff_client.post(
        url,
        {
            "cell": tree["vong_the_1"].pk,
            "admitted_on": "02/03/2023",
            "family_name": "Lê Thị",
            "given_name": "Mai",
            "gender": "female",
        },
    )
    candidate.refresh_from_db()
    assert candidate.admitted_member.full_name == "Lê Thị Mai"
    assert not Candidate.objects.waiting().exists()
    assert staff_client.get(url).status_code == 404  # no longer waiting


@pytest.mark.parametrize("url_name", ["members:candidate-list", "members:organization-rating-list"])
def test_other_list_query_counts_are_constant(staff_client, tree, url_name):
    from apps.members.models import Candidate, OrganizationRating

    def add(year):
        person = member(tree["vong_the_1"], given_name=f"Tên {year}", admitted_on="2010-01-01")
        Candidate.objects.create(
            family_name="Lê",
            given_name=f"Mai {year}",
            gender="female",
            organization=tree["oc_eo_1"],
            identified_on=D(2009, 1, 1),
            admitted_member=person,
        )
        OrganizationRating.objects.create(organization=tree["vong_the"], year=year, grade="good")

    add(2020)
    few = count_queries(staff_client, reverse(url_name))
    for year in range(2000, 2015):
        add(year)
    assert count_queries(staff_client, reverse(url_name)) == few


def test_candidates_show_how_long_they_have_waited(tree):
    from apps.members.models import Candidate

    candidate = Candidate(identified_on=D(2024, 1, 15), dropped_on=D(2025, 3, 14))
    assert candidate.months_waiting == 13


def test_admin_side_records_follow_the_members_scope(client, tree, people):
    from apps.members.models import MemberRating
    from tests.factories import UserFactory

    for person in people.values():
        MemberRating.objects.create(member=person, year=2023, grade="good")
    clerk = UserFactory(is_staff=True, home_organization=tree["vong_the"])
    clerk.user_permissions.add(Permission.objects.get(codename="view_memberrating"))
    client.force_login(clerk)
    response = client.get(reverse("admin:members_memberrating_changelist"))
    shown = {rating.member.given_name for rating in response.context["cl"].result_list}
    assert shown == {"Anh", "Bình"}


def test_deleting_a_side_record_asks_first_and_stays_in_scope(staff_client, clerk_client, people):
    from apps.members.models import MemberRating

    rating = MemberRating.objects.create(member=people["cuong"], year=2023, grade="good")
    url = reverse("members:rating-delete", args=[rating.pk])
    assert post_form(clerk_client, url).status_code == 404  # Óc Eo is outside Vọng Thê
    assert "Không thể hoàn tác" in staff_client.get(url).content.decode()
    response = post_form(staff_client, url)
    assert response["Location"] == people["cuong"].get_absolute_url()
    assert not MemberRating.objects.exists()


def test_rating_years_are_written_without_a_thousands_separator(staff_client, people):
    people["anh"].ratings.create(year=2023, grade="good")
    content = staff_client.get(people["anh"].get_absolute_url()).content.decode()
    assert "2023: Hoàn thành tốt nhiệm vụ" in content
    assert "2.023" not in content


@pytest.mark.parametrize("sort", ["family_name", "-given_name", "cell"])
def test_pages_of_namesakes_neither_repeat_nor_skip(staff_client, tree, sort):
    """Many members share a name: after the sorted column, rows come by primary key."""
    for _ in range(30):
        member(tree["vong_the_1"], family_name="Nguyễn Văn", given_name="An")
    shown = []
    for page in (1, 2):
        response = staff_client.get(LIST, {"sort": sort, "page": page})
        ordering = response.context["table"].data.data.query.order_by
        assert ordering[-1] == "pk"
        shown += [person.pk for person in response.context["table"].page.object_list.data]
    assert sorted(shown) == sorted(PartyMember.objects.values_list("pk", flat=True))
