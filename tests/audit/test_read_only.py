"""History is never editable from the app: no page writes it, and the admin cannot revert."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from apps.audit.history import acting
from apps.members.models import PartyMember
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def changed_member(tree, superuser):
    person = member(tree["vong_the_1"], given_name="Cũ")
    with acting(superuser):
        person.given_name = "Mới"
        person.save()
    return person


def audit_views():
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern

    return [
        pattern
        for pattern in walk(get_resolver().url_patterns)
        if getattr(pattern.callback, "__module__", "").startswith(("apps.audit", "simple_history"))
    ]


def test_the_audit_pages_only_read(root, changed_member):
    assert {pattern.name for pattern in audit_views()} == {"list", "record"}
    urls = [
        reverse("audit:list"),
        reverse("audit:record", args=["members.partymember", changed_member.pk]),
    ]
    before = list(PartyMember.history.values_list("history_id", "given_name"))
    for url in urls:
        assert root.get(url).status_code == 200
        for method in (root.post, root.put, root.patch, root.delete):
            assert method(url).status_code == 405
    assert list(PartyMember.history.values_list("history_id", "given_name")) == before


def test_the_admin_has_no_history_to_edit_or_revert(root, changed_member):
    for model, model_admin in admin.site._registry.items():
        assert not model.__name__.startswith("Historical"), model
        assert not isinstance(model_admin, SimpleHistoryAdmin), model
    oldest = PartyMember.history.filter(id=changed_member.pk).earliest("history_id")
    revert = f"/admin/members/partymember/{changed_member.pk}/history/{oldest.history_id}/"
    response = root.post(revert, {"given_name": "Cũ"})
    assert response.status_code in {302, 404}
    assert root.get(revert).status_code in {302, 404}
    changed_member.refresh_from_db()
    assert changed_member.given_name == "Mới"
    count = PartyMember.history.filter(id=changed_member.pk).count()
    # The admin's own history page of the record only lists; posting to it changes nothing.
    history_page = reverse("admin:members_partymember_history", args=[changed_member.pk])
    root.post(history_page, {"given_name": "Cũ"})
    changed_member.refresh_from_db()
    assert changed_member.given_name == "Mới"
    assert PartyMember.history.filter(id=changed_member.pk).count() == count
