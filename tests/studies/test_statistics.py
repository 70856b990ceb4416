"""Study figures against the hand-counted year in `conftest.study`."""

import datetime

import pytest
from django.urls import reverse

from apps.oversight.models import PerformingBody
from apps.oversight.statistics import oversight_statistics
from apps.studies.statistics import COLUMNS, statistics_csv_rows, study_statistics
from tests.helpers import table_rows
from tests.oversight.conftest import inspection, subject

pytestmark = pytest.mark.django_db
D = datetime.date


def by_topic(rows):
    return {row.topic.short_title or row.topic.title[:10]: row.values for row in rows if row.topic}


def total(rows):
    return rows[-1].values


def test_district_figures(district_staff, study):
    rows = study_statistics(district_staff, 2023)
    figures = by_topic(rows)
    yearly = figures["Chuyên đề năm 2023"]
    assert yearly["sessions"] == 2
    assert yearly["attendee_visits"] == 9 + 5
    assert yearly["member_visits"] == 3 + 1
    assert yearly["members_expected"] == 4 + 2
    assert yearly["rate"] == pytest.approx(100 * 4 / 6)
    assert yearly["listed_sessions"] == 2
    # Bảo missed Vọng Thê's session but attended Óc Eo's after his transfer: only Em.
    assert yearly["missed"] == 1
    book = figures["Kiên quyết"]
    assert (book["sessions"], book["attendee_visits"], book["member_visits"]) == (1, 10, 2)
    assert (book["members_expected"], book["listed_sessions"], book["missed"]) == (2, 0, 0)
    assert total(rows)["sessions"] == 3
    assert total(rows)["attendee_visits"] == 24
    # The 2022 session is another year's.
    assert by_topic(study_statistics(district_staff, 2022))["Kiên quyết"]["sessions"] == 1


def test_a_subtree_and_a_clerk_see_their_part(district_staff, vong_the_clerk, tree, study):
    within = by_topic(study_statistics(district_staff, 2023, tree["vong_the"]))
    assert list(within) == ["Chuyên đề năm 2023"]
    yearly = within["Chuyên đề năm 2023"]
    assert (yearly["sessions"], yearly["member_visits"], yearly["members_expected"]) == (1, 3, 4)
    assert yearly["rate"] == pytest.approx(75)
    assert yearly["missed"] == 0
    assert by_topic(study_statistics(vong_the_clerk, 2023)) == within


def study_check(tree, study):
    """The district's propaganda board checks how both communes studied the yearly topic."""
    check = inspection(
        tree["district"], D(2023, 10, 2), body=PerformingBody.BOARD, content="Kiểm tra học tập"
    )
    subject(check, organization=tree["vong_the"])
    subject(check, organization=tree["oc_eo"])
    study["yearly"].inspections.add(check)
    return check


def test_organizations_inspected_on_study_stay_out_of_regulation_22(
    district_staff, staff_client, tree, study
):
    check = study_check(tree, study)
    inspections = reverse("oversight:inspection-list")
    assert table_rows(staff_client.get(inspections, {"regulation_22": "false"})) == [check]
    assert table_rows(staff_client.get(inspections, {"regulation_22": "true"})) == []
    subjects = reverse("oversight:inspection-subject-list")
    assert table_rows(staff_client.get(subjects, {"regulation_22": "true"})) == []
    assert len(table_rows(staff_client.get(subjects, {"regulation_22": "false"}))) == 2
    rows = study_statistics(district_staff, 2023)
    assert by_topic(rows)["Chuyên đề năm 2023"]["inspected"] == 2
    assert total(rows)["inspected"] == 2
    figures = oversight_statistics(district_staff, 2023)
    district_row = next(r for r in figures if r.work == "inspection" and r.level == "superior")
    assert district_row.value("organizations") == 0


def test_the_same_organization_checked_on_two_topics_counts_once_in_total(
    district_staff, tree, study
):
    check = study_check(tree, study)
    study["book"].inspections.add(check)
    rows = study_statistics(district_staff, 2023)
    assert by_topic(rows)["Kiên quyết"]["inspected"] == 2
    assert total(rows)["inspected"] == 2


@pytest.mark.parametrize("client_name", ["staff_client", "clerk_client"])
def test_every_number_links_to_its_rows(request, client_name, tree, study):
    client = request.getfixturevalue(client_name)
    study_check(tree, study)
    response = client.get(reverse("studies:statistics"), {"year": 2023})
    assert response.status_code == 200
    followed = 0
    for row in response.context["rows"]:
        for key, value, url in row.cells():
            if not value or key == "rate":
                continue
            assert url, f"{key} of {row.topic} has no link"
            page = client.get(url)
            assert page.status_code == 200
            listed = table_rows(page)
            if key in ("sessions", "listed_sessions", "missed", "inspected"):
                assert len(listed) == value, (key, row.topic)
            else:
                assert page.context["totals"][key] == value, (key, row.topic)
            followed += 1
    assert followed >= 8


def test_csv_rows_follow_the_table(district_staff, study):
    lines = list(statistics_csv_rows(study_statistics(district_staff, 2023)))
    assert len(lines[0]) == 2 + len(COLUMNS)
    yearly = next(line for line in lines if line[0] == "Chuyên đề năm 2023")
    assert yearly[2:] == [2, 14, 4, 6, "66.7", 2, 1, 0]
    assert lines[-1][0] == "Tổng cộng"
