"""The yearly results computed by hand-written SQL: the yardstick for `yearly_review`.

`sql_figures(path, year)` computes, in one PostgreSQL statement, every indicator the
review computes from the records, for the subtree under `path` and the year, with the
same scope and the same counting rules as `apps/results/figures.py`:

- members: admissions (distinct members with an admission event dated in the year at a
  cell of the subtree), members active on 31/12 of the year before and of the year,
  admissions / members at the start, ratings of the members active in the subtree on
  31/12 and of the subtree's organizations;
- oversight (Quy định 22: checks by a committee's boards left out): distinct
  organizations and members per kind of work and performing level, and the violations
  (distinct per level, summed over the levels, as the statistics table adds them);
- study: sessions and visits summed by topic kind, the participation rate, and the
  organizations subject to an inspection linked to a study topic;
- mobilization: models active, registered, renewed and recognised in the year;
- typed-in figures are read as stored, for exactly the organization at `path`.

The subtree is the prefix match on the materialised path, as the review uses; the
review does not add merged predecessors' subtrees (`with_predecessors`), so neither
does this. The user's scope is not applied: the review refuses an organization outside
it, and inside it the scope adds no condition.

`measure_results()` times the review called directly, the review page, and this query
(for the year and the year before, the two years the review shows).
"""

import datetime
from decimal import Decimal

from django.db import connection, transaction

from benchmarks.timing import measure

# (code, column of the statement) for every indicator computed from the records.
COLUMNS = {
    "members.admitted": "admitted",
    "members.admission_rate": "admission_rate",
    "members.at_year_end": "at_end",
    "members.rated_well": "members_rated_well",
    "organizations.rated_well": "organizations_rated_well",
    "oversight.district_orgs_inspected": "district_orgs_inspected",
    "oversight.district_key_cadres_inspected": "district_key_cadres_inspected",
    "oversight.district_orgs_supervised": "district_orgs_supervised",
    "oversight.district_members_supervised": "district_members_supervised",
    "oversight.base_orgs_inspected": "base_orgs_inspected",
    "oversight.base_members_inspected": "base_members_inspected",
    "oversight.base_committee_members_inspected": "base_committee_members_inspected",
    "oversight.base_orgs_supervised": "base_orgs_supervised",
    "oversight.base_members_supervised": "base_members_supervised",
    "oversight.base_committee_members_supervised": "base_committee_members_supervised",
    "oversight.violations": "violations",
    "studies.yearly_topic_sessions": "yearly_topic_sessions",
    "studies.yearly_topic_member_visits": "yearly_topic_member_visits",
    "studies.yearly_topic_rate": "yearly_topic_rate",
    "studies.work_sessions": "work_sessions",
    "studies.work_attendee_visits": "work_attendee_visits",
    "studies.resolution_sessions": "resolution_sessions",
    "studies.resolution_attendee_visits": "resolution_attendee_visits",
    "studies.orgs_inspected": "study_orgs_inspected",
    "mobilization.models_renewed": "models_renewed",
    "mobilization.models_active": "models_active",
    "mobilization.models_registered": "models_registered",
    "mobilization.models_recognised": "models_recognised",
}

STATEMENT = """
WITH subtree AS (
    SELECT id FROM organizations_partyorganization WHERE path LIKE %(prefix)s
),
admissions AS (
    SELECT count(DISTINCT event.member_id) AS admitted
    FROM members_memberevent event
    JOIN subtree ON subtree.id = event.organization_id
    WHERE event.kind = 'admission' AND event.happened_on BETWEEN %(first_day)s AND %(last_day)s
),
periods AS (
    SELECT
        count(DISTINCT period.member_id) FILTER (
            WHERE period.started_on <= %(day_before)s
              AND (period.ended_on IS NULL OR period.ended_on > %(day_before)s)
        ) AS at_start,
        count(DISTINCT period.member_id) FILTER (
            WHERE period.started_on <= %(last_day)s
              AND (period.ended_on IS NULL OR period.ended_on > %(last_day)s)
        ) AS at_end
    FROM members_membership period
    JOIN subtree ON subtree.id = period.organization_id
),
member_ratings AS (
    SELECT count(*) AS rated, count(*) FILTER (WHERE rating.grade IN ('excellent', 'good')) AS well
    FROM members_memberrating rating
    WHERE rating.year = %(year)s
      AND rating.member_id IN (
          SELECT period.member_id
          FROM members_membership period
          JOIN subtree ON subtree.id = period.organization_id
          WHERE period.started_on <= %(last_day)s
            AND (period.ended_on IS NULL OR period.ended_on > %(last_day)s)
      )
),
organization_ratings AS (
    SELECT count(*) AS rated, count(*) FILTER (WHERE rating.grade IN ('excellent', 'good')) AS well
    FROM members_organizationrating rating
    JOIN subtree ON subtree.id = rating.organization_id
    WHERE rating.year = %(year)s
),
subjects AS (
    SELECT 'inspection' AS work, event.performing_level AS level, subject.organization_id,
           subject.member_id, subject.committee_level, subject.was_key_cadre,
           subject.conclusion = 'violation' AS violation
    FROM oversight_inspectionsubject subject
    JOIN oversight_inspection event ON event.id = subject.event_id
    JOIN subtree ON subtree.id = subject.organization_id
    WHERE event.started_on BETWEEN %(first_day)s AND %(last_day)s AND event.body <> 'board'
    UNION ALL
    SELECT 'supervision', event.performing_level, subject.organization_id,
           subject.member_id, subject.committee_level, subject.was_key_cadre,
           subject.conclusion = 'signs_of_violation'
    FROM oversight_supervisionsubject subject
    JOIN oversight_supervision event ON event.id = subject.event_id
    JOIN subtree ON subtree.id = subject.organization_id
    WHERE event.started_on BETWEEN %(first_day)s AND %(last_day)s AND event.body <> 'board'
),
oversight_by_level AS (
    SELECT work, level,
        count(DISTINCT organization_id) FILTER (WHERE member_id IS NULL) AS organizations,
        count(DISTINCT member_id) AS members,
        count(DISTINCT member_id) FILTER (WHERE committee_level = 'base') AS base_committee_members,
        count(DISTINCT member_id) FILTER (WHERE was_key_cadre) AS key_cadres,
        count(DISTINCT organization_id) FILTER (WHERE member_id IS NULL AND violation)
            AS organization_violations,
        count(DISTINCT member_id) FILTER (WHERE violation) AS member_violations
    FROM subjects
    GROUP BY work, level
),
oversight AS (
    SELECT
        coalesce(sum(organizations) FILTER (WHERE work = 'inspection' AND level = 'superior'), 0)
            AS district_orgs_inspected,
        coalesce(sum(key_cadres) FILTER (WHERE work = 'inspection' AND level = 'superior'), 0)
            AS district_key_cadres_inspected,
        coalesce(sum(organizations) FILTER (WHERE work = 'supervision' AND level = 'superior'), 0)
            AS district_orgs_supervised,
        coalesce(sum(members) FILTER (WHERE work = 'supervision' AND level = 'superior'), 0)
            AS district_members_supervised,
        coalesce(sum(organizations) FILTER (WHERE work = 'inspection' AND level = 'base'), 0)
            AS base_orgs_inspected,
        coalesce(sum(members) FILTER (WHERE work = 'inspection' AND level = 'base'), 0)
            AS base_members_inspected,
        coalesce(sum(base_committee_members)
            FILTER (WHERE work = 'inspection' AND level = 'base'), 0)
            AS base_committee_members_inspected,
        coalesce(sum(organizations) FILTER (WHERE work = 'supervision' AND level = 'base'), 0)
            AS base_orgs_supervised,
        coalesce(sum(members) FILTER (WHERE work = 'supervision' AND level = 'base'), 0)
            AS base_members_supervised,
        coalesce(sum(base_committee_members)
            FILTER (WHERE work = 'supervision' AND level = 'base'), 0)
            AS base_committee_members_supervised,
        coalesce(sum(organization_violations + member_violations)
            FILTER (WHERE work = 'inspection'), 0)
            AS violations
    FROM oversight_by_level
),
study_by_kind AS (
    SELECT topic.kind, count(*) AS sessions,
           sum(session.attendee_visits) AS attendee_visits,
           sum(session.member_visits) AS member_visits,
           sum(session.members_expected) AS members_expected
    FROM studies_studysession session
    JOIN subtree ON subtree.id = session.organizer_id
    JOIN studies_studytopic topic ON topic.id = session.topic_id
    WHERE session.held_on BETWEEN %(first_day)s AND %(last_day)s
    GROUP BY topic.kind
),
study AS (
    SELECT
        coalesce(sum(sessions) FILTER (WHERE kind = 'yearly_topic'), 0) AS yearly_topic_sessions,
        coalesce(sum(member_visits) FILTER (WHERE kind = 'yearly_topic'), 0)
            AS yearly_topic_member_visits,
        100.0 * sum(member_visits) FILTER (WHERE kind = 'yearly_topic')
            / nullif(sum(members_expected) FILTER (WHERE kind = 'yearly_topic'), 0)
            AS yearly_topic_rate,
        coalesce(sum(sessions) FILTER (WHERE kind = 'work'), 0) AS work_sessions,
        coalesce(sum(attendee_visits) FILTER (WHERE kind = 'work'), 0) AS work_attendee_visits,
        coalesce(sum(sessions) FILTER (WHERE kind = 'central_resolution'), 0)
            AS resolution_sessions,
        coalesce(sum(attendee_visits) FILTER (WHERE kind = 'central_resolution'), 0)
            AS resolution_attendee_visits
    FROM study_by_kind
),
study_inspected AS (
    SELECT count(DISTINCT subject.organization_id) AS study_orgs_inspected
    FROM oversight_inspectionsubject subject
    JOIN oversight_inspection event ON event.id = subject.event_id
    JOIN subtree ON subtree.id = subject.organization_id
    WHERE subject.member_id IS NULL
      AND event.started_on BETWEEN %(first_day)s AND %(last_day)s
      AND EXISTS (
          SELECT 1 FROM studies_studytopic_inspections link WHERE link.inspection_id = event.id
      )
),
mobilization AS (
    SELECT
        count(*) FILTER (
            WHERE model.registered_year <= %(year)s
              AND (model.ended_year IS NULL OR model.ended_year >= %(year)s)
        ) AS models_active,
        count(*) FILTER (WHERE model.registered_year = %(year)s) AS models_registered,
        count(*) FILTER (
            WHERE EXISTS (
                SELECT 1 FROM mobilization_modelrenewal renewal
                WHERE renewal.model_id = model.id AND renewal.year = %(year)s
            )
        ) AS models_renewed,
        count(*) FILTER (
            WHERE EXISTS (
                SELECT 1 FROM mobilization_modelrecognition recognition
                WHERE recognition.model_id = model.id
                  AND recognition.recognised_on BETWEEN %(first_day)s AND %(last_day)s
            )
        ) AS models_recognised
    FROM mobilization_mobilizationmodel model
    JOIN subtree ON subtree.id = model.organization_id
)
SELECT
    admissions.admitted,
    100.0 * admissions.admitted / nullif(periods.at_start, 0) AS admission_rate,
    periods.at_end,
    100.0 * member_ratings.well / nullif(member_ratings.rated, 0) AS members_rated_well,
    100.0 * organization_ratings.well / nullif(organization_ratings.rated, 0)
        AS organizations_rated_well,
    oversight.*,
    study.*,
    study_inspected.*,
    mobilization.*
FROM admissions, periods, member_ratings, organization_ratings, oversight, study,
     study_inspected, mobilization
"""

MANUAL_STATEMENT = """
SELECT value.indicator_code, value.value
FROM results_manualvalue value
JOIN organizations_partyorganization organization ON organization.id = value.organization_id
WHERE organization.path = %(path)s AND value.year = %(year)s
"""


def sql_figures(organization_path: str, year: int) -> dict:
    """{indicator code: value} for the subtree under `organization_path` in `year`.

    Counts come back as Decimal whole numbers and shares as Decimal percentages
    (None where there is nothing to divide by), like the review's unrounded values.
    JIT compilation is switched off for the statement (see below).
    """
    params = {
        "prefix": organization_path + "%",
        "path": organization_path,
        "year": year,
        "first_day": datetime.date(year, 1, 1),
        "last_day": datetime.date(year, 12, 31),
        "day_before": datetime.date(year - 1, 12, 31),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # The statement is one big plan: PostgreSQL's JIT compiler (on by default) would
        # spend more compiling it than running it, and a hand-tuned query goes without.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(STATEMENT, params)
        names = [column.name for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute(MANUAL_STATEMENT, params)
        manual = dict(cursor.fetchall())
    figures = {}
    for code, column in COLUMNS.items():
        value = row[column]
        figures[code] = None if value is None else Decimal(value)
    figures.update(manual)
    return figures


def review_url(organization, year: int) -> str:
    """The review page as its year and organization selectors link to it."""
    from django.urls import reverse
    from django.utils.http import urlencode

    return f"{reverse('results:review')}?{urlencode({'year': year, 'within': organization.pk})}"


def measure_results(user, organization, year: int, *, repeat=10, warmup=1) -> dict:
    """Time the review (direct call and page, as `user`) and `sql_figures` for one
    organization. The review shows the year and the year before, so the SQL it is
    compared with (`sql`) computes both years; `sql_one_year` is the year alone.
    """
    from apps.results.review import yearly_review

    from .pages import fetch, logged_in_client

    client = logged_in_client(user)
    url = review_url(organization, year)

    def page():
        fetch(client, url)

    def both_years():
        sql_figures(organization.path, year)
        sql_figures(organization.path, year - 1)

    functions = {
        "review": lambda: yearly_review(user, organization, year),
        "page": page,
        "sql": both_years,
        "sql_one_year": lambda: sql_figures(organization.path, year),
    }
    result = {"organization": organization.code, "year": year, "url": url}
    timings = {}
    for name, function in functions.items():
        timings[name] = measure(function, repeat=repeat, warmup=warmup)
        result[f"{name}_median_ms"] = timings[name].median_ms
        result[f"{name}_p95_ms"] = timings[name].p95_ms
        result[f"{name}_min_ms"] = timings[name].min_ms
    sql_median = timings["sql"].median_ms or 0.001
    result["review_over_sql"] = round(timings["review"].median_ms / sql_median, 2)
    result["page_over_sql"] = round(timings["page"].median_ms / sql_median, 2)
    return result
