"""The Django admin obeys the same organization scope as the pages."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:organizations_partyorganization_changelist")


@pytest.fixture
def staff_clerk(tree):
    user = UserFactory(username="admin-clerk", is_staff=True, home_organization=tree["vong_the"])
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_partyorganization", "change_partyorganization", "view_user"]
        )
    )
    return user


def listed_codes(response):
    return {obj.code for obj in response.context["cl"].result_list}


def test_admin_list_is_scoped(client, staff_clerk, tree):
    client.force_login(staff_clerk)
    assert listed_codes(client.get(CHANGELIST)) == {"TS-VTH", "TS-VTH-01", "TS-VTH-02"}


def test_admin_change_page_outside_scope_is_not_found(client, staff_clerk, tree):
    client.force_login(staff_clerk)
    url = reverse("admin:organizations_partyorganization_change", args=[tree["oc_eo"].pk])
    response = client.get(url)
    # The admin answers an unknown id with a redirect to its index and a message.
    assert response.status_code == 302
    assert "Óc Eo" not in client.get(response["Location"]).content.decode()


def test_admin_search_is_accent_insensitive(client, superuser, tree):
    client.force_login(superuser)
    assert listed_codes(client.get(CHANGELIST, {"q": "vong the"})) == {"TS-VTH"}


def test_admin_user_list_is_scoped(client, staff_clerk, tree):
    UserFactory(username="oceo-clerk", home_organization=tree["oc_eo"])
    UserFactory(username="vongthe-2", home_organization=tree["vong_the_1"])
    client.force_login(staff_clerk)
    response = client.get(reverse("admin:accounts_user_changelist"))
    names = {user.username for user in response.context["cl"].result_list}
    assert names == {"admin-clerk", "vongthe-2"}


def test_every_model_is_registered_with_search(client, superuser, tree):
    from django.apps import apps
    from django.contrib import admin
    from simple_history.models import HistoricalChanges

    client.force_login(superuser)
    for app_label in ("organizations", "accounts", "members", "core"):
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # the change history is read on the audit pages, never edited
            model_admin = admin.site._registry.get(model)
            assert model_admin is not None, model
            assert model_admin.search_fields, model
            url = reverse(f"admin:{app_label}_{model._meta.model_name}_changelist")
            assert client.get(url, {"q": "a"}).status_code == 200
