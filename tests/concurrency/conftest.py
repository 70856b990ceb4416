"""Two clerks of the district office, each with a browser session of their own, and
one record of each app for them to edit at the same time."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from apps.results.models import Resolution, Target
from tests.factories import UserFactory, member
from tests.mobilization.conftest import mobilization_model
from tests.oversight.conftest import inspection
from tests.studies.conftest import session, topic

D = datetime.date


@pytest.fixture
def second_staff(tree):
    return UserFactory(username="staff2", home_organization=tree["district"])


def logged_in(user) -> Client:
    """A client of `user`, in English (the messages' Vietnamese comes with the merge)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def clerks(district_staff, second_staff):
    """(first, second): two clients of two users who may change the same records."""
    return logged_in(district_staff), logged_in(second_staff)


def form_data(response, **changes) -> dict:
    """What a browser would post back from the form on `response`, with `changes`:
    every field as rendered, and the record's fingerprint."""
    context = response.context
    form = context["adminform"].form if "adminform" in context else context["form"]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
            continue
        shown = field.field.widget.format_value(value)
        data[field.html_name] = "" if shown is None else shown
    if getattr(form, "fingerprint", None):
        data["record_fingerprint"] = form.fingerprint
    data.update(changes)
    return data


# One record of each app: (builder, edit page, field, first clerk's value, second's).
def a_member(tree):
    return member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")


def an_organization(tree):
    return tree["vong_the_1"]


def an_inspection(tree):
    return inspection(tree["vong_the"], D(2023, 5, 2), decision_number="12-QĐ/ĐU")


def a_study_session(tree):
    book = topic(tree["district"], kind="work", title="Sách của Tổng Bí thư", year=2022)
    return session(
        book, tree["vong_the"], D(2023, 5, 5), title="Hội nghị", attendee_visits=6, member_visits=0
    )


def a_mobilization_model(tree):
    return mobilization_model(tree["vong_the"], "Tổ tự quản", 2021)


def a_target(tree):
    resolution = Resolution.objects.create(
        organization=tree["district"], title="Nghị quyết năm 2023", first_year=2023, last_year=2023
    )
    return Target.objects.create(
        resolution=resolution, indicator_code="members.admitted", year=2023, value=10
    )


RECORDS = {
    "member": (a_member, "members:update", "given_name", "Ân", "Anh"),
    "organization": (an_organization, "organizations:update", "name", "Chi bộ Ấp Một", "Chi bộ 1"),
    "inspection": (
        an_inspection,
        "oversight:inspection-update",
        "decision_number",
        "13-QĐ/ĐU",
        "14-QĐ/ĐU",
    ),
    "study session": (a_study_session, "studies:session-update", "title", "Hội nghị A", "Buổi B"),
    "mobilization model": (
        a_mobilization_model,
        "mobilization:model-update",
        "name",
        "Tổ tự quản an ninh",
        "Tổ an ninh",
    ),
    "resolution target": (a_target, "results:target-update", "note", "Đạt", "Vượt"),
}
