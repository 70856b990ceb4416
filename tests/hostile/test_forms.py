"""The main forms, posted with arbitrary values in every field: errors, never a 500.

Each form's fields are read from the page itself; every example starts from values that
save (the first choice, a plain date, a short text) and replaces some of them with
hostile ones: text of any kind, oversized text, dates and numbers out of range, ids that
do not exist or do not fit the database. Each example runs in a transaction that is
rolled back, so the next one starts from the same records.
"""

import datetime

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.results.models import Resolution
from tests.studies.conftest import topic

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "", " ", "\x00", "a\x00b", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "=HYPERLINK(\"http://x\",\"y\")", "'; DROP TABLE members_partymember; --",
    "../../etc/passwd", "\u202eevil", "\u200b", "x" * 10_000, "Ắ" * 3000,
    "-1", "0", "-0", "1e309", "NaN", "Infinity", "99999999999999999999", "9" * 5000,
    "2.5", "1,5", "0x10", "\uff11\uff12", "01/01/0001", "31/12/9999", "31/02/2023",
    "99/99/99999", "29/02/2024", "0001-01-01", "9999-12-31", "00/00/0000", "abc",
]  # fmt: skip


def dmy(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def baseline(form) -> dict:
    """Values that the form accepts: a choice, a date, a number or a short text each."""
    data = {}
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            data[name] = form[name].value() or ""  # what the page sends back as it is
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = []
        elif isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            data[name] = first.pk if first is not None else ""
        elif isinstance(field, forms.ChoiceField):
            values = [value for value, _label in field.choices if value not in ("", None)]
            data[name] = values[0] if values else ""
        elif isinstance(field, forms.DateField):
            data[name] = "10/05/2023"
        elif isinstance(field, forms.BooleanField):
            data[name] = ""
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[name] = str(max(field.min_value or 0, 2023 if "year" in name else 1))
        else:
            data[name] = "Thử nghiệm"
    if getattr(form, "fingerprint", None):
        # An edit form's record of the values it was opened with, sent back by the page.
        data["record_fingerprint"] = form.fingerprint
    return data


@pytest.fixture
def pages(tree, people, district_staff):
    """The URLs of the main forms, with the records their choices need."""
    yearly = topic(tree["district"], year=2023)
    resolution = Resolution.objects.create(
        organization=tree["district"], kind="yearly", title="Nghị quyết năm 2023",
        first_year=2023, last_year=2023,
    )  # fmt: skip
    assert yearly.pk
    fixes = {
        "organization": {
            "code": "TS-VTH-09",
            "kind": tree["vong_the_1"].kind_id,
            "parent": tree["vong_the"].pk,
        },
    }
    urls = {
        "organization": reverse("organizations:create"),
        "member": reverse("members:admit"),
        "member-profile": reverse("members:update", args=[people["an"].pk]),
        "study-session": reverse("studies:session-create"),
        "inspection": reverse("oversight:inspection-create"),
        "target": reverse("results:target-create", args=[resolution.pk]),
        "model": reverse("mobilization:model-create"),
        "organization-edit": reverse("organizations:update", args=[tree["vong_the_1"].pk]),
        "dissolve": reverse("organizations:dissolve", args=[tree["vong_the_2"].pk]),
        "merge": reverse("organizations:merge", args=[tree["oc_eo_2"].pk]),
        "recognise": reverse("members:recognise", args=[people["an"].pk]),
        "transfer": reverse("members:transfer", args=[people["bao"].pk]),
        "exemption": reverse("members:exemption", args=[people["cao"].pk]),
        "position": reverse("members:position-create", args=[people["an"].pk]),
    }
    return {form: (url, fixes.get(form, {})) for form, url in urls.items()}


def fields_of(client, page) -> dict:
    url, fixes = page
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, url
    return {**baseline(response.context["form"]), **fixes}


hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.integers().map(str),
    st.dates().map(lambda day: dmy(day)),
)


@pytest.mark.parametrize(
    "form",
    ["organization", "member", "member-profile", "study-session", "inspection", "target", "model",
     "organization-edit", "dissolve", "merge", "recognise", "transfer", "exemption", "position"],
)  # fmt: skip
def test_a_form_posted_with_hostile_values_answers_with_errors(form, pages, district_staff):
    client = Client()
    client.force_login(district_staff)
    url = pages[form][0]
    good = fields_of(client, pages[form])

    @EXAMPLES
    @given(changes=st.dictionaries(st.sampled_from(sorted(good)), hostile_value, min_size=1))
    def post(changes):
        with transaction.atomic():
            response = client.post(url, {**good, **changes}, HTTP_HOST="127.0.0.1")
            assert response.status_code in {200, 302}
            if response.status_code == 200:
                assert response.context["form"].errors
            transaction.set_rollback(True)

    post()


def test_the_baseline_values_save(pages, district_staff):
    """The examples start from values that save, so that each change is what is tested."""
    client = Client()
    client.force_login(district_staff)
    for form in ["organization", "member", "member-profile", "inspection", "target"]:
        url = pages[form][0]
        with transaction.atomic():
            response = client.post(url, fields_of(client, pages[form]), HTTP_HOST="127.0.0.1")
            assert response.status_code == 302, (form, response.context["form"].errors)
            transaction.set_rollback(True)


@given(day=st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)))
@EXAMPLES
def test_dates_at_the_ends_of_the_calendar_never_fail(day, pages, district_staff):
    """Services add and subtract days and years: the first and last days must not overflow."""
    client = Client()
    client.force_login(district_staff)
    text = dmy(day)
    for form in ["member", "study-session", "inspection", "dissolve", "recognise", "exemption",
                 "position"]:  # fmt: skip
        url = pages[form][0]
        good = fields_of(client, pages[form])
        dates = {name: text for name, value in good.items() if value == "10/05/2023"}
        with transaction.atomic():
            response = client.post(url, {**good, **dates}, HTTP_HOST="127.0.0.1")
            assert response.status_code in {200, 302}, form
            transaction.set_rollback(True)


def test_a_form_body_over_the_upload_limit_is_a_bad_request(pages, district_staff, settings):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django refuses the body: 400, not 500."""
    client = Client(raise_request_exception=False)
    client.force_login(district_staff)
    good = fields_of(client, pages["member"])
    too_long = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(pages["member"][0], {**good, "notes": too_long})
    assert response.status_code == 400
    many = {f"field{number}": "1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(pages["member"][0], {**good, **many})
    assert response.status_code == 400
