"""The admin shows the same models as the pages, with renewals and recognitions inline."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.mobilization.models import MobilizationModel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:mobilization_mobilizationmodel_changelist")


def change_url(model):
    return reverse("admin:mobilization_mobilizationmodel_change", args=[model.pk])


@pytest.fixture
def staff_clerk(tree):
    user = UserFactory(username="admin-clerk", is_staff=True, home_organization=tree["vong_the"])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="mobilization",
            codename__in=["view_mobilizationmodel", "change_mobilizationmodel",
                          "view_modelrenewal", "view_modelrecognition"],
        )
    )  # fmt: skip
    return user


def listed(response):
    return {model.name for model in response.context["cl"].result_list}


def test_changelist_is_scoped_and_searchable(client, staff_clerk, world):
    client.force_login(staff_clerk)
    assert listed(client.get(CHANGELIST)) == {
        world[key].name for key in ("security", "eels", "dung", "flowers")
    }
    assert listed(client.get(CHANGELIST, {"q": "luon"})) == {world["eels"].name}
    # Another commune's model is not found: the admin redirects to its index.
    assert client.get(change_url(world["dialogue"])).status_code == 302


def management(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_inlines_check_their_years(client, superuser, tree):
    client.force_login(superuser)
    add = reverse("admin:mobilization_mobilizationmodel_add")
    response = client.get(add)
    assert "renewals-TOTAL_FORMS" in response.content.decode()
    assert "recognitions-TOTAL_FORMS" in response.content.decode()
    data = {
        "name": "Mô hình nuôi ếch thương phẩm",
        "organization": tree["vong_the"].pk,
        "runner_kind": "farmers",
        "field": "economy",
        "holder": "collective",
        "registered_year": "2020",
        "status": "registered",
        **management("renewals", [{"year": "2019"}]),
        **management("recognitions", [{"recognised_on": "01/06/2019", "title": "Giấy khen"}]),
    }
    response = client.post(add, data)
    assert response.status_code == 200
    errors = [form.errors for formset in response.context["inline_admin_formsets"]
              for form in formset.formset.forms]  # fmt: skip
    assert "year" in errors[0]
    assert "recognised_on" in errors[1]
    assert not MobilizationModel.objects.exists()
    data.update(management("renewals", [{"year": "2021"}]))
    data.update(management("recognitions", [{"recognised_on": "01/06/2021", "title": "Giấy khen"}]))
    assert client.post(add, data).status_code == 302
    model = MobilizationModel.objects.get()
    assert model.level == "base"
    assert list(model.renewals.values_list("year", flat=True)) == [2021]
    assert model.recognitions.count() == 1
