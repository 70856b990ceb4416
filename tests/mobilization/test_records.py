"""The rules a model, its renewal years and its recognitions obey, and the yearly querysets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.mobilization.models import MobilizationModel, ModelRecognition, ModelRenewal
from apps.mobilization.services import parse_years, set_renewal_years
from tests.factories import cell

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_the_year_discontinued_is_required_exactly_when_discontinued(tree):
    model = MobilizationModel(
        organization=tree["vong_the"], name="Mô hình trồng nấm rơm", runner_kind="farmers",
        field="economy", registered_year=2019, status="discontinued",
    )  # fmt: skip
    assert errors_of(model)["ended_year"] == [_("Give the last year of a discontinued model.")]
    model.status, model.ended_year = "recognised", 2022
    assert errors_of(model)["ended_year"] == [
        _("Only a discontinued model has a year discontinued.")
    ]
    model.status, model.ended_year = "discontinued", 2018
    assert errors_of(model)["ended_year"] == [
        _("A model cannot be discontinued before it was registered.")
    ]
    model.ended_year = 2019  # discontinued in the year it was registered
    model.full_clean()


def test_the_database_refuses_what_clean_refuses(tree):
    fields = {"organization": tree["vong_the"], "name": "X", "runner_kind": "party",
              "field": "economy"}  # fmt: skip
    bad = [
        {"registered_year": 2019, "status": "discontinued"},
        {"registered_year": 2019, "status": "registered", "ended_year": 2020},
        {"registered_year": 2019, "status": "discontinued", "ended_year": 2018},
        {"registered_year": 1850},
    ]
    for values in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            MobilizationModel.objects.create(**fields, **values)


def test_the_level_comes_from_the_organization(world):
    assert world["tam"].level == "superior"
    assert world["security"].level == "base"
    assert world["eels"].level == "below_base"
    assert world["eels"].get_level_display() == _("Hamlet or cell level")


def test_the_organization_must_exist_in_the_registration_year(tree):
    dissolved = cell(tree["vong_the"], code="TS-VTH-09", name="Chi bộ Ấp Giải Thể",
                     founded_on=D(2000, 1, 1), dissolved_on=D(2021, 7, 1))  # fmt: skip
    founded = cell(tree["vong_the"], code="TS-VTH-10", name="Chi bộ Ấp Mới",
                   founded_on=D(2022, 9, 1))  # fmt: skip
    model = MobilizationModel(name="Tổ tuần tra nhân dân", runner_kind="youth",
                              field="defence_security", organization=dissolved,
                              registered_year=2022)  # fmt: skip
    assert "organization" in errors_of(model)
    model.registered_year = 2021  # dissolved in the middle of 2021: still accepted
    model.full_clean()
    model.organization, model.registered_year = founded, 2021
    assert "organization" in errors_of(model)
    model.registered_year = 2022  # founded during 2022
    model.full_clean()


def test_renewals_lie_within_the_active_years(world):
    flowers = world["flowers"]  # 2018–2022
    for year in (2017, 2023):
        message = errors_of(ModelRenewal(model=flowers, year=year))["year"][0]
        assert str(year) in message
        assert "2018–2022" in message
    ModelRenewal(model=flowers, year=2020).full_clean()
    with pytest.raises(ValidationError):
        set_renewal_years(flowers, [2020, 2023])
    assert list(flowers.renewals.values_list("year", flat=True)) == [2019, 2021, 2022]
    set_renewal_years(flowers, [2018, 2022, 2020])
    assert list(flowers.renewals.values_list("year", flat=True)) == [2018, 2020, 2022]


def test_a_renewal_is_recorded_once_a_year(world):
    with pytest.raises(ValidationError) as caught:
        ModelRenewal(model=world["security"], year=2022).full_clean()
    assert "__all__" in caught.value.message_dict


def test_renewal_years_are_read_from_a_clerks_list():
    assert parse_years("2021, 2022; 2023") == [2021, 2022, 2023]
    assert parse_years(" 2023 2021,2021 ;") == [2021, 2023]
    assert parse_years("") == []
    with pytest.raises(ValidationError) as caught:
        parse_years("2021, năm 2022, 21, 1850, 2022-2023")
    message = caught.value.messages[0]
    for token in ("“năm”", "“21”", "“1850”", "“2022-2023”"):
        assert token in message
    assert "“2021”" not in message


def test_a_recognition_cannot_come_before_the_registration_year(world):
    early = ModelRecognition(model=world["eels"], recognised_on=D(2020, 12, 31), title="Giấy khen")
    assert errors_of(early)["recognised_on"] == [_("The model was only registered in %(year)s.")
                                                 % {"year": 2021}]  # fmt: skip
    ModelRecognition(
        model=world["eels"], recognised_on=D(2021, 1, 2), title="Giấy khen"
    ).full_clean()


def test_the_registration_year_cannot_pass_a_recognition(world):
    security = world["security"]  # recognised on 15/12/2022
    security.registered_year = 2023
    security.status = "registered"
    assert "registered_year" in errors_of(security)


def test_active_registered_renewed_and_recognised_counts(world, tree):
    models = MobilizationModel.objects.all()
    assert names(models.active_in(2023)) == {
        world[key].name for key in ("security", "eels", "dung", "dialogue", "tam")
    }
    # Flowers ran until 2022 inclusive; the district's model was registered in 2022.
    assert models.active_in(2022).count() == 5
    assert world["flowers"].name in names(models.active_in(2022))
    assert models.active_in(2017).count() == 0
    assert models.active_in(2018).count() == 1
    assert names(models.registered_in(2023)) == {world["dung"].name}
    assert models.renewed_in(2023).count() == 4
    assert models.renewed_in(2022).count() == 3
    assert models.renewed_in(2020).count() == 0
    # Eels was recognised twice in 2023: one model.
    assert names(models.recognised_in(2023)) == {world["eels"].name, world["dialogue"].name}
    assert names(models.recognised_in(2022)) == {world["security"].name}
    vong_the = models.filter(organization__path__startswith=tree["vong_the"].path)
    assert (
        vong_the.active_in(2023).count(),
        vong_the.registered_in(2023).count(),
        vong_the.renewed_in(2023).count(),
        vong_the.recognised_in(2023).count(),
    ) == (3, 1, 2, 1)


def test_visible_to_follows_the_organization(world, vong_the_clerk, district_staff):
    assert MobilizationModel.objects.visible_to(district_staff).count() == 6
    assert names(MobilizationModel.objects.visible_to(vong_the_clerk)) == {
        world[key].name for key in ("security", "eels", "dung", "flowers")
    }
    assert ModelRecognition.objects.visible_to(vong_the_clerk).count() == 4
    assert ModelRenewal.objects.visible_to(vong_the_clerk).count() == 8


def test_runner_shows_the_name_or_the_kind(world):
    assert world["eels"].runner == "Chi hội Nông dân ấp Tây Bình"
    assert world["tam"].runner == _("Party organization")
    assert world["flowers"].active_years == "2018–2022"
    assert world["eels"].active_years == "2021–"
