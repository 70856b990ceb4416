"""Loading the Thoại Sơn demo: each domain app's data, then the demo logins."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.audit.baseline import take_baseline
from apps.audit.history import without_history
from apps.members.demo import load_members
from apps.mobilization.demo import load_mobilization
from apps.organizations.demo import load_organizations
from apps.organizations.models import PartyOrganization
from apps.oversight.demo import load_oversight
from apps.results.demo import load_results
from apps.studies.demo import load_studies


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str
    home_code: str
    role: str
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("admin", "thoaison-admin", "district administrator", "TS", "district_admin", True),
    DemoLogin("lanhdao", "thoaison-lanhdao", "district leader (approves years)", "TS", "leader"),
    DemoLogin("vanphong", "thoaison-vanphong", "district office (every record)", "TS", "office"),
    DemoLogin(
        "kiemtra",
        "thoaison-kiemtra",
        "inspection commission (inspections)",
        "TS",
        "inspection_commission",
    ),
    DemoLogin(
        "vongthe", "thoaison-vongthe", "clerk of Đảng bộ xã Vọng Thê", "TS-VTH", "base_clerk"
    ),
    DemoLogin("xem", "thoaison-xem", "read-only viewer of the district", "TS", "viewer"),
]


def ensure_login(login: DemoLogin):
    """Create the demo user, or reset it to its documented password and scope."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=login.username)
    user.home_organization = PartyOrganization.objects.get(code=login.home_code)
    user.is_superuser = login.superuser
    user.is_staff = login.superuser
    user.is_active = True
    user.set_password(login.password)
    user.save()
    # Exactly the documented role: a role added by hand to a demo login is taken back.
    user.role_assignments.exclude(role=login.role, organization=user.home_organization).delete()
    user.role_assignments.get_or_create(role=login.role, organization=user.home_organization)
    return user


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    # Tens of thousands of rows: the demo's own loading is not a change anyone made.
    with without_history():
        load_organizations()
        load_members()
        load_oversight()
        load_studies()
        load_mobilization()
        for login in DEMO_LOGINS:
            ensure_login(login)
        load_results()  # after the logins: the typed-in figures name who entered them
    # One first copy of each record, so that a change made in the demo shows what it replaced.
    take_baseline()
    return DEMO_LOGINS
