"""A small district holding records of every kind, and helpers to compare databases.

`everything` reuses the hand-counted worlds of the other apps' tests (inspections and
supervisions, study, mass mobilization) and adds what they lack: a commune, a merger,
ratings, a badge, a candidate who was admitted, a timeline step recorded by a user at a
precise time, personal data, and text that a spreadsheet would take for a formula.
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import RoleAssignment
from apps.exchange.registry import get_kind, kinds
from apps.members.models import (
    Badge,
    Candidate,
    Grade,
    MemberEvent,
    MemberRating,
    OrganizationRating,
)
from apps.members.services import recognise_official
from apps.organizations.models import PartyOrganization
from apps.organizations.services import merge_organizations
from apps.oversight.models import SupervisionSubject
from tests.factories import CommuneFactory, cell, member
from tests.mobilization.conftest import build_world as build_mobilization_world
from tests.oversight.conftest import build_world as build_oversight_world
from tests.oversight.conftest import supervision
from tests.studies.conftest import build_study, with_giang

D = datetime.date


def build_everything(tree, people, user):
    vong_the = tree["vong_the"]
    vong_the.commune = CommuneFactory(code="vong-the", name="Vọng Thê")
    vong_the.notes = "Ghi chú nhiều dòng\ndòng hai"
    vong_the.save()
    oversight = build_oversight_world(tree, people)
    study = build_study(tree, with_giang(people, tree))
    mobilization = build_mobilization_world(tree)

    an = people["an"]
    an.birth_date = D(1980, 2, 3)
    an.place_of_origin = "xã Vọng Thê, huyện Thoại Sơn"
    an.religion = "Phật giáo Hòa Hảo"
    an.notes = "=1+1 là công thức, -5 điểm là ghi chú"
    an.save()
    recognise_official(an, on=D(2016, 1, 11), by=user, decision="15-QĐ/ĐU")
    step = an.events.get(kind=MemberEvent.Kind.RECOGNITION)
    step.recorded_at = timezone.make_aware(datetime.datetime(2016, 1, 11, 9, 30, 15, 123456))
    step.save()

    old_cell = cell(tree["oc_eo"], code="TS-OE-03", name="Chi bộ Khóm Cũ", founded_on=D(1990, 1, 1))
    merge_organizations([old_cell], tree["oc_eo_1"], on=D(2020, 1, 1), decision="99-QĐ/HU")

    MemberRating.objects.create(member=an, year=2023, grade=Grade.GOOD)
    OrganizationRating.objects.create(organization=vong_the, year=2023, grade=Grade.EXCELLENT)
    Badge.objects.create(member=people["cao"], years=30, awarded_on=D(2023, 2, 3))
    admitted = member(tree["vong_the_2"], given_name="Hạnh", admitted_on="2023-04-01")
    Candidate.objects.create(
        family_name="Lý Thị", given_name="Hạnh", gender="female", organization=tree["vong_the_2"],
        identified_on=D(2021, 5, 1), sympathiser_on=D(2022, 1, 1), admitted_member=admitted,
    )  # fmt: skip
    Candidate.objects.create(
        family_name="Trương Văn", given_name="Tư", gender="male", organization=tree["oc_eo_1"],
        identified_on=D(2023, 1, 1),
    )  # fmt: skip

    followed = supervision(vong_the, D(2023, 2, 1))
    row = SupervisionSubject(
        event=followed,
        member=people["dung"],
        conclusion="signs_of_violation",
        follow_up=oversight["second"],
    )
    row.full_clean()
    row.save()
    study["yearly"].inspections.add(oversight["first"], oversight["district_inspection"])
    return {**oversight, **study, **mobilization, "followed": followed}


@pytest.fixture
def everything(tree, people, district_staff):
    return build_everything(tree, people, district_staff)


# --- comparing databases ------------------------------------------------------------


def identity(obj):
    """What names a record in any database: its uid, else its code, else the username."""
    if hasattr(obj, "uid"):
        return str(obj.uid)
    if hasattr(obj, "code"):
        return obj.code
    return obj.get_username()


# Depend on primary keys or on the moment of writing, not on what was recorded.
UNCOMPARED = {"created_at", "updated_at", "path"}


def snapshot(model, queryset=None) -> dict:
    """Every field of every record, references by identity: equal in any database."""
    rows = {}
    for obj in queryset if queryset is not None else model._base_manager.all():
        values = {}
        for field in model._meta.fields:
            if field.primary_key or field.name in UNCOMPARED:
                continue
            if field.is_relation:
                related = getattr(obj, field.name)
                values[field.name] = None if related is None else identity(related)
            else:
                values[field.name] = getattr(obj, field.attname)
        for field in model._meta.many_to_many:
            values[field.name] = sorted(identity(other) for other in getattr(obj, field.name).all())
        rows[identity(obj)] = values
    return rows


def snapshots() -> dict:
    return {kind.name: snapshot(kind.model) for kind in kinds()}


def clear_database():
    """Delete every record of every kind (the default organization kinds stay)."""
    get_user_model().objects.update(home_organization=None)
    # Users and their roles do not move as CSV; a new installation gives them anew.
    RoleAssignment.objects.all().delete()
    for kind in reversed(kinds()):
        if kind.name == "organization_kinds":
            continue
        if kind.model is PartyOrganization:
            for organization in PartyOrganization.objects.order_by("-depth"):
                organization.delete()
        else:
            kind.model._base_manager.all().delete()


def export(kind_name, *args) -> str:
    out = io.StringIO()
    call_command("export_csv", kind_name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_import(*args):
    out = io.StringIO()
    call_command("import_csv", *args, stdout=out, stderr=io.StringIO(), verbosity=0)
    return out.getvalue()


def csv_text(kind_name, rows) -> str:
    """A file under the kind's headers; cells not given are left empty."""
    headers = [column.header for column in get_kind(kind_name).all_columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
