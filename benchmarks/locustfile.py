"""Clerks of base organizations at work, for Locust (run by `python -m benchmarks.load`).

Each simulated clerk logs in through the login page (CSRF token from the form) with its
own account, bench_clerk_01 … (a base clerk of a different base organization each);
a database with fewer accounts than users (the 1k one has 10) has users share them, each
with a session of its own. Then, within its own organization, the clerk browses lists
with filters, sorting and pages, opens records it saw, saves a member's profile form
(unchanged: the data stay as generated) and exports the member list to CSV, pausing
like a person between steps.

Environment (all optional):
    BENCH_USERNAME   account pattern, default "bench_clerk_{:02d}" (numbered from 1)
    BENCH_ACCOUNTS   how many such accounts exist, default 50 (more users reuse them)
    BENCH_PASSWORD   default "bench-password"
    BENCH_WAIT       a pause between steps in seconds, "MIN,MAX", default "1,3"
    BENCH_TIMINGS    a file to write every request's name, time (ms), outcome and start
                     (Unix time) to, as CSV, for exact percentiles (Locust's are rounded)
"""

import csv
import itertools
import os
import random
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

from benchmarks import html_forms

USERNAME = os.environ.get("BENCH_USERNAME", "bench_clerk_{:02d}")
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "50"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")
WAIT = [float(part) for part in os.environ.get("BENCH_WAIT", "1,3").split(",")]

LOGIN_URL = "/accounts/login/"
BOM = "\ufeff".encode()

# The lists a clerk browses besides the members: name -> (list URL, detail pages' prefix).
RECORD_LISTS = {
    "organizations": ("/organizations/", "/organizations/"),
    "inspections": ("/oversight/inspections/", "/oversight/inspections/"),
    "supervisions": ("/oversight/supervisions/", "/oversight/supervisions/"),
    "study sessions": ("/studies/", "/studies/sessions/"),
    "mobilization models": ("/mobilization/models/", "/mobilization/models/"),
}
# Columns a clerk sorts the member list by (the table's sort keys), either way.
MEMBER_SORTS = ["given_name", "family_name", "cell", "status", "admitted_on", "card_number"]
# Filters of the member list's form a clerk picks one value of.
MEMBER_FILTERS = ["status", "gender", "position", "within"]
SEARCH_WORDS = ["nguyen", "tran", "le", "pham", "van", "thi", "minh", "hoa", "lan", "hung"]
# How many record ids a clerk remembers per kind, to open them later.
REMEMBERED = 200


def problem(response) -> str:
    """Why a request failed: its HTTP status, or the connection's error."""
    if response.status_code:
        return f"HTTP {response.status_code}"
    return f"no answer: {response.error!r}"[:300]


_account_numbers = itertools.count()
_timings = []


@events.request.add_listener
def record_timing(request_type, name, response_time, exception, **kwargs):
    started = round(time.time() - response_time / 1000, 3)
    failed = int(exception is not None)
    _timings.append((f"{request_type} {name}", round(response_time, 2), failed, started))


@events.quitting.add_listener
def write_timings(environment, **kwargs):
    path = os.environ.get("BENCH_TIMINGS")
    if path:
        with open(path, "w", newline="", encoding="utf-8") as timings:
            csv.writer(timings).writerows(_timings)


class Clerk(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.username = USERNAME.format(next(_account_numbers) % ACCOUNTS + 1)
        self.seen = {kind: [] for kind in ["members", *RECORD_LISTS]}
        self.filter_options = {}
        self.log_in()
        self.browse_members()

    # --- requests ---------------------------------------------------------------------

    def page(self, url, name, params=None):
        """GET a page; a failure unless it answers 200 without sending us to log in."""
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(problem(response))
                return None
            if LOGIN_URL in response.url and url != LOGIN_URL:
                response.failure("sent back to the login page")
                return None
            return response.text

    def log_in(self):
        page = self.page(LOGIN_URL, "login page")
        form = html_forms.form_with(page or "", "password")
        if form is None:
            raise StopUser()
        data = form.data(username=self.username, password=PASSWORD)
        with self.client.post(
            LOGIN_URL, data=data, name="login", allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or LOGIN_URL in location:
                response.failure(f"{self.username} could not log in (HTTP {response.status_code})")
                raise StopUser()

    def remember(self, kind, page):
        prefix = RECORD_LISTS[kind][1] if kind in RECORD_LISTS else "/members/"
        ids = html_forms.record_ids(page, prefix)
        known = self.seen[kind]
        known.extend(pk for pk in ids if pk not in known)
        del known[:-REMEMBERED]

    # --- what a clerk does ------------------------------------------------------------

    @task(25)
    def browse_members(self):
        """The member list: sometimes filtered or searched, sometimes sorted, then a page."""
        params = {}
        choice = random.random()
        if choice < 0.4 and self.filter_options:
            name = random.choice(sorted(self.filter_options))
            params[name] = random.choice(self.filter_options[name])
        elif choice < 0.55:
            params["q"] = random.choice(SEARCH_WORDS)
        elif choice < 0.65:
            params["admitted_year"] = random.randint(1975, 2024)
        if random.random() < 0.4:
            params["sort"] = random.choice(["", "-"]) + random.choice(MEMBER_SORTS)
        page = self.page("/members/", "members: list", params=params)
        if page is None:
            return
        if not self.filter_options:
            self.learn_filters(page)
        self.remember("members", page)
        pages = html_forms.page_links(page)
        if pages and random.random() < 0.5:
            page = self.page("/members/" + random.choice(pages), "members: list, another page")
            if page:
                self.remember("members", page)

    def learn_filters(self, page):
        form = html_forms.form_with(page, "q")
        if form is None:
            return
        for name in MEMBER_FILTERS:
            select = form.selects.get(name)
            values = [option[0] for option in select.options if option[0]] if select else []
            if values:
                self.filter_options[name] = values

    @task(20)
    def open_member(self):
        if not self.seen["members"]:
            return self.browse_members()
        pk = random.choice(self.seen["members"])
        self.page(f"/members/{pk}/", "members: detail")

    @task(8)
    def save_member(self):
        """Open a member's edit form and save it unchanged, as a clerk checking a record.

        The post carries the CSRF token and the signed fingerprint the form was opened
        with; the app answers a save with a redirect and a refusal by showing the form
        again, which counts as a failure. Saving unchanged leaves the data as it was.
        """
        if not self.seen["members"]:
            return self.browse_members()
        url = f"/members/{random.choice(self.seen['members'])}/edit/"
        page = self.page(url, "members: edit form")
        form = html_forms.form_with(page or "", "record_fingerprint")
        if form is None:
            return
        with self.client.post(
            url, data=form.data(), name="members: save", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 200:
                errors = "; ".join(html_forms.form_errors(response.text))[:200]
                response.failure(f"form shown again: {errors or 'no message'}")
            else:
                response.failure(problem(response))

    @task(4)
    def export_members(self):
        """The member list of the clerk's organization, filtered, as CSV read to the end."""
        params = {"export": "csv"}
        if random.random() < 0.5:
            params["status"] = "active"
        with self.client.get(
            "/members/", params=params, name="members: export CSV", stream=True, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(problem(response))
                return
            body = b"".join(response.iter_content(chunk_size=65536))
            if not body.startswith(BOM):
                response.failure("not a CSV export")

    @task(12)
    def browse_records(self):
        """Another list; sometimes sorted by a column the clerk clicks, or another page."""
        kind = random.choice(sorted(RECORD_LISTS))
        url, _prefix = RECORD_LISTS[kind]
        page = self.page(url, f"{kind}: list")
        if page is None:
            return
        self.remember(kind, page)
        choices = html_forms.sort_links(page) + html_forms.page_links(page)
        if choices and random.random() < 0.3:
            page = self.page(url + random.choice(choices), f"{kind}: list, sorted or paged")
            if page:
                self.remember(kind, page)

    @task(12)
    def open_record(self):
        known = [kind for kind in RECORD_LISTS if self.seen[kind]]
        if not known:
            return self.browse_records()
        kind = random.choice(known)
        _url, prefix = RECORD_LISTS[kind]
        self.page(f"{prefix}{random.choice(self.seen[kind])}/", f"{kind}: detail")

    @task(3)
    def home(self):
        self.page("/", "home")
