"""The admin's change form refuses a save over a change made since it was opened."""

from django.urls import reverse

from apps.core.concurrency import FIELD_NAME
from apps.members.models import PartyMember
from tests.factories import UserFactory, member

from .conftest import form_data, logged_in


def test_two_administrators_change_one_member(tree):
    person = member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")
    url = reverse("admin:members_partymember_change", args=[person.pk])
    first, second = (
        logged_in(UserFactory(is_superuser=True, is_staff=True, username=name))
        for name in ("root1", "root2")
    )
    first_form, second_form = first.get(url), second.get(url)
    assert FIELD_NAME in first_form.content.decode()

    assert first.post(url, form_data(first_form, given_name="Ân")).status_code == 302
    refused = second.post(url, form_data(second_form, given_name="Anh"))

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert form.conflict.reason == "changed"
    assert "Given name: “An” when you opened the form, now “Ân”." in form.non_field_errors()
    page = refused.content.decode()
    assert 'data-conflict="changed"' in page
    assert f'href="{url}" data-reload' in page
    assert PartyMember.objects.get(pk=person.pk).given_name == "Ân"

    reloaded = second.get(url)
    assert second.post(url, form_data(reloaded, given_name="Anh")).status_code == 302
    assert PartyMember.objects.get(pk=person.pk).given_name == "Anh"


def test_the_admin_refuses_a_change_without_the_fingerprint(tree):
    person = member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")
    url = reverse("admin:members_partymember_change", args=[person.pk])
    root = logged_in(UserFactory(is_superuser=True, is_staff=True))
    data = form_data(root.get(url), given_name="Ân")
    data.pop(FIELD_NAME)
    refused = root.post(url, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.conflict.reason == "invalid"
    assert PartyMember.objects.get(pk=person.pk).given_name == "An"
