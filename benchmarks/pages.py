"""Timings and SQL query counts of the app's pages, beside the Django admin's changelists.

Each page is fetched through Django's test client in this process, logged in, exactly as
a browser would ask for it (same URL, same query string); the admin changelist of the
same model, on the same rows, is the yardstick a list page must not be slower than.
Query counts are taken on a separate request, so that capturing them costs no time in
the measured runs.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .timing import measure, measure_alternately

LIST, DETAIL, STATISTICS = "list", "detail", "statistics"


@dataclass
class Page:
    """A page to measure: its URL name, the sample record its URL names, its query string.

    `args` and `query` may name sample records in braces ("within={district}"), filled
    from `benchmarks.generate.sample_records()`. `admin` names the admin changelist
    (app_model) and its query string showing the same rows.
    """

    name: str
    kind: str
    args: tuple = ()
    query: str = ""
    admin: str = ""
    admin_query: str = ""
    label: str = ""
    user: str = ""  # who opens it, when not the default user

    def url(self, records: dict) -> str:
        path = reverse(self.name, args=[records[arg] for arg in self.args])
        query = self.query.format(**records)
        return f"{path}?{query}" if query else path

    def admin_url(self, records: dict) -> str | None:
        if not self.admin:
            return None
        path = reverse(f"admin:{self.admin}_changelist")
        query = self.admin_query.format(**records)
        return f"{path}?{query}" if query else path

    @property
    def title(self) -> str:
        return self.label or self.name


# The member list as the issue describes it: filtered, sorted, a page in the middle; the
# admin's changelist shows the same rows (its default order is the same name order).
MEMBER_LIST = Page(
    "members:list",
    LIST,
    query="status=official&sort=family_name&page=3",
    admin="members_partymember",
    admin_query="status__exact=official&p=3",
    label="members:list (official, by name, page 3)",
)

PAGES = [
    MEMBER_LIST,
    Page(
        "members:list",
        LIST,
        query="page=2",
        admin="members_partymember",
        admin_query="p=2",
        label="members:list (province, page 2)",
    ),
    Page(
        "members:list",
        LIST,
        query="within={district}&status=official&sort=family_name&page=3",
        label="members:list (a district, official, by name, page 3)",
    ),
    Page(
        "members:list",
        LIST,
        query="q=nguyen+van",
        admin="members_partymember",
        admin_query="q=nguyen+van",
        label="members:list (search a name)",
    ),
    Page("home", STATISTICS),
    Page("organizations:list", LIST, admin="organizations_partyorganization"),
    Page("organizations:tree", LIST),
    Page("organizations:detail", DETAIL, args=("base_committee",)),
    Page("organizations:detail", DETAIL, args=("cell",), label="organizations:detail (cell)"),
    Page("members:detail", DETAIL, args=("member",)),
    Page("members:development", STATISTICS),
    Page(
        "members:organization-rating-list",
        LIST,
        query="year={year}",
        admin="members_organizationrating",
        admin_query="year={year}",
    ),
    Page("members:candidate-list", LIST, admin="members_candidate"),
    Page("oversight:statistics", STATISTICS, query="year={year}"),
    Page("oversight:inspection-list", LIST, admin="oversight_inspection"),
    Page("oversight:inspection-subject-list", LIST),
    Page("oversight:inspection-detail", DETAIL, args=("inspection",)),
    Page("oversight:supervision-list", LIST, admin="oversight_supervision"),
    Page("oversight:supervision-subject-list", LIST),
    Page("oversight:supervision-detail", DETAIL, args=("supervision",)),
    Page("studies:session-list", LIST, admin="studies_studysession"),
    Page("studies:session-detail", DETAIL, args=("session",)),
    Page("studies:topic-list", LIST, admin="studies_studytopic"),
    Page("studies:topic-detail", DETAIL, args=("topic",)),
    Page("studies:statistics", STATISTICS, query="year={year}"),
    Page("studies:missed", STATISTICS, query="year={year}"),
    # Every year: the small copy has no inspection of study in the sample year.
    Page("studies:inspected", STATISTICS),
    Page("mobilization:model-list", LIST, admin="mobilization_mobilizationmodel"),
    Page("mobilization:model-detail", DETAIL, args=("mobilization_model",)),
    Page("mobilization:statistics", STATISTICS, query="year={year}"),
    Page("results:review", STATISTICS, query="within={district}&year={year}",
         label="results:review (district)"),
    Page("results:review", STATISTICS, query="within={root}&year={year}",
         label="results:review (province)"),
    Page("results:summary", STATISTICS, query="within={district}&year={year}"),
    Page("results:indicators", LIST),
    Page("results:resolution-list", LIST, admin="results_resolution"),
    Page("results:resolution-detail", DETAIL, args=("resolution",)),
    Page("results:value-list", LIST, admin="results_manualvalue"),
    Page("closing:list", LIST, admin="closing_yearapproval"),
    Page("exchange:index", LIST),
    Page("audit:list", LIST, user="bench_admin"),
]  # fmt: skip


@dataclass
class PageFigures:
    page: str
    kind: str
    url: str
    status: int
    queries: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    admin_url: str | None = None
    admin_median_ms: float | None = None
    admin_p95_ms: float | None = None
    slowest_queries: list = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.admin_median_ms:
            return None
        return round(self.median_ms / self.admin_median_ms, 2)

    def as_dict(self) -> dict:
        return {**self.__dict__, "ratio": self.ratio}


def logged_in_client(user) -> Client:
    """A test client logged in as `user` (a user or a username), as a browser would be."""
    from apps.accounts.models import User

    if not isinstance(user, User):
        user = User.objects.get(username=user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def fetch(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def count_queries(client: Client, url: str) -> tuple[int, list]:
    """The number of SQL queries `url` makes, and its slowest queries (time, SQL)."""
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    timed = sorted(
        ((float(query["time"]), query["sql"]) for query in captured.captured_queries),
        reverse=True,
    )
    return len(captured.captured_queries), timed[:3]


def measure_page(page: Page, records: dict, *, user: str, admin_user: str, repeat: int):
    client = logged_in_client(page.user or user)
    url = page.url(records)
    status = client.get(url).status_code
    queries, slowest = count_queries(client, url) if status == 200 else (0, [])
    figures = PageFigures(page.title, page.kind, url, status, queries, slowest_queries=slowest)
    if status != 200:
        return figures
    admin_url = page.admin_url(records)
    if admin_url:
        admin_client = logged_in_client(admin_user)
        fetch(admin_client, admin_url)  # fails loudly if the admin refuses the query
        # Our page and the admin's in turns, so that their ratio is fair (timing.py).
        timing, admin_timing = measure_alternately(
            lambda: fetch(client, url), lambda: fetch(admin_client, admin_url), repeat=repeat
        )
        figures.admin_url = admin_url
        figures.admin_median_ms = admin_timing.median_ms
        figures.admin_p95_ms = admin_timing.p95_ms
    else:
        timing = measure(lambda: fetch(client, url), repeat=repeat)
    figures.median_ms, figures.p95_ms = timing.median_ms, timing.p95_ms
    return figures


def measure_pages(records: dict, *, user: str, admin_user: str, repeat: int, pages=None):
    return [
        measure_page(page, records, user=user, admin_user=admin_user, repeat=repeat)
        for page in (pages or PAGES)
    ]


def explain(sql: str) -> str:
    """PostgreSQL's plan of a captured query, with actual times and buffers."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())
