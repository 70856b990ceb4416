"""The model backend of every request: the user with their home organization, and the
permissions given outside roles, each read in one query."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.backends import AccountBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permission(codename):
    return Permission.objects.get(codename=codename)


def test_permissions_given_directly_and_through_groups_come_in_one_query(tree):
    user = UserFactory(home_organization=tree["vong_the"], roles=[])
    group = Group.objects.create(name="Báo cáo")
    group.permissions.add(permission("view_all_changes"))
    user.groups.add(group)
    user.user_permissions.add(permission("approve_year"))
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        assert user.has_perm("audit.view_all_changes")
        assert user.has_perm("closing.approve_year")
        assert not user.has_perm("closing.reopen_year")
    assert len(captured) == 2  # the permissions; the roles (none)
    assert AccountBackend().get_all_permissions(user) == {
        "audit.view_all_changes",
        "closing.approve_year",
    }


def test_an_inactive_user_has_no_permission(tree):
    user = UserFactory(home_organization=tree["vong_the"], is_active=False)
    user.user_permissions.add(permission("approve_year"))
    assert AccountBackend().get_all_permissions(user) == set()
    assert not user.has_perm("closing.approve_year")


def test_the_signed_in_user_comes_with_their_home_organization(client, tree):
    user = UserFactory(home_organization=tree["vong_the"])
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert tree["vong_the"].name in response.content.decode()
    home_reads = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "organizations_partyorganization"."id"')
        and str(tree["vong_the"].pk) in query["sql"]
    ]
    assert home_reads == []  # joined to the user's own row
    assert AccountBackend().get_user(user.pk).home_organization == tree["vong_the"]
    assert AccountBackend().get_user(10**9) is None
