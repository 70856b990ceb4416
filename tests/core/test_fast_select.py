"""FastSelect writes the options Django's Select would, escaped, in one pass."""

import re

import pytest
from django import forms

from apps.core.forms import FastSelect
from apps.organizations.models import Commune


def options(html: str) -> list[tuple[str, bool, str]]:
    found = re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', html)
    return [(value, bool(selected), label) for value, selected, label in found]


CHOICES = [("", "Tất cả"), ("a", "Ấp <Tây> & Bình"), ("b", 'Khóm "Sơn Hòa"')]


def test_the_same_options_as_django_select_chosen_and_escaped():
    ours = FastSelect(choices=CHOICES).render("commune", "a", attrs={"id": "id_commune"})
    django = forms.Select(choices=CHOICES).render("commune", "a", attrs={"id": "id_commune"})
    assert ours.startswith('<select name="commune" id="id_commune">')
    assert options(ours) == options(django)
    assert ("a", True, "Ấp &lt;Tây&gt; &amp; Bình") in options(ours)


def test_grouped_choices_fall_back_to_django_rendering():
    grouped = [("Xã", [("a", "Vọng Thê"), ("b", "Vọng Đông")])]
    html = FastSelect(choices=grouped).render("commune", "b")
    assert "<optgroup" in html
    assert ("b", True, "Vọng Đông") in options(html)


@pytest.mark.django_db
def test_the_commune_filter_offers_the_communes_the_user_sees(tree, client):
    from django.urls import reverse

    from tests.factories import UserFactory

    own = Commune.objects.create(code="vong-the", name="Vọng Thê")
    other = Commune.objects.create(code="oc-eo", name="Óc Eo", kind=Commune.Kind.TOWN)
    tree["vong_the"].commune = own
    tree["vong_the"].save()
    tree["oc_eo"].commune = other
    tree["oc_eo"].save()
    client.force_login(UserFactory(home_organization=tree["vong_the"]))
    html = client.get(reverse("organizations:list"), HTTP_HOST="127.0.0.1").content.decode()
    field = html.split('name="commune"')[1].split("</select>")[0]
    assert f'value="{own.pk}"' in field
    assert f'value="{other.pk}"' not in field


@pytest.mark.django_db
def test_every_plain_select_of_a_list_filter_is_fast(tree, staff_client):
    """Topics, kinds, years of a filter form: written in one pass, and the chosen one kept."""
    from django.urls import reverse

    from tests.studies.conftest import topic

    chosen = topic(tree["vong_the"], year=2024, title="Chuyên đề <năm> 2024")
    response = staff_client.get(reverse("studies:session-list"), {"topic": chosen.pk})
    fields = response.context["filter"].form.fields
    assert type(fields["topic"].widget) is FastSelect
    assert type(fields["kind"].widget) is FastSelect
    html = response.content.decode().split('name="topic"')[1].split("</select>")[0]
    assert (str(chosen.pk), True, "Chuyên đề &lt;năm&gt; 2024") in options(html)
