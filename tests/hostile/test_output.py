"""What hostile text becomes on the way out: inert CSV cells, escaped HTML.

Records are named like formulas (`=HYPERLINK(…)`, `+cmd`, `-1+1`, `@SUM(1)`, a leading
tab or carriage return) and like markup (`<script>`); every list's CSV, every statistics
CSV and every kind of the CSV exchange must neutralise the first, and every page (tables,
the written summary, the review with its chart, messages, error lists) escape the second.
"""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.core.exports import BOM, FORMULA_TRIGGERS, neutralise_formula
from apps.core.imports import restore_formula
from apps.core.views import RecordListView
from apps.exchange.registry import kinds
from apps.organizations.views import SubtreeFiguresView
from tests.exchange.conftest import build_everything, export, run_import
from tests.factories import cell, member
from tests.studies.conftest import session, topic

pytestmark = pytest.mark.django_db
D = datetime.date

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(1)", "\t=1", "\r=1"]
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
QUOTED_IMAGE = '"' + IMAGE.replace('"', '""') + '"'
# A cell Excel reads as a number is not a formula: counts and changes may be negative.
NUMBER = re.compile(r"-?\d+([.,]\d+)?%?")


@pytest.fixture
def hostile(tree, people, district_staff):
    """The test district, its records named like formulas and like markup."""
    everything = build_everything(tree, people, district_staff)
    named = cell(tree["vong_the"], code="TS-VTH-77", name=f"@SUM(1) {SCRIPT}")
    for number, text in enumerate(FORMULAS):
        member(
            named,
            family_name=text,
            given_name=f"{text}{IMAGE}" if number % 2 else text,
            card_number=f"09399{number}",
            place_of_origin=text,
        )
    lesson = topic(tree["district"], title=f"=1+1 {SCRIPT}", year=2023, issuing_body=IMAGE)
    session(
        lesson, tree["vong_the"], D(2023, 5, 2), title="-2+3", attendee_visits=5, member_visits=3
    )
    tree["district"].name = f"Đảng bộ huyện {SCRIPT}"
    tree["district"].save()
    return {**everything, "cell": named, "topic": lesson}


def export_urls():
    """Every list page and every statistics page (they all export to CSV)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and not pattern.pattern.regex.groups:
                view = getattr(pattern.callback, "view_class", None)
                if view and issubclass(view, RecordListView | SubtreeFiguresView):
                    yield reverse(f"{namespace}:{pattern.name}")

    return list(walk(get_resolver().url_patterns))


def cells_of(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def live_formulas(rows) -> list[str]:
    return [
        cell
        for row in rows
        for cell in row
        if cell.startswith(FORMULA_TRIGGERS) and not NUMBER.fullmatch(cell)
    ]


def test_the_export_pages_are_found():
    urls = export_urls()
    assert reverse("members:list") in urls
    assert reverse("oversight:statistics") in urls


def test_every_list_and_statistics_export_is_inert(staff_client, hostile):
    seen = set()
    for url in export_urls():
        response = staff_client.get(url, {"export": "csv", "year": 2023})
        if response.status_code == 403:
            continue  # a page district staff may not open (the audit log)
        assert response.status_code == 200, url
        rows = cells_of(b"".join(response.streaming_content))
        assert not live_formulas(rows), url
        seen |= {cell for row in rows for cell in row}
    # The hostile names were exported (neutralised), not left out.
    assert {"'" + text for text in FORMULAS[:4]} <= seen


def test_every_exchange_kind_is_inert(hostile):
    for kind in kinds():
        rows = cells_of(export(kind.name).encode())
        assert not live_formulas(rows), kind.name
    assert "'=HYPERLINK" in export("members")


@pytest.mark.parametrize("value", [*FORMULAS, "'=1", "''+2", "'plain", "a=b", "", "'"])
def test_neutralising_and_restoring_give_the_value_back(value):
    assert restore_formula(neutralise_formula(value)) == value
    assert not neutralise_formula(value).startswith(FORMULA_TRIGGERS)


def test_the_exchange_round_trip_restores_apostrophes_and_formulas(hostile, tmp_path):
    an = hostile["first"].subjects.get(member__given_name="An").member
    an.notes = "'=1+1 was typed with its apostrophe"
    an.other_name = '=HYPERLINK("http://x","y")'
    an.save()
    path = tmp_path / "members.csv"
    path.write_text(export("members"), encoding="utf-8")
    assert "''=1+1 was typed" in path.read_text(encoding="utf-8")
    assert run_import("members", path).startswith("Imported: 0 new, 0 updated")
    an.refresh_from_db()
    assert an.notes == "'=1+1 was typed with its apostrophe"
    assert an.other_name == '=HYPERLINK("http://x","y")'


# --- pages -----------------------------------------------------------------------------


def assert_escaped(response):
    body = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # Escaped once: "&amp;lt;" would show the clerk "&lt;" instead of "<".
    assert "&amp;lt;" not in body


@pytest.mark.parametrize(
    "name",
    ["members:list", "organizations:list", "organizations:tree", "studies:topic-list",
     "studies:session-list", "studies:statistics"],
)  # fmt: skip
def test_lists_escape_names(name, staff_client, hostile):
    assert_escaped(staff_client.get(reverse(name), {"year": 2023}))


def test_detail_pages_escape_names(staff_client, hostile):
    assert_escaped(staff_client.get(hostile["cell"].get_absolute_url()))
    assert_escaped(staff_client.get(hostile["topic"].get_absolute_url()))


def test_the_review_and_its_chart_escape_names(staff_client, hostile, tree):
    response = staff_client.get(reverse("results:review"), {"year": 2023})
    assert_escaped(response)
    assert "<svg" in response.content.decode()


def test_the_written_summary_is_escaped_once(staff_client, hostile):
    response = staff_client.get(reverse("results:summary"), {"year": 2023})
    assert_escaped(response)
    # The text download is plain text: the names as they are.
    text = staff_client.get(reverse("results:summary"), {"year": 2023, "download": "txt"})
    body = text.content.decode()
    assert SCRIPT in body
    assert "&lt;" not in body
    assert "&#x27;" not in body


def test_messages_escape_names(staff_client, hostile):
    response = staff_client.post(
        reverse("studies:topic-create"),
        {"kind": "yearly_topic", "title": f"Chủ đề {SCRIPT}", "year": 2023,
         "owner": hostile["topic"].owner_id, "issuing_body": IMAGE},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain, response.context["form"].errors
    body = response.content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;" in body


def test_import_errors_escape_the_file(staff_client, tree):
    data = (
        "Họ và tên đệm,Tên,Giới tính,Ngày vào Đảng,Mã chi bộ,Tình trạng\n"
        f"Nguyễn Văn,An,{SCRIPT},10/01/2015,TS-VTH-01,{QUOTED_IMAGE}\n"
    ).encode()
    file = SimpleUploadedFile("danh-sach.csv", data, content_type="text/csv")
    response = staff_client.post(reverse("members:import"), {"file": file}, follow=True)
    assert "report" in response.context, [str(m) for m in response.context["messages"]]
    assert response.context["report"].errors
    body = response.content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x" in body
