"""Resolutions, their targets and typed-in figures, through the pages and the admin."""

from decimal import Decimal

import pytest

from apps.results.models import ManualValue, Resolution, Target
from tests.helpers import post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_resolution(tree):
    return Resolution.objects.create(
        organization=tree["district"], title="Nghị quyết năm 2023", first_year=2023, last_year=2023
    )


def test_a_resolution_and_its_targets_through_the_pages(staff_client, tree):
    response = staff_client.post(
        "/results/resolutions/new/",
        {
            "organization": tree["district"].pk,
            "kind": "yearly",
            "number": "05-NQ/HU",
            "title": "Nghị quyết về nhiệm vụ năm 2023",
            "adopted_on": "20/12/2022",
            "first_year": 2023,
            "last_year": 2023,
        },
    )
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert resolution.adopted_on.isoformat() == "2022-12-20"
    response = staff_client.post(
        f"/results/resolutions/{resolution.pk}/targets/new/",
        {
            "indicator_code": "members.admitted",
            "year": 2023,
            "direction": "at_least",
            "value": "109",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.resolution, target.value) == (resolution, Decimal(109))
    detail = staff_client.get(resolution.get_absolute_url())
    assert "109" in detail.content.decode()
    assert staff_client.get("/results/resolutions/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"indicator_code": "members.admitted", "year": 2024, "value": "5"}, "year"),
        ({"indicator_code": "studies.yearly_topic_rate", "year": 2023, "value": "101"}, "value"),
        ({"indicator_code": "nothing.here", "year": 2023, "value": "5"}, "indicator_code"),
        ({"indicator_code": "members.admitted", "year": 2023, "value": "-1"}, "value"),
        ({"indicator_code": "members.admitted", "year": 2023, "value": "nhiều"}, "value"),
    ],
)
def test_bad_targets_are_refused_with_nothing_saved(staff_client, district_resolution, data, field):
    response = staff_client.post(
        f"/results/resolutions/{district_resolution.pk}/targets/new/",
        {"direction": "at_least", **data},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Target.objects.exists()


def test_a_target_once_per_indicator_and_year(staff_client, district_resolution):
    data = {"indicator_code": "members.admitted", "year": 2023, "direction": "at_least"}
    url = f"/results/resolutions/{district_resolution.pk}/targets/new/"
    staff_client.post(url, {**data, "value": "100"})
    response = staff_client.post(url, {**data, "value": "120"})
    assert response.status_code == 200
    assert Target.objects.get().value == 100


def test_a_resolution_cannot_shrink_away_from_its_targets(staff_client, district_resolution):
    Target.objects.create(
        resolution=district_resolution, indicator_code="members.admitted", year=2023, value=1
    )
    response = staff_client.post(
        f"/results/resolutions/{district_resolution.pk}/edit/",
        {
            "organization": district_resolution.organization_id,
            "kind": "yearly",
            "title": "x",
            "first_year": 2024,
            "last_year": 2024,
        },
    )
    assert response.status_code == 200
    district_resolution.refresh_from_db()
    assert district_resolution.first_year == 2023


def test_deleting_a_resolution_asks_and_names_its_targets(staff_client, district_resolution):
    Target.objects.create(
        resolution=district_resolution, indicator_code="members.admitted", year=2023, value=1
    )
    url = f"/results/resolutions/{district_resolution.pk}/delete/"
    assert "1" in staff_client.get(url).context["cascade_note"]
    assert post_form(staff_client, url).status_code == 302
    assert not Resolution.objects.exists()
    assert not Target.objects.exists()


def test_a_clerk_keeps_to_the_commune(clerk_client, tree, district_resolution):
    assert clerk_client.get(district_resolution.get_absolute_url()).status_code == 404
    listed = clerk_client.get("/results/resolutions/").context["table"].data
    assert district_resolution not in list(listed)
    response = clerk_client.post(
        "/results/resolutions/new/",
        {"organization": tree["district"].pk, "kind": "yearly", "title": "x",
         "first_year": 2023, "last_year": 2023},
    )  # fmt: skip
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    url = f"/results/resolutions/{district_resolution.pk}/targets/new/"
    assert clerk_client.get(url).status_code == 404


def test_typed_in_figures_record_who_entered_them(staff_client, district_staff, tree):
    response = staff_client.post(
        "/results/figures/new/",
        {"indicator_code": "front.welfare_works", "organization": tree["district"].pk,
         "year": 2023, "value": "26", "source": "Báo cáo của Ủy ban MTTQ huyện"},
    )  # fmt: skip
    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert (value.value, value.entered_by) == (Decimal(26), district_staff)
    # Only hand-entered indicators are offered: a computed one is refused.
    response = staff_client.post(
        "/results/figures/new/",
        {"indicator_code": "members.admitted", "organization": tree["district"].pk,
         "year": 2023, "value": "5"},
    )  # fmt: skip
    assert "indicator_code" in response.context["form"].errors
    review = staff_client.get("/results/", {"year": 2023}).context["review"]
    assert review.row("front.welfare_works").current.value == 26
    rows = staff_client.get("/results/figures/").context["table"].data
    assert [row.pk for row in rows] == [value.pk]


def test_indicator_documentation_page(staff_client):
    page = staff_client.get("/results/indicators/")
    assert page.status_code == 200
    assert 'id="members.admitted"' in page.content.decode()


def test_admin_is_scoped(client, tree, district_resolution, vong_the_clerk, superuser):
    vong_the_clerk.is_staff = True
    vong_the_clerk.save()
    from django.contrib.auth.models import Permission

    vong_the_clerk.user_permissions.set(Permission.objects.filter(codename__endswith="resolution"))
    client.force_login(vong_the_clerk)
    changelist = client.get("/admin/results/resolution/")
    assert changelist.status_code == 200
    assert district_resolution.title not in changelist.content.decode()
    client.force_login(superuser)
    assert district_resolution.title in client.get("/admin/results/resolution/").content.decode()


def test_an_approved_year_locks_its_targets_and_figures(staff_client, district_staff, tree):
    from apps.closing.models import YearApproval

    resolution = Resolution.objects.create(
        organization=tree["district"], title="Nghị quyết", first_year=2023, last_year=2024
    )
    target = Target.objects.create(
        resolution=resolution, indicator_code="members.admitted", year=2023, value=100
    )
    YearApproval.objects.create(
        organization=tree["district"], year=2023, approved_by=district_staff
    )
    response = staff_client.post(
        f"/results/targets/{target.pk}/edit/",
        {"indicator_code": "members.admitted", "year": 2023, "direction": "at_least", "value": "1"},
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.value == 100
    response = staff_client.post(
        "/results/figures/new/",
        {"indicator_code": "front.welfare_works", "organization": tree["district"].pk,
         "year": 2023, "value": "26"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not ManualValue.objects.exists()
    # 2024 stays open.
    response = staff_client.post(
        f"/results/resolutions/{resolution.pk}/targets/new/",
        {"indicator_code": "members.admitted", "year": 2024, "direction": "at_least", "value": "5"},
    )
    assert response.status_code == 302


def test_the_review_offers_typing_in_a_figure_only_while_the_year_is_open(
    staff_client, district_staff, tree
):
    from apps.closing.models import YearApproval

    new_figure = "/results/figures/new/?indicator_code=front.welfare_works"

    def offered(year):
        page = staff_client.get(f"/results/?year={year}&within={tree['district'].pk}")
        return new_figure in page.content.decode()

    assert offered(2023)
    YearApproval.objects.create(
        organization=tree["district"], year=2023, approved_by=district_staff
    )
    assert not offered(2023)
    assert offered(2022)
