"""A year's study figures by topic, computed from the sessions, never stored.

For a year and an organization subtree, each topic studied gets its sessions,
attendee-visits, member-visits, members expected and participation rate, the members
on an attendance list who missed every session of it, and the organizations whose
study of it was inspected. Every figure carries the link to the rows behind it. The
whole table costs three queries, however many topics and sessions there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.core.text import sort_key
from apps.oversight.models import InspectionSubject

from .models import Attendance, StudySession, StudyTopic, TopicKind

# (key, label) of the columns, in order.
COLUMNS = [
    ("sessions", _("Sessions")),
    ("attendee_visits", _("Attendee-visits")),
    ("member_visits", _("Member-visits")),
    ("members_expected", _("Members expected")),
    ("rate", _("Participation rate")),
    ("listed_sessions", _("Sessions with an attendance list")),
    ("missed", _("Members who missed it")),
    ("inspected", _("Organizations inspected on it")),
]


@dataclass
class TopicRow:
    topic: StudyTopic | None  # None for the total row
    values: dict
    urls: dict = field(default_factory=dict)

    def cells(self):
        return [(key, self.values.get(key), self.urls.get(key, "")) for key, _label in COLUMNS]


def _url(name, **params):
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse(name)}?{urlencode(params)}"


def study_statistics(user, year: int, within=None) -> list[TopicRow]:
    """One row per topic with sessions in `year` (seen by `user`, under `within`), then a total."""
    within_pk = within.pk if within else None
    sessions = StudySession.objects.visible_to(user).in_year(year)
    attendance = Attendance.objects.visible_to(user).filter(session__held_on__year=year)
    inspected = (
        InspectionSubject.objects.visible_to(user)
        .organizations()
        .in_year(year)
        .filter(event__study_topics__isnull=False)
    )
    if within is not None:
        sessions = sessions.filter(organizer__path__startswith=within.path)
        attendance = attendance.filter(organization__path__startswith=within.path)
        inspected = inspected.filter(organization__path__startswith=within.path)

    by_topic = {values.pop("topic"): values for values in sessions.totals_by("topic")}
    missed = dict(
        attendance.missed()
        .order_by()
        .values_list("session__topic")
        .annotate(count=Count("member", distinct=True))
    )
    inspected_by_topic = dict(
        inspected.order_by()
        .values_list("event__study_topics")
        .annotate(count=Count("organization", distinct=True))
    )
    topic_ids = set(by_topic) | set(inspected_by_topic)
    kinds = list(TopicKind.values)
    topics = sorted(
        StudyTopic.objects.filter(pk__in=topic_ids),
        key=lambda topic: (kinds.index(topic.kind), sort_key(str(topic))),
    )

    rows = []
    for topic in topics:
        values = {key: 0 for key, _label in COLUMNS} | {"rate": None}
        values.update(by_topic.get(topic.pk, {}))
        values["missed"] = missed.get(topic.pk, 0)
        values["inspected"] = inspected_by_topic.get(topic.pk, 0)
        listing = _url("studies:session-list", year=year, topic=topic.pk, within=within_pk)
        urls = dict.fromkeys(("sessions", "attendee_visits", "member_visits"), listing)
        urls["members_expected"] = urls["rate"] = listing
        urls["listed_sessions"] = listing + "&listed=true"
        urls["missed"] = _url("studies:missed", year=year, topic=topic.pk, within=within_pk)
        urls["inspected"] = _url("studies:inspected", year=year, topic=topic.pk, within=within_pk)
        rows.append(TopicRow(topic, values, {k: v for k, v in urls.items() if values[k]}))

    total = {
        key: sum(row.values[key] for row in rows)
        for key in ("sessions", "attendee_visits", "member_visits", "listed_sessions")
    }
    # Members expected, the rate and the missed add up only within one topic; the
    # inspected organizations are counted once across topics.
    total["inspected"] = inspected.values("organization").distinct().count()
    total_urls = {
        "sessions": _url("studies:session-list", year=year, within=within_pk),
        "inspected": _url("studies:inspected", year=year, within=within_pk),
    }
    total_urls["attendee_visits"] = total_urls["member_visits"] = total_urls["sessions"]
    total_urls["listed_sessions"] = total_urls["sessions"] + "&listed=true"
    rows.append(TopicRow(None, total, {k: v for k, v in total_urls.items() if total.get(k)}))
    return rows


def statistics_csv_rows(rows):
    """Header and rows of the table, as the CSV export writes them."""
    yield [str(_("Topic")), str(_("Kind")), *(str(label) for _key, label in COLUMNS)]
    for row in rows:
        name = str(row.topic) if row.topic else str(_("Total"))
        kind = row.topic.get_kind_display() if row.topic else ""
        cells = []
        for key, value, _link in row.cells():
            if value is None:
                cells.append("")
            elif key == "rate":
                cells.append(f"{value:.1f}")
            else:
                cells.append(value)
        yield [name, kind, *cells]
