"""Which records each closed year makes read-only: every record model of the other apps.

Kept here, in one module imported from `ClosingConfig.ready()`, so that the other apps
know nothing of closing. Each rule says which points (organization path, date or year)
a record feeds, and, where only some of its fields feed them, which fields. The
choices are the yearly figures' own: a record is read-only in the year whose figures
it is counted in, under the organization it is counted for.

The choices, model by model:

- organizations: the founding date and the dissolution date are points of their own
  (an organization founded long ago can still be dissolved this year); a move in the
  tree or a change of kind rewrites every year the organization existed. A
  predecessor → successor link counts on its date for both sides.
- members: the profile stays correctable (names, identity numbers, education, notes);
  the admission dates, the official date, the leaving date with the status, and the
  cell (at the start of the member's current cell period) are each a point, so a
  member admitted in a closed year can still be recognised or transferred later.
  Events, ratings (by year), badges, discipline (also as the outcome of the
  inspections that led to it) count on their own date in the member's cell; candidates
  on each stage's date in their cell.
- period records (memberships, exemptions, positions) feed every year they cover: the
  members of a subtree on any day of that year. Their end is a point of its own, so a
  period that began in a closed year can still end in an open one (a 2024 transfer
  closes a membership begun in 2019). A known gap, judged rarer than the refusals a
  stricter rule would cause: moving an end date from before a closed year to after it
  in one edit is not caught. A position counts both for the committee it is held at
  and for the member's own subtree.
- inspections and supervisions: on the start date, for the performer and for every
  subject's subtree; subjects the same; an inspection that followed a supervision's
  signs of violation is also that supervision's outcome.
- political study: sessions at the organizer on their date; attendance rows also in
  the member's cell that day; a topic's link to an inspection where the inspection
  counts. The catalogue of topics itself is not a yearly record and stays editable.
- mass mobilization: a model in its registration year (every descriptive field, as
  the figures by field and level count it) and, for its status and last year, in its
  last year; renewals by year, recognitions on their date.
"""

import datetime

from django.utils import timezone

from apps.members.models import (
    Badge,
    Candidate,
    Discipline,
    Exemption,
    MemberEvent,
    MemberRating,
    Membership,
    OrganizationRating,
    PartyMember,
    Position,
)
from apps.mobilization.models import MobilizationModel, ModelRecognition, ModelRenewal
from apps.organizations.models import OrganizationSuccession, PartyOrganization, path_segment
from apps.oversight.models import Inspection, InspectionSubject, Supervision, SupervisionSubject
from apps.studies.models import Attendance, StudySession, StudyTopic

from .locks import DERIVED_FIELDS, register
from .models import FIRST_YEAR

# --- helpers: places and years of a record, tolerant of half-filled rows ------------------


def related_path(record, relation: str) -> str | None:
    """The tree path of the organization `record.<relation>` points at, if it is set."""
    if getattr(record, f"{relation}_id", None) is None:
        return None
    return getattr(record, relation).path


def member_cell_path(record) -> str | None:
    """The path of the cell of the member a side record belongs to."""
    if getattr(record, "member_id", None) is None:
        return None
    return related_path(record.member, "cell")


def covered_years(start: datetime.date | None, end: datetime.date | None) -> list[int]:
    """The years a period runs in: from its start until its end, or this year if open."""
    if start is None:
        return []
    last = (end or timezone.localdate()).year
    return list(range(start.year, max(last, start.year) + 1))


def at(paths, *dates):
    """Every (path, date) pair of the given paths and dates."""
    return [(path, day) for path in paths for day in dates]


# --- organizations ---------------------------------------------------------------------


def organization_path(organization) -> str:
    """Where the organization sits as it is in memory: a new parent means a new path.

    A new organization has no path yet; it will lie under its parent, so the parent's
    path places it (an approval of the parent or above covers it).
    """
    parent_path = related_path(organization, "parent") or ""
    if organization.pk is None:
        return parent_path
    return parent_path + path_segment(organization.pk)


def organization_existence(organization):
    """A move in the tree or a change of kind rewrites the history of every year the
    organization existed (its records move with it). Creating one moves nothing."""
    if organization._state.adding:
        return []
    first = organization.founded_on.year if organization.founded_on else FIRST_YEAR
    last = (organization.dissolved_on or timezone.localdate()).year
    path = organization_path(organization)
    return [(path, year) for year in range(first, max(first, last) + 1)]


register(
    PartyOrganization,
    lambda o: [(organization_path(o), o.founded_on)],
    fields=["founded_on"],
)
register(
    PartyOrganization,
    lambda o: [(organization_path(o), o.dissolved_on)],
    fields=["dissolved_on"],
)
register(PartyOrganization, organization_existence, fields=["parent", "kind"])
register(
    OrganizationSuccession,
    lambda s: at([related_path(s, "predecessor"), related_path(s, "successor")], s.effective_on),
)

# --- members ---------------------------------------------------------------------------


def member_cell_start(member):
    """When the member's current (or last) cell period began; the admission if none yet.

    A transfer opens the new period before it saves the member, so the move is dated by
    the transfer; an edit of the cell alone rewrites the period it belongs to.
    """
    started = None
    if member.pk is not None:
        started = (
            Membership.objects.filter(member_id=member.pk)
            .order_by("-started_on")
            .values_list("started_on", flat=True)
            .first()
        )
    return started or member.admitted_on


# The profile (names, identity numbers, education, notes) stays correctable; what the
# yearly figures count does not: admission, recognition, leaving and the cell.
register(
    PartyMember,
    lambda m: at([related_path(m, "cell")], m.admission_decided_on, m.admitted_on),
    fields=["admission_decided_on", "admitted_on"],
)
register(
    PartyMember,
    lambda m: at([related_path(m, "cell")], m.official_on),
    fields=["official_on"],
)
# The status changes with the leaving date (a recognition has its own rule, by date).
register(
    PartyMember,
    lambda m: at([related_path(m, "cell")], m.left_on),
    fields=["left_on", "status"],
)
register(
    PartyMember,
    lambda m: at([related_path(m, "cell")], member_cell_start(m), m.left_on),
    fields=["cell"],
)


def period_rules(model, paths, identity):
    """A period feeds every year it covers; its end is a point of its own."""
    register(
        model,
        lambda p: [
            (path, year) for path in paths(p) for year in covered_years(p.started_on, p.ended_on)
        ],
        fields=[*identity, "started_on"],
    )
    register(model, lambda p: at(paths(p), p.ended_on), fields=["ended_on"])


period_rules(Membership, lambda m: [related_path(m, "organization")], ["member", "organization"])
period_rules(Exemption, lambda e: [member_cell_path(e)], ["member"])
# A post counts for the committee it is held at and for the member's own subtree.
period_rules(
    Position,
    lambda p: [related_path(p, "organization"), member_cell_path(p)],
    ["member", "role", "organization"],
)

register(
    MemberEvent,
    lambda e: at([related_path(e, "organization"), member_cell_path(e)], e.happened_on),
)
register(MemberRating, lambda r: at([member_cell_path(r)], r.year))
register(OrganizationRating, lambda r: at([related_path(r, "organization")], r.year))
register(Badge, lambda b: at([member_cell_path(b)], b.awarded_on))


def discipline_points(discipline):
    """A discipline counts in its year, and as the outcome of the inspections it followed."""
    points = at([member_cell_path(discipline)], discipline.decided_on)
    if discipline.pk is not None:
        subjects = InspectionSubject.objects.filter(discipline_id=discipline.pk).select_related(
            "event__performer", "organization"
        )
        points += [point for subject in subjects for point in subject_points(subject)]
    return points


register(Discipline, discipline_points)

CANDIDATE_STAGES = ["identified_on", "sympathiser_on", "course_completed_on", "dropped_on"]
for stage in CANDIDATE_STAGES:
    register(
        Candidate,
        lambda c, stage=stage: at([related_path(c, "organization")], getattr(c, stage)),
        fields=[stage],
    )
# Moving a candidate to another cell moves every stage they reached.
register(
    Candidate,
    lambda c: at(
        [related_path(c, "organization")], *(getattr(c, stage) for stage in CANDIDATE_STAGES)
    ),
    fields=["organization"],
)

# --- inspection and supervision ----------------------------------------------------------


def subject_points(subject):
    """A subject counts on the event's start date, for the performer and for itself."""
    if getattr(subject, "event_id", None) is None:
        return []
    day = subject.event.started_on
    return at(
        [related_path(subject.event, "performer"), related_path(subject, "organization")], day
    )


def event_points(event):
    """An event counts on its start date for the performer and for every subject's subtree.

    A commune's approval thus closes the district's inspection of that commune too. An
    inspection that followed a supervision is also that supervision's outcome.
    """
    day = event.started_on
    points = at([related_path(event, "performer")], day)
    if event.pk is None:
        return points
    paths = type(event).subject_model().objects.filter(event_id=event.pk)
    points += at(set(paths.values_list("organization__path", flat=True)), day)
    if isinstance(event, Inspection):
        prompted = SupervisionSubject.objects.filter(follow_up_id=event.pk).select_related(
            "event__performer", "organization"
        )
        points += [point for subject in prompted for point in subject_points(subject)]
    return points


for event_model in (Inspection, Supervision):
    register(event_model, event_points)
for subject_model in (InspectionSubject, SupervisionSubject):
    register(subject_model, subject_points)

# --- political study -------------------------------------------------------------------

register(StudySession, lambda s: at([related_path(s, "organizer")], s.held_on))


def attendance_points(row):
    """A row counts for the session's organizer and for the member's cell that day."""
    if getattr(row, "session_id", None) is None:
        return []
    session = row.session
    return at(
        [related_path(session, "organizer"), related_path(row, "organization")], session.held_on
    )


register(Attendance, attendance_points)
# A topic's link to an inspection of how it was studied counts where the inspection does.
register(
    StudyTopic.inspections.through,
    lambda link: event_points(link.inspection) if link.inspection_id else [],
)

# --- mass mobilization -------------------------------------------------------------------

MODEL_END_FIELDS = ["status", "ended_year"]
# The model's description in its registration year (name, field, runner, organization …)
# feeds that year's figures by field and level; discontinuing it later is its own point,
# so a model registered in a closed year can still be recognised or discontinued.
register(
    MobilizationModel,
    lambda m: at([related_path(m, "organization")], m.registered_year),
    fields=[
        f.name
        for f in MobilizationModel._meta.concrete_fields
        if not f.primary_key
        and f.name not in {"created_at", "updated_at", *DERIVED_FIELDS, *MODEL_END_FIELDS}
    ],
)
register(
    MobilizationModel,
    lambda m: at([related_path(m, "organization")], m.ended_year),
    fields=MODEL_END_FIELDS,
)


def model_record_points(when):
    def points(record):
        if getattr(record, "model_id", None) is None:
            return []
        return at([related_path(record.model, "organization")], when(record))

    return points


register(ModelRenewal, model_record_points(lambda renewal: renewal.year))
register(ModelRecognition, model_record_points(lambda recognition: recognition.recognised_on))
