"""The load test's clerks send what a browser sends, and the app accepts it.

The clerks of benchmarks/locustfile.py read forms with benchmarks/html_forms.py and post
them back; these tests post the same data with Django's client (login, a member's edit
form with its fingerprint, a stale form that must count as refused) and run one real
Locust clerk for a few seconds against a live server. The Locust run is skipped when
Locust is not installed (it comes with the `bench` extra, not `test`).
"""

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from apps.members.models import PartyMember
from benchmarks import html_forms
from benchmarks.load import LOCUSTFILE, PROJECT_ROOT, read_requests, summarise_requests
from tests.factories import UserFactory, member

PASSWORD = "correct horse battery"  # UserFactory's


@pytest.fixture
def clerk(tree):
    return UserFactory(username="bench_clerk_01", home_organization=tree["vong_the"])


@pytest.fixture
def members(tree):
    return [
        member(tree["vong_the_1"], family_name="Trần Thị", given_name="Lan", notes="Ghi chú"),
        member(tree["vong_the_2"], family_name="Lê Văn", given_name="Hùng"),
        member(tree["oc_eo_1"], family_name="Phạm Văn", given_name="Minh"),
    ]


def logged_in(user) -> Client:
    """A client logged in through the login page's form, as a clerk of the load test."""
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    form = html_forms.form_with(page, "password")
    # The page has the language switch's form too: the login form is the one with a password.
    assert {"csrfmiddlewaretoken", "username", "password"} <= form.names()
    response = client.post("/accounts/login/", form.data(username=user.username, password=PASSWORD))
    assert response.status_code == 302
    assert response["Location"] == "/"
    return client


@pytest.mark.django_db
def test_a_clerk_logs_in_and_sees_only_its_organizations_members(clerk, members):
    client = logged_in(clerk)
    page = client.get("/members/").content.decode()
    vong_the = {members[0].pk, members[1].pk}
    assert set(html_forms.record_ids(page, "/members/")) == vong_the
    # The filter form offers the clerk's own organizations, and the columns sort.
    filters = html_forms.form_with(page, "q")
    within = [option[0] for option in filters.selects["within"].options if option[0]]
    assert within
    assert "?sort=family_name" in html_forms.sort_links(page)
    # The organization list names each row's parent but links only those the clerk sees.
    page = client.get("/organizations/").content.decode()
    assert f'href="/organizations/{clerk.home_organization.parent_id}/"' not in page
    rows = html_forms.record_ids(page, "/organizations/")
    assert clerk.home_organization.pk in rows
    assert clerk.home_organization.parent_id not in rows
    for pk in rows:
        assert client.get(f"/organizations/{pk}/").status_code == 200


@pytest.mark.django_db
def test_a_member_form_posted_back_as_read_is_saved_unchanged(clerk, members):
    client = logged_in(clerk)
    lan = members[0]
    url = f"/members/{lan.pk}/edit/"
    form = html_forms.form_with(client.get(url).content.decode(), "record_fingerprint")
    assert {"csrfmiddlewaretoken", "record_fingerprint", "family_name", "notes"} <= form.names()
    assert form.value("notes") == "Ghi chú"
    before = PartyMember.objects.values().get(pk=lan.pk)

    response = client.post(url, form.data())

    assert response.status_code == 302
    after = PartyMember.objects.values().get(pk=lan.pk)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {"updated_at"}
    assert lan.history.count() == 2


@pytest.mark.django_db
def test_a_form_opened_before_someone_else_saved_is_shown_again(clerk, members):
    client = logged_in(clerk)
    lan = members[0]
    url = f"/members/{lan.pk}/edit/"
    form = html_forms.form_with(client.get(url).content.decode(), "record_fingerprint")
    PartyMember.objects.filter(pk=lan.pk).update(notes="Changed meanwhile")

    response = client.post(url, form.data())

    # The clerk counts this as a failure: the form again, with the reason.
    assert response.status_code == 200
    errors = html_forms.form_errors(response.content.decode())
    assert any("Changed meanwhile" in error for error in errors)
    assert PartyMember.objects.get(pk=lan.pk).notes == "Changed meanwhile"


def test_the_summary_counts_every_request_exactly(tmp_path):
    timings = tmp_path / "timings.csv"
    # Login from 1000.0 to 1000.9; one list during it, the rest after.
    rows = [("POST login", 900, 0, 1000.0), ("GET members: list", 100, 0, 1000.5)]
    rows += [("GET members: list", ms, 0, 1001 + ms / 1000) for ms in range(10, 200, 10)]
    rows += [("POST members: save", 50, 1, 1002.0)]
    with timings.open("w", newline="") as file:
        csv.writer(file).writerows(rows)

    by_request, (total, without_login, after_login), logged_in = summarise_requests(
        read_requests(timings)
    )

    lists = next(row for row in by_request if row["name"] == "GET members: list")
    assert (lists["requests"], lists["median_ms"], lists["p95_ms"]) == (20, 100.0, 180.0)
    assert (total["requests"], total["failures"], total["max_ms"]) == (22, 1, 900.0)
    assert without_login["requests"] == 21
    assert after_login["requests"] == 20
    assert logged_in == pytest.approx(1000.9)


@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="needs the bench extra")
@pytest.mark.django_db(transaction=True)
def test_a_locust_clerk_saves_and_exports_without_failures(live_server, tmp_path, clerk, members):
    timings = tmp_path / "timings.csv"
    env = {
        **os.environ,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_ACCOUNTS": "1",
        "BENCH_WAIT": "0,0.1",
        "BENCH_TIMINGS": str(timings),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("saving_clerk.py")),
        "--headless", "--host", live_server.url, "--users", "1", "--spawn-rate", "1",
        "--run-time", "5s", "--stop-timeout", "2", "--only-summary", "--loglevel", "ERROR",
        "SavingClerk",
    ]  # fmt: skip
    finished = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert LOCUSTFILE.exists()
    by_request, (total, *_rest), _logged_in = summarise_requests(read_requests(timings))
    counts = {row["name"]: (row["requests"], row["failures"]) for row in by_request}
    assert counts["POST login"] == (1, 0)
    saves, failed_saves = counts["POST members: save"]
    assert saves >= 1, (counts, finished.stdout[-3000:])
    assert failed_saves == 0
    assert counts.get("GET members: export CSV", (0, 0))[1] == 0
    assert total["failures"] == 0, finished.stdout[-3000:]
    assert finished.returncode == 0
    # Saved unchanged: the members are as they were, with a history entry per save.
    assert PartyMember.objects.get(pk=members[0].pk).notes == "Ghi chú"
    assert PartyMember.history.filter(history_type="~").count() == saves
