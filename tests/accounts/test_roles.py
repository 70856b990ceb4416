"""Roles: the permissions each carries, where they apply, and every path that obeys them."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role, permissions_of, rights_markdown
from apps.members.models import PartyMember
from apps.mobilization.models import MobilizationModel
from apps.oversight.models import Inspection
from apps.results.models import Resolution, Target
from tests.factories import UserFactory, member
from tests.oversight.conftest import inspection
from tests.studies.conftest import session, topic

pytestmark = pytest.mark.django_db
D = datetime.date


def test_each_role_carries_its_documented_permissions():
    viewer = permissions_of(Role.VIEWER)
    assert "members.view_partymember" in viewer
    assert not any(perm.split(".")[1].startswith(("add_", "change_", "delete_")) for perm in viewer)
    assert "members.change_partymember" in permissions_of(Role.ORGANIZATION_BOARD)
    assert "oversight.change_inspection" not in permissions_of(Role.ORGANIZATION_BOARD)
    assert "members.add_discipline" in permissions_of(Role.INSPECTION_COMMISSION)
    assert "members.change_partymember" not in permissions_of(Role.INSPECTION_COMMISSION)
    leader = permissions_of(Role.LEADER)
    assert "closing.approve_year" in leader
    assert "closing.reopen_year" not in leader
    admin = permissions_of(Role.DISTRICT_ADMIN)
    assert {
        "closing.reopen_year",
        "accounts.change_user",
        "organizations.add_partyorganization",
    } <= admin
    assert "members.change_partymember" not in admin
    assert "accounts.view_user" not in permissions_of(Role.OFFICE)


def test_a_user_sees_where_their_roles_are_held(tree):
    user = UserFactory(home_organization=tree["vong_the"], roles=["viewer"])
    RoleAssignment.objects.create(user=user, role="viewer", organization=tree["oc_eo_1"])
    user = type(user).objects.get(pk=user.pk)
    assert sorted(user.scope_paths) == sorted([tree["vong_the"].path, tree["oc_eo_1"].path])
    assert user.has_perm("members.view_partymember")
    assert not user.has_perm("members.change_partymember")


def test_a_change_applies_only_where_a_role_carrying_it_is_held(tree):
    """Inspection commission at the district, viewer nowhere else: inspections anywhere,
    members nowhere; a clerk of Vọng Thê: both, in Vọng Thê only."""
    commission = UserFactory(home_organization=tree["district"], roles=["inspection_commission"])
    clerk = UserFactory(home_organization=tree["vong_the"], roles=["base_clerk"])
    events = [inspection(tree["vong_the"], "2024-03-01"), inspection(tree["oc_eo"], "2024-03-01")]
    assert Inspection.objects.writable_by(commission).count() == 2
    assert PartyMember.objects.writable_by(commission).count() == 0
    assert list(Inspection.objects.writable_by(clerk)) == [events[0]]
    assert commission.paths_with("members.change_partymember") == []


def test_a_role_at_one_commune_does_not_write_in_another(tree):
    """Viewer of the district and clerk of Vọng Thê: Óc Eo is seen, not changed."""
    user = UserFactory(home_organization=tree["district"], roles=["viewer"])
    RoleAssignment.objects.create(user=user, role="base_clerk", organization=tree["vong_the"])
    oc_eo_member = member(tree["oc_eo_1"], given_name="Hoa")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("members:detail", args=[oc_eo_member.pk])).status_code == 200
    assert client.get(reverse("members:update", args=[oc_eo_member.pk])).status_code == 404
    # Nor can a form place a new record there.
    response = client.post(
        reverse("members:organization-rating-create"),
        {"organization": tree["oc_eo_1"].pk, "year": 2024, "grade": "good"},
    )
    assert response.status_code == 200
    assert not tree["oc_eo_1"].ratings.exists()


def test_pages_offer_only_what_the_role_may_do(tree):
    person = member(tree["vong_the_1"])
    model = MobilizationModel.objects.create(
        name="Mô hình", organization=tree["vong_the"], runner_kind="party", field="economy",
        registered_year=2022,
    )  # fmt: skip
    viewer = UserFactory(home_organization=tree["vong_the"], roles=["viewer"])
    clerk = UserFactory(home_organization=tree["vong_the"], roles=["base_clerk"])
    offered = [
        reverse("members:update", args=[person.pk]),
        reverse("members:candidate-create"),
        reverse("mobilization:model-update", args=[model.pk]),
        reverse("mobilization:model-delete", args=[model.pk]),
    ]
    pages = {}
    for user in (viewer, clerk):
        client = Client()
        client.force_login(user)
        pages[user.username] = "".join(
            client.get(url).content.decode()
            for url in (
                person.get_absolute_url(),
                reverse("members:candidate-list"),
                model.get_absolute_url(),
            )
        )
    assert [url for url in offered if url in pages[viewer.username]] == []
    assert [url for url in offered if url in pages[clerk.username]] == offered


def test_the_admin_obeys_the_roles(tree):
    person = member(tree["vong_the_1"], given_name="Lan")
    viewer = UserFactory(home_organization=tree["vong_the"], roles=["viewer"], is_staff=True)
    client = Client()
    client.force_login(viewer)
    url = reverse("admin:members_partymember_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(url, {"given_name": "Đổi"}).status_code == 403
    assert client.get(reverse("admin:members_partymember_add")).status_code == 403
    person.refresh_from_db()
    assert person.given_name == "Lan"


def test_an_administrator_cannot_raise_anyone_above_the_roles(tree):
    admin = UserFactory(home_organization=tree["district"], roles=["district_admin"], is_staff=True)
    clerk = UserFactory(username="clerk", home_organization=tree["vong_the"])
    client = Client()
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    # The roles are given in the same page, at organizations in the admin's scope.
    inline = client.get(url).context["inline_admin_formsets"][0].formset
    choices = inline.forms[0].fields["organization"].queryset
    assert set(choices) >= {tree["district"], tree["vong_the"]}


def test_the_command_line_obeys_the_roles(tree, tmp_path):
    UserFactory(username="viewer", home_organization=tree["vong_the"], roles=["viewer"])
    path = tmp_path / "members.csv"
    path.write_text("Họ và tên đệm,Tên,Giới tính,Mã chi bộ,Ngày vào Đảng\n"
                    "Trần Thị,Lan,Nữ,TS-VTH-01,03/02/2020\n", encoding="utf-8")  # fmt: skip
    with translation.override("en"), pytest.raises(CommandError, match="roles do not allow"):
        call_command("import_members", str(path), "--user", "viewer", verbosity=0)
    with translation.override("en"), pytest.raises(CommandError, match="roles do not allow"):
        call_command(
            "import_csv", "members", str(path), "--user", "viewer", verbosity=0,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert not PartyMember.objects.exists()


def test_the_readme_has_the_table_of_roles():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    with translation.override("en"):
        table = rights_markdown()
    assert table in readme


@pytest.mark.django_db(transaction=True)
def test_users_from_before_roles_keep_their_access(tree):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial")])
    old = executor.loader.project_state([("accounts", "0001_initial")]).apps
    user_model = old.get_model("accounts", "User")
    user_model.objects.create(username="district-staff", home_organization_id=tree["district"].pk)
    user_model.objects.create(username="commune-clerk", home_organization_id=tree["vong_the"].pk)
    user_model.objects.create(username="nobody")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    held = set(RoleAssignment.objects.values_list("user__username", "role", "organization__code"))
    assert held == {("district-staff", "office", "TS"), ("commune-clerk", "base_clerk", "TS-VTH")}


def test_the_role_names_are_translated():
    with translation.override("vi"):
        labels = [str(label) for label in Role.labels]
    assert all(re.search(r"[^\x00-\x7f]", label) for label in labels)


def test_the_district_administrator_reads_every_change_and_roles_are_kept(tree):
    admin = UserFactory(home_organization=tree["district"], roles=["district_admin"])
    viewer = UserFactory(home_organization=tree["district"], roles=["viewer"])
    changes = reverse("audit:list")
    for user, status in ((admin, 200), (viewer, 403)):
        client = Client()
        client.force_login(user)
        home = client.get(reverse("home")).content.decode()
        assert (f'href="{changes}"' in home) is (status == 200)
        assert client.get(changes).status_code == status
    # Who was given which role, and when, is itself history.
    granted = RoleAssignment.history.filter(user_id=viewer.pk)
    assert [(row.history_type, row.role) for row in granted] == [("+", "viewer")]


def test_logging_in_writes_no_history_and_passwords_are_never_kept(client, tree):
    user = UserFactory(username="clerk", home_organization=tree["vong_the"])
    kept = user.history.count()
    response = client.post(
        reverse("login"), {"username": "clerk", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert user.history.count() == kept
    assert "password" not in {field.name for field in user.history.model._meta.fields}
    user.first_name = "Lan"
    user.save()
    assert user.history.count() == kept + 1


def test_the_csv_page_offers_imports_by_role(tree):
    inspector = UserFactory(home_organization=tree["district"], roles=["inspection_commission"])
    client = Client()
    client.force_login(inspector)
    page = client.get(reverse("exchange:index")).content.decode()
    assert reverse("exchange:import", args=["inspections"]) in page
    assert reverse("exchange:import", args=["members"]) not in page
    assert reverse("exchange:export", args=["members"]) in page


def test_detail_pages_offer_changes_only_to_roles_that_may_make_them(tree):
    resolution = Resolution.objects.create(
        organization=tree["vong_the"], title="Nghị quyết", first_year=2024, last_year=2024
    )
    target = Target.objects.create(
        resolution=resolution, indicator_code="members.admitted", year=2024, value=3
    )
    studied = session(topic(tree["district"], year=2024), tree["vong_the"], D(2024, 6, 1),
                      attendee_visits=3, member_visits=0)  # fmt: skip
    offered = [
        reverse("results:target-create", args=[resolution.pk]),
        reverse("results:target-update", args=[target.pk]),
        reverse("studies:session-attendance", args=[studied.pk]),
    ]
    seen = {}
    for role in ("viewer", "base_clerk"):
        user = UserFactory(username=role, home_organization=tree["vong_the"], roles=[role])
        client = Client()
        client.force_login(user)
        seen[role] = "".join(
            client.get(url).content.decode()
            for url in (resolution.get_absolute_url(), studied.get_absolute_url())
        )
    assert [url for url in offered if url in seen["viewer"]] == []
    assert [url for url in offered if url in seen["base_clerk"]] == offered


def test_refusals_and_missing_records_are_explained_in_vietnamese(tree):
    person = member(tree["vong_the_1"])
    viewer = UserFactory(home_organization=tree["vong_the"], roles=["viewer"])
    client = Client()
    client.force_login(viewer)
    refused = client.get(reverse("members:update", args=[person.pk]))
    assert refused.status_code == 403
    assert "Vai trò của bạn không cho phép mở trang này" in refused.content.decode()
    missing = client.get(reverse("members:detail", args=[person.pk + 1000]))
    assert missing.status_code == 404
    assert "ngoài phạm vi bạn được xem" in missing.content.decode()
