"""The table body tag writes what django-tables2's own template writes, only faster."""

import re

import pytest
from django.test import RequestFactory
from django_tables2 import RequestConfig

from apps.members.models import PartyMember
from apps.members.tables import MemberTable
from tests.factories import member


def body(html: str) -> str:
    """The `<tbody>` of a rendered table, with whitespace between tags dropped."""
    found = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
    return re.sub(r">\s+<", "><", found).strip()


def render_both_raw(tree) -> str:
    """Our table's whole HTML, whitespace as written."""
    request = RequestFactory().get("/")
    table = MemberTable(PartyMember.objects.select_related("cell"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return table.as_html(request)


def render_both(table):
    request = RequestFactory().get("/")
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    ours = table.as_html(request)
    table.template_name = "django_tables2/table.html"
    library = table.as_html(request)
    return body(ours), body(library)


@pytest.mark.django_db
def test_member_rows_match_the_library_template(tree):
    member(tree["vong_the_1"], family_name="Nguyễn Thị", given_name="<Hoa>", card_number="=1+2")
    member(tree["oc_eo_1"], family_name="Trần Văn", given_name="An", official_on="2021-02-01")
    ours, library = render_both(MemberTable(PartyMember.objects.select_related("cell")))
    assert ours == library
    assert "&lt;Hoa&gt;" in ours
    assert "01/02/2021" in ours
    # A row reads as text with its cells apart, as a browser's find-in-page sees it.
    text = " ".join(re.sub(r"<[^>]+>", "", render_both_raw(tree)).split())
    assert "Trần Văn An" in text


@pytest.mark.django_db
def test_an_empty_table_says_so_across_every_column(tree):
    ours, library = render_both(MemberTable(PartyMember.objects.none()))
    assert ours == library
    assert 'colspan="' in ours


@pytest.mark.django_db
def test_unlocalised_and_number_columns_match(tree):
    """Years stay 2024 (never 2.024) and figures keep their class, as in the library's."""
    from django.db.models import Count

    from apps.studies.models import StudySession, StudyTopic
    from apps.studies.tables import SessionTable, TopicTable
    from tests.studies.conftest import session, topic

    studied = topic(tree["vong_the"], year=2024)
    session(studied, tree["vong_the"], "2024-03-05", attendee_visits=1500, member_visits=0)
    topics = StudyTopic.objects.annotate(session_count=Count("sessions"))
    ours, library = render_both(TopicTable(topics))
    assert ours == library
    assert ">2024<" in ours
    ours, library = render_both(SessionTable(StudySession.objects.all()))
    assert ours == library
    assert 'class="number"' in ours
    assert "1.500" in ours
