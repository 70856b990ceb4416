"""Approving and reopening through the pages: permissions, scope, history, the include."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from apps.closing.locks import registered_models
from apps.closing.models import YearApproval
from tests.factories import UserFactory
from tests.helpers import post_form, read_csv
from tests.helpers import table_rows as rows

from .conftest import grant, names_the_approval

pytestmark = pytest.mark.django_db
LIST = reverse("closing:list")
APPROVE = reverse("closing:approve")


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def commune_client(client, commune_leader):
    client.force_login(commune_leader)
    return client


def test_approving_asks_for_confirmation_first(leader_client, tree):
    data = {"organization": tree["district"].pk, "year": 2023, "note": "Hội nghị BTV 15/01/2024"}
    response = leader_client.post(APPROVE, data)
    assert response.status_code == 200
    assert response.context["confirming"]
    governed = {m for m in registered_models() if not m._meta.auto_created}
    assert len(response.context["kinds"]) == len(governed)
    assert not YearApproval.objects.exists()
    response = leader_client.post(APPROVE, {**data, "confirmed": "1"})
    assert response.url == f"{LIST}?year=2023"
    approval = YearApproval.objects.get()
    assert (approval.organization, approval.year, approval.note) == (
        tree["district"], 2023, "Hội nghị BTV 15/01/2024"
    )  # fmt: skip
    assert approval.approved_by.username == "leader"


def test_the_form_is_prefilled_from_the_review_page(leader_client, tree):
    response = leader_client.get(APPROVE, {"organization": tree["vong_the"].pk, "year": 2023})
    form = response.context["form"]
    assert (form.initial["organization"], form.initial["year"]) == (tree["vong_the"].pk, 2023)


def test_only_the_district_and_base_organizations_are_offered(leader_client, tree):
    offered = set(leader_client.get(APPROVE).context["form"].fields["organization"].queryset)
    assert offered == {tree["district"], tree["vong_the"], tree["oc_eo"]}


def test_a_year_cannot_be_approved_twice(leader_client, tree, close):
    close(tree["vong_the"], 2023)
    response = leader_client.post(APPROVE, {"organization": tree["vong_the"].pk, "year": 2023})
    assert names_the_approval(response.context["form"].non_field_errors()[0])
    assert YearApproval.objects.count() == 1


def test_approving_needs_the_permission(clerk_client, tree):
    assert clerk_client.get(APPROVE).status_code == 403
    data = {"organization": tree["vong_the"].pk, "year": 2023, "confirmed": "1"}
    assert clerk_client.post(APPROVE, data).status_code == 403
    assert not YearApproval.objects.exists()


def test_a_commune_leader_approves_the_commune_but_not_the_district(commune_client, tree):
    offered = set(commune_client.get(APPROVE).context["form"].fields["organization"].queryset)
    assert offered == {tree["vong_the"]}
    for organization in (tree["district"], tree["oc_eo"]):
        data = {"organization": organization.pk, "year": 2023, "confirmed": "1"}
        response = commune_client.post(APPROVE, data)
        assert "organization" in response.context["form"].errors
    assert not YearApproval.objects.exists()
    data = {"organization": tree["vong_the"].pk, "year": 2023, "confirmed": "1"}
    assert commune_client.post(APPROVE, data).status_code == 302
    assert YearApproval.objects.get().organization == tree["vong_the"]


def test_a_commune_sees_its_own_and_the_districts_approvals_only(
    commune_client, tree, close, commune_leader
):
    own = close(tree["vong_the"], 2023, by=commune_leader)
    district = close(tree["district"], 2022)
    close(tree["oc_eo"], 2023)
    assert set(rows(commune_client.get(LIST))) == {own, district}


def test_the_list_is_the_history_filterable_by_year(
    leader_client, tree, close, leader, django_assert_max_num_queries
):
    first = close(tree["district"], 2023)
    post_form(leader_client, reverse("closing:reopen", args=[first.pk]), {"reason": "Sửa số liệu"})
    second = close(tree["district"], 2023)
    close(tree["vong_the"], 2022)
    with django_assert_max_num_queries(12):
        response = leader_client.get(LIST, {"year": 2023})
    assert rows(response) == [second, first]
    page = response.content.decode()
    assert "Sửa số liệu" in page
    assert "25/11/2026 09:30" in page
    reopen_second = reverse("closing:reopen", args=[second.pk])
    assert reopen_second in page
    assert reverse("closing:reopen", args=[first.pk]) not in page
    assert len(rows(leader_client.get(LIST, {"status": "reopened"}))) == 1
    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    exported = read_csv(leader_client.get(LIST, {"year": 2023, "export": "csv"}))
    assert [line[5] for line in exported[1:]] == ["Approved, read-only", "Reopened"]
    assert exported[2][6:9] == ["Nguyễn Văn A", exported[2][7], "Sửa số liệu"]


def test_reopening_needs_a_reason_and_is_recorded(leader_client, tree, close, leader):
    approval = close(tree["vong_the"], 2023)
    url = reverse("closing:reopen", args=[approval.pk])
    response = post_form(leader_client, url, {"reason": "  "})
    assert "reason" in response.context["form"].errors
    assert YearApproval.objects.get().is_current
    response = post_form(leader_client, url, {"reason": "Bổ sung kết quả kiểm tra"})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert (approval.reopened_by, approval.reopen_reason) == (leader, "Bổ sung kết quả kiểm tra")
    # Already reopened: nothing more to do.
    assert leader_client.get(url).status_code == 302


def test_reopening_needs_its_own_permission_and_the_scope(client, tree, close, commune_leader):
    district = close(tree["district"], 2023)
    oc_eo = close(tree["oc_eo"], 2023)
    own = close(tree["vong_the"], 2023, by=commune_leader)
    client.force_login(commune_leader)
    # Allowed to approve, not to reopen.
    assert client.get(reverse("closing:reopen", args=[own.pk])).status_code == 403
    reopener = grant(commune_leader, "reopen_year")
    client.force_login(reopener)
    assert client.get(reverse("closing:reopen", args=[own.pk])).status_code == 200
    # The district's approval is seen but not reopened; another commune's is not seen.
    assert (
        client.post(reverse("closing:reopen", args=[district.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert client.get(reverse("closing:reopen", args=[oc_eo.pk])).status_code == 404
    assert YearApproval.objects.current().count() == 3


def test_the_admin_shows_approvals_but_never_changes_them(client, superuser, tree, close):
    approval = close(tree["district"], 2023)
    client.force_login(superuser)
    page = client.get(reverse("admin:closing_yearapproval_change", args=[approval.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert client.get(reverse("admin:closing_yearapproval_add")).status_code == 403


def render_status(user, organization, year):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "closing/includes/year_status.html" %}')
    return template.render(
        Context({"request": request, "organization": organization, "year": year})
    )


def test_the_year_status_include(tree, close, leader, commune_leader):
    clerk = UserFactory(username="clerk", home_organization=tree["vong_the"])
    html = render_status(leader, tree["vong_the"], 2023)
    assert f"{APPROVE}?organization={tree['vong_the'].pk}&amp;year=2023" in html
    assert reverse("closing:approve") not in render_status(clerk, tree["vong_the"], 2023)
    approval = close(tree["district"], 2023)
    html = render_status(commune_leader, tree["vong_the"], 2023)
    # Closed by the district: named, and neither approvable nor reopenable by the commune.
    assert names_the_approval(html)
    assert "Đảng bộ huyện Thoại Sơn" in html
    assert APPROVE not in html
    assert "/reopen/" not in html
    assert reverse("closing:reopen", args=[approval.pk]) in render_status(
        leader, tree["vong_the"], 2023
    )


def test_the_reopen_button_shows_only_where_the_user_may_reopen(
    client, tree, close, commune_leader
):
    """A commune's leader allowed to reopen sees the district's approval in the list, but
    may reopen only the commune's own: the button follows the reopening page's rule."""
    reopener = grant(commune_leader, "reopen_year")
    own = close(tree["vong_the"], 2023, by=reopener)
    district = close(tree["district"], 2022)
    client.force_login(reopener)
    page = client.get(LIST).content.decode()
    assert reverse("closing:reopen", args=[own.pk]) in page
    assert reverse("closing:reopen", args=[district.pk]) not in page
    assert client.get(reverse("closing:reopen", args=[district.pk])).status_code == 403
    assert client.get(reverse("closing:reopen", args=[own.pk])).status_code == 200
