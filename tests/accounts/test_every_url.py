"""Every URL of the app, with every role, in and out of scope: 403 or 404 where it must be.

The URLs come from the URL configuration: a page added without a line in `PAGES` fails
`test_every_page_is_listed`, so no page escapes these checks. Each line says what the
page needs (to read, or to write an area, or a special right) and which record its URL
names; every role is then held at Vọng Thê and sent to the page with a record of Vọng
Thê (its own) and one of Óc Eo (someone else's).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.roles import RIGHTS, Role
from apps.closing.models import YearApproval
from apps.core.models import PendingImport
from apps.members.models import (
    Badge,
    Candidate,
    Discipline,
    MemberRating,
    OrganizationRating,
    Position,
)
from apps.mobilization.models import MobilizationModel, ModelRecognition
from apps.results.models import ManualValue, Resolution, Target
from tests.factories import UserFactory, member
from tests.oversight.conftest import inspection, subject, supervision
from tests.studies.conftest import session, topic

D = datetime.date
READ = "read"

# url name: (what the page needs, the record its URL names). What it needs is READ (any
# role), an area the role must write, or a special permission.
PAGES = {
    "home": (READ, None),
    "organizations:list": (READ, None),
    "organizations:tree": (READ, None),
    "organizations:create": ("organizations", None),
    "organizations:detail": (READ, "cell"),
    "organizations:update": ("organizations", "cell"),
    "organizations:delete": ("organizations", "cell"),
    "organizations:dissolve": ("organizations", "cell"),
    "organizations:merge": ("organizations", "cell"),
    "organizations:split": ("organizations", "cell"),
    "members:list": (READ, None),
    "members:admit": ("members", None),
    "members:development": (READ, None),
    "members:import": ("members", None),
    "members:import-preview": ("members", "members_import"),
    "members:position-import": ("members", None),
    "members:position-import-preview": ("members", "positions_import"),
    "members:detail": (READ, "member"),
    "members:update": ("members", "member"),
    "members:recognise": ("members", "member"),
    "members:transfer": ("members", "member"),
    "members:transfer-out": ("members", "member"),
    "members:death": ("members", "member"),
    "members:removal": ("members", "member"),
    "members:expulsion": ("discipline", "member"),
    "members:exemption": ("members", "member"),
    "members:exemption-end": ("members", "member"),
    "members:position-create": ("members", "member"),
    "members:position-delete": ("members", "position"),
    "members:rating-create": ("members", "member"),
    "members:rating-delete": ("members", "rating"),
    "members:badge-create": ("members", "member"),
    "members:badge-delete": ("members", "badge"),
    "members:discipline-create": ("discipline", "member"),
    "members:discipline-delete": ("discipline", "discipline"),
    "members:organization-rating-list": (READ, None),
    "members:organization-rating-create": ("members", None),
    "members:organization-rating-update": ("members", "organization_rating"),
    "members:candidate-list": (READ, None),
    "members:candidate-create": ("members", None),
    "members:candidate-update": ("members", "candidate"),
    "oversight:index": (READ, None),
    "oversight:statistics": (READ, None),
    "results:review": (READ, None),
    "results:summary": (READ, None),
    "results:indicators": (READ, None),
    "results:resolution-list": (READ, None),
    "results:resolution-create": ("results", None),
    "results:resolution-detail": (READ, "resolution"),
    "results:resolution-update": ("results", "resolution"),
    "results:resolution-delete": ("results", "resolution"),
    "results:target-create": ("results", "resolution"),
    "results:target-update": ("results", "target"),
    "results:target-delete": ("results", "target"),
    "results:value-list": (READ, None),
    "results:value-create": ("results", None),
    "results:value-update": ("results", "manual_value"),
    "results:value-delete": ("results", "manual_value"),
    "closing:list": (READ, None),
    "closing:approve": ("closing.approve_year", None),
    "closing:reopen": ("closing.reopen_year", "approval"),
    "studies:session-list": (READ, None),
    "studies:session-create": ("studies", None),
    "studies:session-detail": (READ, "session"),
    "studies:session-update": ("studies", "session"),
    "studies:session-delete": ("studies", "session"),
    "studies:session-attendance": ("studies", "session"),
    "studies:session-attendance-clear": ("studies", "session"),
    "studies:topic-list": (READ, None),
    "studies:topic-create": ("studies", None),
    "studies:topic-detail": (READ, "topic"),
    "studies:topic-update": ("studies", "topic"),
    "studies:topic-delete": ("studies", "topic"),
    "studies:statistics": (READ, None),
    "studies:missed": (READ, None),
    "studies:inspected": (READ, None),
    "mobilization:index": (READ, None),
    "mobilization:model-list": (READ, None),
    "mobilization:model-create": ("mobilization", None),
    "mobilization:model-detail": (READ, "model"),
    "mobilization:model-update": ("mobilization", "model"),
    "mobilization:model-delete": ("mobilization", "model"),
    "mobilization:recognition-create": ("mobilization", "model"),
    "mobilization:recognition-update": ("mobilization", "recognition"),
    "mobilization:recognition-delete": ("mobilization", "recognition"),
    "mobilization:statistics": (READ, None),
    "exchange:index": (READ, None),
    "exchange:export": (READ, "kind"),
    "exchange:import": ("studies", "kind"),
    "exchange:import-preview": ("studies", "exchange_import"),
    "audit:list": ("audit.view_all_changes", None),
    "audit:record": (READ, "history"),
}
for work in ("inspection", "supervision"):
    PAGES.update({
        f"oversight:{work}-list": (READ, None),
        f"oversight:{work}-create": ("oversight", None),
        f"oversight:{work}-subject-list": (READ, None),
        f"oversight:{work}-subject-update": ("oversight", f"{work}_subject"),
        f"oversight:{work}-subject-delete": ("oversight", f"{work}_subject"),
        f"oversight:{work}-detail": (READ, work),
        f"oversight:{work}-update": ("oversight", work),
        f"oversight:{work}-delete": ("oversight", work),
        f"oversight:{work}-subject-create-organization": ("oversight", work),
        f"oversight:{work}-subject-create-member": ("oversight", work),
        f"oversight:{work}-subject-add-cell": ("oversight", work),
        f"oversight:{work}-subject-import": ("oversight", work),
        f"oversight:{work}-subject-import-preview": ("oversight", f"{work}_import"),
    })  # fmt: skip

# Pages outside the roles: signing in and out, the language, a user's own two-step login
# (tests/security), and the administration, which checks the same permissions through its
# own model admins (tests/accounts/test_roles.py, tests/closing).
OUTSIDE = {"login", "logout", "set_language", "security:two_factor", "security:verify"}
OUTSIDE_NAMESPACES = {"admin"}


def url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_is_listed():
    found = {
        name
        for name in url_names()
        if name not in OUTSIDE and name.split(":")[0] not in OUTSIDE_NAMESPACES
    }
    assert found - set(PAGES) == set(), "Add the new pages to PAGES with what they need."
    assert set(PAGES) - found == set()


# --- the records each URL names, one in each commune -----------------------------------


def records_in(base, unit, owner, tag):
    """One record of every kind in `base` (a commune), for the URLs to name."""
    person = member(unit, family_name="Trần Thị", given_name=f"Lan {tag}")
    inspected = inspection(base, D(2024, 3, 1))
    supervised = supervision(base, D(2024, 4, 1))
    studied = topic(base, year=2024, short_title=f"Chuyên đề {tag}")
    model = MobilizationModel.objects.create(
        name=f"Mô hình {tag}", organization=base, runner_kind="party", field="economy",
        registered_year=2022,
    )  # fmt: skip
    resolution = Resolution.objects.create(
        organization=base, title=f"Nghị quyết {tag}", first_year=2024, last_year=2024
    )
    kinds = {}
    for kind, importer_kind in [
        ("members_import", "members"),
        ("positions_import", "positions"),
        ("inspection_import", "inspection-subjects"),
        ("supervision_import", "supervision-subjects"),
        ("exchange_import", "exchange:study_sessions"),
    ]:
        kinds[kind] = PendingImport.objects.create(
            user=owner, kind=importer_kind, filename="x.csv", content=b"a\n"
        )
    return {
        "cell": unit,
        "member": person,
        "position": Position.objects.create(
            member=person, role="committee_member", organization=base, started_on=D(2024, 1, 1)
        ),
        "rating": MemberRating.objects.create(member=person, year=2024, grade="good"),
        "badge": Badge.objects.create(member=person, years=30, awarded_on=D(2024, 2, 3)),
        "discipline": Discipline.objects.create(
            member=person, form="reprimand", decided_on=D(2024, 5, 1), deciding_body="Chi bộ"
        ),
        "organization_rating": OrganizationRating.objects.create(
            organization=unit, year=2024, grade="good"
        ),
        "candidate": Candidate.objects.create(
            family_name="Lê Văn",
            given_name=f"Bình {tag}",
            gender="male",
            organization=unit,
            identified_on=D(2024, 1, 5),
        ),
        "inspection": inspected,
        "inspection_subject": subject(inspected, organization=unit),
        "supervision": supervised,
        "supervision_subject": subject(supervised, organization=unit),
        "topic": studied,
        "session": session(studied, base, D(2024, 6, 1), attendee_visits=3, member_visits=1),
        "model": model,
        "recognition": ModelRecognition.objects.create(
            model=model, recognised_on=D(2024, 5, 19), title="Giấy khen"
        ),
        "resolution": resolution,
        "target": Target.objects.create(
            resolution=resolution, indicator_code="members.admitted", year=2024, value=3
        ),
        "manual_value": ManualValue.objects.create(
            indicator_code="front.welfare_works", organization=base, year=2024, value=2
        ),
        "approval": YearApproval.objects.create(organization=base, year=2021, approved_by=owner),
        "kind": "study_sessions",
        "history": "members.partymember",
        **kinds,
    }


def url_for(name, key, records):
    if key is None:
        return reverse(name)
    value = records[key]
    if key == "kind":
        return reverse(name, args=[value])
    if key == "history":
        return reverse(name, args=["members.partymember", records["member"].pk])
    if name == "exchange:import-preview":
        return reverse(name, args=["study_sessions", value.pk])
    if name.endswith("import-preview") and name.startswith("oversight:"):
        event = records["inspection" if "inspection" in name else "supervision"]
        return reverse(name, args=[event.pk, value.pk])
    return reverse(name, args=[value.pk])


def allowed(role, need) -> bool:
    rights = RIGHTS[role]
    if need == READ:
        return True
    if "." in need:
        return need in rights.special
    return need in rights.writes


@pytest.mark.parametrize("role", Role.values)
def test_every_page_with_every_role(role, tree):
    user = UserFactory(username=f"u-{role}", home_organization=tree["vong_the"], roles=[role])
    other = UserFactory(username="other-clerk", home_organization=tree["oc_eo"])
    own = records_in(tree["vong_the"], tree["vong_the_1"], user, "VT")
    foreign = records_in(tree["oc_eo"], tree["oc_eo_1"], other, "OE")
    client = Client()
    client.force_login(user)
    wrong = []
    for name, (need, key) in PAGES.items():
        may = allowed(role, need)
        status = client.get(url_for(name, key, own)).status_code
        if may and status not in (200, 302):
            wrong.append((name, "own", status))
        if not may and status != 403:
            wrong.append((name, "own", status))
        # Someone else's record is not found (a page refused above refuses it before
        # looking it up, so only the allowed pages are asked again).
        if may and key not in (None, "kind"):
            status = client.get(url_for(name, key, foreign)).status_code
            if status != 404:
                wrong.append((name, "foreign", status))
    assert wrong == []


def test_without_a_role_nothing_is_open(tree):
    user = UserFactory(username="no-role", home_organization=tree["vong_the"], roles=[])
    own = records_in(tree["vong_the"], tree["vong_the_1"], user, "VT")
    client = Client()
    client.force_login(user)
    statuses = {
        name: client.get(url_for(name, key, own)).status_code
        for name, (_need, key) in PAGES.items()
        if name != "home" and not name.endswith(":index")
    }
    assert {name: status for name, status in statuses.items() if status not in (403, 404)} == {}


def test_posting_is_refused_like_reading(tree):
    """A role without the right cannot change by posting either (the form is not the guard)."""
    user = UserFactory(username="viewer", home_organization=tree["vong_the"], roles=["viewer"])
    own = records_in(tree["vong_the"], tree["vong_the_1"], user, "VT")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("members:update", args=[own["member"].pk]),
        {"family_name": "Đổi", "given_name": "Tên", "gender": "female"},
    )
    assert response.status_code == 403
    upload = SimpleUploadedFile("x.csv", b"uid\n", content_type="text/csv")
    response = client.post(reverse("exchange:import", args=["study_sessions"]), {"file": upload})
    assert response.status_code == 403
    own["member"].refresh_from_db()
    assert own["member"].given_name == "Lan VT"
