"""The review page, its CSV, the command line and the written summary."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.results.models import Resolution, ResolutionKind, Target
from apps.results.review import CSV_HEADER, yearly_review
from tests.factories import member
from tests.helpers import count_queries, read_csv

pytestmark = pytest.mark.django_db


def resolution(organization, year, targets, kind=ResolutionKind.YEARLY, last_year=None):
    row = Resolution.objects.create(
        organization=organization,
        kind=kind,
        title=f"Nghị quyết năm {year}",
        first_year=year,
        last_year=last_year or year,
    )
    for code, value, *direction in targets:
        Target.objects.create(
            resolution=row,
            indicator_code=code,
            year=year,
            value=Decimal(value),
            direction=direction[0] if direction else "at_least",
        )
    return row


@pytest.fixture
def targets(tree, members_world):
    """District 2023: admitted ≥ 2 (3: exceeded), members at year end ≥ 8 (met), rated
    well ≥ 70% (60%: not met), violations ≤ 0 (0: met). 2022: admitted ≥ 1 (1: met)."""
    return {
        2023: resolution(
            tree["district"],
            2023,
            [
                ("members.admitted", 2),
                ("members.at_year_end", 8),
                ("members.rated_well", 70),
                ("oversight.violations", 0, "at_most"),
            ],
        ),
        2022: resolution(tree["district"], 2022, [("members.admitted", 1)]),
    }


def test_counts_by_status_and_the_year_before(root, tree, targets):
    review = yearly_review(root, tree["district"], 2023)
    assert review.resolution == targets[2023]
    assert dict(review.counts) == {"exceeded": 1, "met": 2, "not_met": 1}
    admitted = review.row("members.admitted")
    assert (admitted.current.value, admitted.current.status) == (3, "exceeded")
    assert admitted.current.percent == Decimal("150.0")
    assert (admitted.previous.value, admitted.previous.status) == (1, "met")
    assert admitted.change == 2
    assert review.row("members.rated_well").current.status == "not_met"
    assert review.row("oversight.violations").current.status == "met"
    assert review.row("members.admission_rate").current.status == "no_target"


def test_another_resolution_of_the_year_can_be_chosen(root, tree, targets):
    plan = resolution(
        tree["district"], 2023, [("members.admitted", 3)], kind=ResolutionKind.PLAN, last_year=2025
    )
    review = yearly_review(root, tree["district"], 2023)
    assert review.resolution == targets[2023]  # the yearly resolution comes first
    assert review.resolutions == [targets[2023], plan]
    chosen = yearly_review(root, tree["district"], 2023, plan)
    assert dict(chosen.counts) == {"met": 1}


def test_review_page_shows_every_indicator_with_links(staff_client, tree, targets):
    page = staff_client.get("/results/", {"year": 2023, "within": tree["district"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    row = html[html.index('data-indicator="members.admitted"') :]
    row = row[: row.index("</tr>")]
    assert "?admitted_year=2023&amp;admitted_under=" in row
    assert ">3</a>" in row
    assert "150,0%" in row
    assert 'data-status="exceeded"' in html
    assert 'data-status="not_met"' in html
    assert "<svg" in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    for code in ("members.admitted", "oversight.district_orgs_inspected", "front.welfare_works"):
        assert f'data-indicator="{code}"' in html


def test_every_result_link_opens(staff_client, tree, targets):
    review = staff_client.get("/results/", {"year": 2023}).context["review"]
    for row in review.rows:
        for result in (row.current, row.previous):
            if result.url:
                assert staff_client.get(result.url).status_code == 200, result.url


def test_csv_of_the_review(staff_client, tree, targets):
    response = staff_client.get("/results/", {"year": 2023, "export": "csv"})
    rows = read_csv(response)
    assert rows[0] == CSV_HEADER
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["members.admitted"][2:] == ["count", "2", "3", "150.0", "exceeded"]
    assert by_code["members.rated_well"][2:] == ["percent", "70.0", "60.0", "85.7", "not_met"]
    assert by_code["members.admission_rate"][3:] == ["", "50.0", "", "no_target"]
    assert {row[-1] for row in rows[1:]} <= {"exceeded", "met", "not_met", "no_target"}
    # Targeted indicators come first.
    assert [row[-1] != "no_target" for row in rows[1:5]] == [True] * 4


def test_command_prints_the_same_table_and_the_summary(tree, targets, client, staff_client):
    out = io.StringIO()
    call_command("yearly_results", "--year", "2023", "--org", "TS", stdout=out)
    printed = list(csv.reader(io.StringIO(out.getvalue())))
    page = read_csv(staff_client.get("/results/", {"year": 2023, "export": "csv"}))
    assert printed == page
    out = io.StringIO()
    call_command("yearly_results", "--year", "2023", "--format", "text", stdout=out)
    text = out.getvalue()
    assert "NĂM 2023" in text
    assert "phát triển 3 đảng viên" in text
    with pytest.raises(CommandError):
        call_command("yearly_results", "--year", "2023", "--org", "NOPE", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("yearly_results", "--year", "2023", "--user", "nobody", stdout=io.StringIO())


def test_command_as_a_clerk_stays_in_scope(tree, targets, vong_the_clerk):
    with pytest.raises(CommandError):
        call_command(
            "yearly_results", "--year", "2023", "--org", "TS-OE",
            "--user", vong_the_clerk.username, stdout=io.StringIO(),
        )  # fmt: skip
    out = io.StringIO()
    call_command("yearly_results", "--year", "2023", "--user", vong_the_clerk.username, stdout=out)
    assert "members.admitted" in out.getvalue()


def test_a_clerk_sees_the_same_page_for_the_commune(clerk_client, tree, targets):
    commune = resolution(tree["vong_the"], 2023, [("members.admitted", 2)])
    page = clerk_client.get("/results/", {"year": 2023})
    review = page.context["review"]
    assert review.organization == tree["vong_the"]
    assert review.resolution == commune
    assert review.row("members.admitted").current.value == 2
    assert dict(review.counts) == {"met": 1}
    # Another commune or the district: the clerk's own commune instead, never theirs.
    for other in (tree["oc_eo"], tree["district"]):
        page = clerk_client.get("/results/", {"year": 2023, "within": other.pk})
        assert page.context["review"].organization == tree["vong_the"]
    # The district's resolution cannot be chosen by id.
    page = clerk_client.get("/results/", {"year": 2023, "resolution": targets[2023].pk})
    assert page.context["review"].resolution == commune


def test_login_is_required(client):
    response = client.get("/results/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_query_count_does_not_grow_with_the_records(staff_client, tree, targets):
    def load():
        return (
            count_queries(staff_client, "/results/", {"year": 2023}),
            count_queries(staff_client, "/results/summary/", {"year": 2023}),
        )

    before = load()
    for index in range(6):
        member(tree["oc_eo_2"], given_name=f"Mới {index}", admitted_on=f"2023-04-0{index + 1}")
    assert load() == before


def test_summary_page_download_and_numbers(staff_client, tree, targets):
    page = staff_client.get("/results/summary/", {"year": 2023})
    assert page.status_code == 200
    summary = page.context["summary"]
    text = summary.as_text()
    assert "phát triển 3 đảng viên, vượt chỉ tiêu nghị quyết (bằng 150,0% chỉ tiêu 2)" in text
    assert "có 8 đảng viên" in text
    assert "Hạn chế: còn 1 chỉ tiêu chưa đạt" in text
    assert "data-copy" in page.content.decode()
    assert "data-print" in page.content.decode()
    download = staff_client.get("/results/summary/", {"year": 2023, "download": "txt"})
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert download.content.decode() == text
