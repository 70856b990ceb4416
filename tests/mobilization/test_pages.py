"""“Dân vận khéo” pages through HTTP: list, export, detail, forms, scope, statistics."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.mobilization.models import MobilizationModel, ModelRecognition, ModelRenewal
from apps.mobilization.statistics import mobilization_statistics
from tests.helpers import count_queries, post_form, read_csv
from tests.helpers import table_rows as rows

from .conftest import mobilization_model, recognition

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("mobilization:model-list")
CREATE = reverse("mobilization:model-create")
STATISTICS = reverse("mobilization:statistics")


def listed(client, **params):
    return {model.name for model in rows(client.get(LIST, params))}


def names(world, *keys):
    return {world[key].name for key in keys}


def form_data(organization, **overrides):
    data = {
        "name": "Mô hình trồng dưa lưới trong nhà màng",
        "organization": organization.pk,
        "runner_kind": "farmers",
        "runner_name": "Hội Nông dân xã Vọng Thê",
        "field": "economy",
        "holder": "collective",
        "registered_year": "2020",
        "status": "recognised",
        "ended_year": "",
        "renewal_years": "2021, 2022; 2023",
        "description": "",
    }
    return {**data, **overrides}


def test_navigation_links_the_area(staff_client):
    content = staff_client.get(reverse("home")).content.decode()
    assert LIST in content
    assert staff_client.get(reverse("mobilization:index")).url == LIST
    page = staff_client.get(LIST).content.decode()
    assert STATISTICS in page  # the area's own navigation


def test_list_filters(staff_client, world, tree):
    assert len(rows(staff_client.get(LIST))) == 6
    assert listed(staff_client, active_in=2023) == names(
        world, "security", "eels", "dung", "dialogue", "tam"
    )
    assert listed(staff_client, renewed_in=2022) == names(world, "security", "eels", "flowers")
    assert listed(staff_client, registered_in=2023) == names(world, "dung")
    assert listed(staff_client, recognised_in=2023) == names(world, "eels", "dialogue")
    assert listed(staff_client, field="culture_society") == names(world, "dung", "flowers")
    assert listed(staff_client, runner_kind="farmers") == names(world, "eels")
    assert listed(staff_client, holder="individual") == names(world, "dung", "tam")
    assert listed(staff_client, status="discontinued") == names(world, "flowers")
    assert listed(staff_client, level="below_base") == names(world, "eels", "dung")
    assert listed(staff_client, within=tree["oc_eo"].pk) == names(world, "dialogue")
    assert listed(staff_client, within=tree["vong_the"].pk, active_in=2022) == names(
        world, "security", "eels", "flowers"
    )
    # Accent-insensitive search over the name, the running body and the organization.
    assert listed(staff_client, q="luon khong bun") == names(world, "eels")
    assert listed(staff_client, q="cuu chien binh") == names(world, "security")
    # A year that is no year filters nothing in: the list is empty, not an error.
    assert rows(staff_client.get(LIST, {"active_in": "abc"})) == []


def test_list_shows_renewal_years_and_exports(staff_client, world):
    response = staff_client.get(LIST, {"runner_kind": "farmers"})
    content = response.content.decode()
    assert "2022, 2023" in content
    exported = read_csv(staff_client.get(LIST, {"active_in": 2023, "export": "csv"}))
    assert len(exported) == 1 + 5
    header = exported[0]
    column = {label: index for index, label in enumerate(header)}
    eels = next(line for line in exported if line[0] == world["eels"].name)
    assert eels[column[_("Years renewed and improved")]] == "2022, 2023"
    assert eels[column[_("Recognitions")]] == "2"
    assert eels[column[capfirst(_("year registered"))]] == "2021"
    assert eels[column[_("Running body")]] == "Chi hội Nông dân ấp Tây Bình"
    assert eels[column[capfirst(_("party organization"))]] == "Chi bộ Ấp Tây Bình"
    assert eels[column[capfirst(_("level"))]] == _("Hamlet or cell level")
    tam = next(line for line in exported if line[0] == world["tam"].name)
    assert tam[column[_("Running body")]] == _("Party organization")
    assert tam[column[_("Years renewed and improved")]] == "2023"


def test_query_counts_do_not_grow_with_rows(staff_client, world, tree):
    urls = [
        (LIST, {}),
        (LIST, {"export": "csv"}),
        (LIST, {"active_in": 2023, "within": tree["vong_the"].pk}),
        (STATISTICS, {"year": 2023}),
        (STATISTICS, {"year": 2023, "export": "csv"}),
        (world["eels"].get_absolute_url(), {}),
        (tree["oc_eo"].get_absolute_url(), {}),  # the organization page's panel
    ]
    before = [count_queries(staff_client, url, data) for url, data in urls]
    for number in range(15):
        model = mobilization_model(
            tree["oc_eo_2"], f"Tổ tuần tra nhân dân số {number}", 2019 + number % 4,
            field=["economy", "defence_security"][number % 2], renewed=[2022, 2023],
        )  # fmt: skip
        recognition(model, D(2023, 5, 1 + number))
        world["eels"].recognitions.create(recognised_on=D(2023, 6, 1 + number), title="Giấy khen")
    assert [count_queries(staff_client, url, data) for url, data in urls] == before


@pytest.mark.parametrize("who", ["staff", "clerk"])
def test_every_statistics_number_links_to_its_rows(who, request, world, tree):
    user = request.getfixturevalue("district_staff" if who == "staff" else "vong_the_clerk")
    client = request.getfixturevalue("staff_client" if who == "staff" else "clerk_client")
    scopes = [tree["district"], tree["vong_the"], None] if who == "staff" else [None]
    checked = 0
    for within in scopes:
        for year in (2021, 2022, 2023):
            for row in mobilization_statistics(user, year, within):
                for cell in row.cells:
                    if not cell.value:
                        assert not cell.url
                        continue
                    assert len(rows(client.get(cell.url))) == cell.value, (year, row.field, cell)
                    checked += 1
    assert checked > 20


def test_statistics_page_and_export(staff_client, world, tree):
    response = staff_client.get(STATISTICS)
    assert response.context["year"] == 2023  # the latest year with records
    assert staff_client.get(STATISTICS, {"year": "abc"}).context["year"] == 2023
    response = staff_client.get(STATISTICS, {"year": 2022, "within": tree["vong_the"].pk})
    assert response.context["within"] == tree["vong_the"]
    total = response.context["rows"][-1]
    assert total.is_total
    assert [cell.value for cell in total.cells] == [3, 0, 0, 3, 1]
    content = response.content.decode()
    assert f'href="{total.url("renewed")}"'.replace("&", "&amp;") in content
    exported = read_csv(
        staff_client.get(STATISTICS, {"year": 2023, "within": tree["district"].pk,
                                      "export": "csv"})
    )  # fmt: skip
    assert len(exported) == 1 + 5
    assert exported[-1] == [_("Total"), "5", "2", "1", "4", "2"]


def test_a_clerk_sees_only_their_commune(clerk_client, world, tree):
    assert len(rows(clerk_client.get(LIST))) == 4
    exported = read_csv(clerk_client.get(LIST, {"export": "csv"}))
    assert {line[0] for line in exported[1:]} == names(world, "security", "eels", "dung", "flowers")
    dialogue = world["dialogue"]
    for url in [
        dialogue.get_absolute_url(),
        reverse("mobilization:model-update", args=[dialogue.pk]),
        reverse("mobilization:model-delete", args=[dialogue.pk]),
        reverse("mobilization:recognition-create", args=[dialogue.pk]),
        reverse("mobilization:recognition-update", args=[world["dialogue_recognition"].pk]),
        reverse("mobilization:recognition-delete", args=[world["dialogue_recognition"].pk]),
    ]:
        assert clerk_client.get(url).status_code == 404, url
    # Another commune is neither offered nor accepted.
    choices = clerk_client.get(CREATE).context["form"].fields["organization"].queryset
    assert set(choices) == {tree["vong_the"], tree["vong_the_1"], tree["vong_the_2"]}
    response = clerk_client.post(CREATE, form_data(tree["oc_eo"]))
    assert "organization" in response.context["form"].errors
    assert (
        not MobilizationModel.objects.filter(organization=tree["oc_eo"])
        .exclude(pk=dialogue.pk)
        .exists()
    )
    # The statistics' "within" offers only the clerk's subtree, and ignores another.
    response = clerk_client.get(STATISTICS, {"year": 2023, "within": tree["oc_eo"].pk})
    assert response.context["within"] is None
    assert response.context["rows"][-1].value("active") == 3


def test_create_with_renewal_years(staff_client, tree):
    response = staff_client.post(CREATE, form_data(tree["vong_the"]))
    model = MobilizationModel.objects.get()
    assert response.url == model.get_absolute_url()
    assert list(model.renewals.values_list("year", flat=True)) == [2021, 2022, 2023]
    assert model.level == "base"
    detail = staff_client.get(model.get_absolute_url()).content.decode()
    assert "Hội Nông dân xã Vọng Thê" in detail
    assert "2021" in detail


def test_bad_input_saves_nothing(staff_client, tree):
    cases = [
        ({"renewal_years": "2021, năm 2022"}, "renewal_years"),
        ({"renewal_years": "2019, 2021"}, "renewal_years"),  # before registration
        ({"status": "discontinued", "renewal_years": "2021, 2023", "ended_year": "2022"},
         "renewal_years"),
        ({"status": "discontinued"}, "ended_year"),
        ({"registered_year": "1850"}, "registered_year"),
        ({"name": ""}, "name"),
    ]  # fmt: skip
    for overrides, field in cases:
        response = staff_client.post(CREATE, form_data(tree["vong_the"], **overrides))
        assert response.status_code == 200
        assert field in response.context["form"].errors, overrides
    assert not MobilizationModel.objects.exists()
    assert not ModelRenewal.objects.exists()
    message = (
        staff_client.post(CREATE, form_data(tree["vong_the"], renewal_years="2019, 2021"))
        .context["form"]
        .errors["renewal_years"][0]
    )
    assert "2019" in message
    assert "2020–" in message


def test_a_failure_after_the_model_is_saved_leaves_nothing(staff_client, tree):
    with (
        mock.patch("apps.mobilization.forms.set_renewal_years", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        staff_client.post(CREATE, form_data(tree["vong_the"]))
    assert not MobilizationModel.objects.exists()


def test_update_replaces_the_renewal_years(staff_client, world):
    security = world["security"]
    url = reverse("mobilization:model-update", args=[security.pk])
    form = staff_client.get(url).context["form"]
    assert form.initial["renewal_years"] == "2021, 2022, 2023"
    data = form_data(security.organization, name=security.name, runner_kind="veterans",
                     field="defence_security", registered_year="2019",
                     renewal_years="2020; 2023")  # fmt: skip
    assert post_form(staff_client, url, data).status_code == 302
    assert list(security.renewals.values_list("year", flat=True)) == [2020, 2023]
    # Discontinuing in 2021 with a 2023 renewal is refused; nothing changes.
    refused = {**data, "status": "discontinued", "ended_year": "2021"}
    response = post_form(staff_client, url, refused)
    assert "renewal_years" in response.context["form"].errors
    security.refresh_from_db()
    assert (security.status, security.ended_year) == ("recognised", None)
    assert list(security.renewals.values_list("year", flat=True)) == [2020, 2023]
    # Moving the registration past its 2022 recognition is refused too.
    response = post_form(
        staff_client, url, {**data, "registered_year": "2023", "renewal_years": ""}
    )
    assert "registered_year" in response.context["form"].errors
    assert security.renewals.count() == 2


def test_delete_asks_first_and_takes_renewals_and_recognitions(staff_client, world):
    eels = world["eels"]
    url = reverse("mobilization:model-delete", args=[eels.pk])
    response = staff_client.get(url)
    assert response.context["cascade_note"] == _(
        "Its %(renewals)d renewal years and %(recognitions)d recognitions are deleted with it."
    ) % {"renewals": 2, "recognitions": 2}
    assert MobilizationModel.objects.filter(pk=eels.pk).exists()
    response = post_form(staff_client, url)
    assert response.url == LIST
    assert not MobilizationModel.objects.filter(pk=eels.pk).exists()
    assert not ModelRenewal.objects.filter(model_id=eels.pk).exists()
    assert not ModelRecognition.objects.filter(model_id=eels.pk).exists()


def test_recognitions_from_the_detail_page(staff_client, world):
    dung = world["dung"]  # registered 2023
    detail = staff_client.get(dung.get_absolute_url())
    create = reverse("mobilization:recognition-create", args=[dung.pk])
    assert create in detail.content.decode()
    response = post_form(
        staff_client, create, {"recognised_on": "15/10/2022", "title": "Giấy khen"}
    )
    assert "recognised_on" in response.context["form"].errors
    assert not dung.recognitions.exists()
    response = post_form(staff_client,
        create,
        {"recognised_on": "15/10/2024", "title": "Giấy khen",
         "awarded_by": "Ủy ban nhân dân huyện Thoại Sơn", "decision": "3120/QĐ-UBND"},
    )  # fmt: skip
    assert response.url == dung.get_absolute_url()
    row = dung.recognitions.get()
    assert (row.recognised_on, row.decision) == (D(2024, 10, 15), "3120/QĐ-UBND")
    content = staff_client.get(dung.get_absolute_url()).content.decode()
    update = reverse("mobilization:recognition-update", args=[row.pk])
    delete = reverse("mobilization:recognition-delete", args=[row.pk])
    assert update in content
    assert delete in content
    assert "3120/QĐ-UBND" in content
    response = post_form(
        staff_client, update, {"recognised_on": "20/12/2024", "title": "Bằng khen"}
    )
    assert response.url == dung.get_absolute_url()
    row.refresh_from_db()
    assert (row.title, row.recognised_on) == ("Bằng khen", D(2024, 12, 20))
    assert post_form(staff_client, delete).url == dung.get_absolute_url()
    assert not dung.recognitions.exists()


def test_the_organization_page_shows_its_models(staff_client, world, tree):
    response = staff_client.get(tree["vong_the"].get_absolute_url())
    panel = next(
        panel["context"]
        for panel in response.context["related_panels"]
        if panel["template_name"] == "mobilization/panels/models.html"
    )
    assert panel["counts"] == {"total": 4, "active": 3, "individuals": 1}
    assert panel["year"] == 2023  # the subtree's latest year with records
    assert len(rows(staff_client.get(panel["active_url"]))) == 3
    assert {model.name for model in panel["latest"]} == names(
        world, "security", "eels", "dung", "flowers"
    )
    content = response.content.decode()
    assert f"{LIST}?within={tree['vong_the'].pk}" in content
    assert len(rows(staff_client.get(panel["list_url"]))) == 4
    oc_eo = staff_client.get(tree["oc_eo_1"].get_absolute_url()).content.decode()
    assert _("No “Dân vận khéo” model recorded in this subtree.") in oc_eo
