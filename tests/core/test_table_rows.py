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


def every_table_page():
    """Every page with a table, opened on the demo's records (names and queries)."""
    from apps.organizations.models import PartyOrganization
    from apps.oversight.models import Inspection, Supervision
    from apps.studies.models import Attendance, StudySession
    from apps.studies.models import StudyTopic as Topic

    missed = Attendance.objects.missed().select_related("session").first()
    inspected = Topic.objects.filter(inspections__isnull=False).first()
    listed = StudySession.objects.filter(attendance__isnull=False).first()
    top = PartyOrganization.objects.order_by("depth", "pk").first()
    missed_query = f"topic={missed.session.topic_id}&year={missed.session.held_on.year}"
    return [
        ("audit:list", [], ""),
        ("closing:list", [], ""),
        ("members:list", [], ""),
        ("members:list", [], "page=2&sort=-admitted_on"),
        ("members:candidate-list", [], ""),
        ("members:organization-rating-list", [], ""),
        ("mobilization:model-list", [], ""),
        ("organizations:list", [], ""),
        ("organizations:detail", [top.pk], ""),
        ("oversight:inspection-list", [], ""),
        ("oversight:supervision-list", [], ""),
        ("oversight:inspection-subject-list", [], ""),
        ("oversight:supervision-subject-list", [], ""),
        ("oversight:inspection-detail", [Inspection.objects.first().pk], ""),
        ("oversight:supervision-detail", [Supervision.objects.first().pk], ""),
        ("results:resolution-list", [], ""),
        ("results:value-list", [], ""),
        ("studies:topic-list", [], ""),
        ("studies:session-list", [], ""),
        ("studies:session-detail", [listed.pk], ""),
        ("studies:missed", [], missed_query),
        ("studies:inspected", [], f"topic={inspected.pk}"),
    ]


@pytest.mark.django_db
def test_every_table_of_the_app_matches_the_library_template(client):
    """Each page's tables, on the demo's records, against django-tables2's own template."""
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse
    from django_tables2 import Table

    from tests.factories import UserFactory

    call_command("demo", "--no-migrate", stdout=StringIO())
    client.force_login(UserFactory(is_superuser=True, home_organization=None))
    compared = set()
    for name, args, query in every_table_page():
        response = client.get(f"{reverse(name, args=args)}?{query}")
        assert response.status_code == 200, name
        tables = [
            value
            for context in response.context
            for value in context.flatten().values()
            if isinstance(value, Table)
        ]
        assert tables, f"{name} shows no table"
        for table in tables:
            ours = body(table.as_html(response.wsgi_request))
            table.template_name = "django_tables2/table.html"
            library = body(table.as_html(response.wsgi_request))
            assert ours == library, name
            assert "<td" in ours, f"{name}: the demo gives {type(table).__name__} no rows"
            compared.add(type(table).__name__)
    from apps.core.tables import RecordTable

    # Every table the app declares (the oversight tables' bases only through their kinds).
    every = {
        table.__name__
        for table in all_subclasses(RecordTable)
        if table.__module__.startswith("apps.") and not table.__subclasses__()
    }
    assert every - compared == set()


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)
