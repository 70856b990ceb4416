"""Loading the Thoại Sơn demo: each domain app's data, then the demo logins."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

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
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("admin", "thoaison-admin", "district administrator", "TS", superuser=True),
    DemoLogin("vongthe", "thoaison-vongthe", "clerk of Đảng bộ xã Vọng Thê", "TS-VTH"),
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
    return user


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    load_organizations()
    load_members()
    load_oversight()
    load_studies()
    load_mobilization()
    for login in DEMO_LOGINS:
        ensure_login(login)
    load_results()  # after the logins: the typed-in figures name who entered them
    return DEMO_LOGINS
