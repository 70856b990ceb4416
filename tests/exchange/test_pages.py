"""The “Dữ liệu CSV” page: every kind with its count, export and import links."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.exchange.registry import kinds

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_kind_in_dependency_order(everything, staff_client, tree):
    response = staff_client.get(reverse("exchange:index"))
    rows = response.context["rows"]
    assert [row["kind"].name for row in rows] == [kind.name for kind in kinds()]
    members = next(row for row in rows if row["kind"].name == "members")
    assert members["export_url"] == reverse("exchange:export", args=["members"])
    assert members["import_url"] == reverse("exchange:import", args=["members"])
    content = response.content.decode()
    for kind in kinds():
        assert f'data-kind="{kind.name}"' in content


def test_a_subtree_restricts_counts_and_export_links(everything, staff_client, tree):
    within = tree["oc_eo"]
    response = staff_client.get(reverse("exchange:index"), {"within": within.pk})
    members = next(row for row in response.context["rows"] if row["kind"].name == "members")
    assert members["count"] == 3  # Em, Giang, and Bảo who moved there
    assert members["export_url"].endswith(f"?within={within.pk}")


def test_counts_stop_at_a_bound(everything, staff_client, tree, monkeypatch):
    """A province's million ratings are not counted one by one: past the bound, it says so."""
    from apps.exchange import views

    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    response = staff_client.get(reverse("exchange:index"))
    members = next(row for row in response.context["rows"] if row["kind"].name == "members")
    assert members["count"] == 3  # counted to the bound and one past it, no further
    assert 'data-kind="members"' in response.content.decode()
    row = response.content.decode().split('data-kind="members"')[1].split("</tr>")[0]
    assert "hơn 2" in row


def test_the_page_costs_a_query_per_kind(everything, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(kinds()) + 12):
        staff_client.get(reverse("exchange:index"))


def test_an_export_costs_few_queries(everything, staff_client, django_assert_max_num_queries):
    for kind in kinds():
        with django_assert_max_num_queries(12):
            response = staff_client.get(reverse("exchange:export", args=[kind.name]))
            b"".join(response.streaming_content)


def test_an_unknown_kind_is_not_found(staff_client):
    assert staff_client.get(reverse("exchange:export", args=["secrets"])).status_code == 404
    assert staff_client.get(reverse("exchange:import", args=["secrets"])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "args"),
    [("exchange:index", []), ("exchange:export", ["members"]), ("exchange:import", ["members"])],
)
def test_login_is_required(db, url_name, args):
    response = Client().get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_someone_elses_pending_import_is_not_found(everything, staff_client, clerk_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.models import PendingImport

    upload = SimpleUploadedFile("b.csv", b"uid,member_uid,years\n", content_type="text/csv")
    staff_client.post(reverse("exchange:import", args=["badges"]), {"file": upload})
    pending = PendingImport.objects.get()
    assert pending.kind == "exchange:badges"
    url = reverse("exchange:import-preview", args=["badges", pending.pk])
    assert clerk_client.get(url).status_code == 404
    other_kind = reverse("exchange:import-preview", args=["members", pending.pk])
    assert staff_client.get(other_kind).status_code == 404
