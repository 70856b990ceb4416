"""`manage.py demo` loads the “Dân vận khéo” models behind the 2023 article, once.

"392 mô hình hay, hiệu quả" were renewed and improved in 2023; the other years are
the demo's own plausible figures, asserted here so that a change is seen.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.mobilization.demo import load_mobilization
from apps.mobilization.models import (
    MobilizationModel,
    ModelRecognition,
    ModelRenewal,
    RunnerKind,
    WorkField,
)
from apps.mobilization.statistics import mobilization_statistics
from apps.organizations.models import PartyOrganization
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RENEWED = {2017: 120, 2018: 165, 2019: 210, 2020: 250, 2021: 340, 2022: 365, 2023: 392,
           2024: 405}  # fmt: skip
REGISTERED = {2016: 170, 2017: 60, 2018: 55, 2019: 50, 2020: 45, 2021: 40, 2022: 35, 2023: 30,
              2024: 25}  # fmt: skip
MODELS = [MobilizationModel, ModelRenewal, ModelRecognition]


def run_demo():
    call_command("demo", "--no-migrate", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot():
    """What the demo made, without database ids."""
    models = MobilizationModel.objects.order_by("name")
    return [
        (m.name, m.organization.code, m.runner_kind, m.runner_name, m.field, m.holder,
         m.registered_year, m.status, m.ended_year,
         tuple(m.renewals.values_list("year", flat=True)),
         tuple(m.recognitions.values_list("recognised_on", "title", "decision")))
        for m in models.select_related("organization")
    ]  # fmt: skip


def check_the_figures():
    admin = UserFactory(is_superuser=True)
    district = PartyOrganization.objects.get(code="TS")
    models = MobilizationModel.objects.filter(organization__path__startswith=district.path)
    assert models.count() == sum(REGISTERED.values())
    for year, count in RENEWED.items():
        assert models.renewed_in(year).count() == count, year
        total = mobilization_statistics(admin, year, district)[-1]
        assert total.value("renewed") == count, year
    for year, count in REGISTERED.items():
        assert models.registered_in(year).count() == count, year
    # The article's year: the 392 were among the models running in 2023.
    assert models.renewed_in(2023).active_in(2023).count() == 392
    active_2023 = models.active_in(2023).count()
    assert 392 < active_2023 < 500


def check_the_spread():
    models = MobilizationModel.objects.all()
    organizations = PartyOrganization.objects.filter(mobilization_models__isnull=False).distinct()
    assert organizations.filter(code="TS").exists()
    communes = organizations.filter(kind__code="base-committee", commune__isnull=False)
    assert communes.count() == 17
    assert organizations.filter(kind__code="cell").count() > 20
    assert set(models.values_list("level", flat=True)) == {"superior", "base", "below_base"}
    assert set(models.values_list("runner_kind", flat=True)) == set(RunnerKind.values)
    assert set(models.values_list("field", flat=True)) == set(WorkField.values)
    assert set(models.values_list("holder", flat=True)) == {"collective", "individual"}
    assert set(models.values_list("status", flat=True)) == {
        "registered", "recognised", "replicated", "discontinued"
    }  # fmt: skip
    assert models.filter(status="discontinued").count() > 20
    assert set(ModelRecognition.objects.values_list("title", flat=True)) == {
        "Giấy khen", "Bằng khen"
    }  # fmt: skip
    # Names are composed, not repeated.
    assert models.values("name").distinct().count() == models.count()
    # Every record obeys the rules the pages enforce.
    for model in models.order_by("pk")[::17]:
        model.full_clean()
    for renewal in ModelRenewal.objects.select_related("model")[::23]:
        renewal.full_clean()
    for recognition in ModelRecognition.objects.select_related("model")[::7]:
        recognition.full_clean()
    assert not models.filter(ended_year__isnull=False).exclude(status="discontinued").exists()


def test_demo_models_match_the_article_and_load_once():
    run_demo()
    check_the_figures()
    check_the_spread()

    before, made = counts(), snapshot()
    run_demo()
    assert counts() == before
    assert load_mobilization() == 0

    # Loading again from scratch makes exactly the same models.
    MobilizationModel.objects.all().delete()
    assert load_mobilization() == sum(REGISTERED.values())
    assert snapshot() == made
