"""The main navigation marks the area of the page shown."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "area"),
    [
        ("studies:statistics", "Học tập chính trị"),
        ("studies:topic-list", "Học tập chính trị"),
        ("mobilization:statistics", "Dân vận"),
        ("oversight:supervision-list", "Kiểm tra, giám sát"),
        ("members:list", "Đảng viên"),
    ],
)
def test_every_page_of_an_area_marks_it(staff_client, url_name, area):
    navigation = staff_client.get(reverse(url_name)).context["navigation"]
    assert [item["label"] for item in navigation if item["active"]] == [area]


def test_the_home_page_marks_no_area(staff_client):
    navigation = staff_client.get(reverse("home")).context["navigation"]
    assert not any(item["active"] for item in navigation)
