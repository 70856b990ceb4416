"""A province of party records in PostgreSQL, for measuring the app at scale.

`generate(members)` writes, into Django's default database, a province committee with
districts, base organizations and cells, and ten years (2016–2025, plus 2026 so far)
of members, memberships, events, ratings, positions, study sessions with attendance
lists, inspections and supervisions, "Dân vận khéo" models and resolutions with their
targets. Every row satisfies the models' constraints and validation, and derived
columns (sort keys, search text, tree paths) are computed by the app's own functions,
so that the pages behave exactly as they would on real records.

Rows go in through COPY, base organization by base organization, so memory stays
bounded and 100,000 members load in well under a minute. The output depends only on
the seed: each base has its own random generator.

Command line (a fresh database, swapped in under its final name once complete):

    .venv/bin/python -m benchmarks.generate --database thoaison_bench --members 100000
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import functools
import hashlib
import io
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import database
from . import names as words

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = "thoaison_bench_template"
PASSWORD = "bench-password"

# Ten rated years, plus the current one, whose records run until LAST_DAY.
RATED_YEARS = range(2016, 2026)
YEARS = range(2016, 2027)
LAST_DAY = datetime.date(2026, 11, 30)
FIRST_ADMISSION = datetime.date(1976, 1, 1)
STAMP = "2026-11-30 17:00:00+07"  # created_at of every generated row
# History rows are dated as clerks would have typed them in: spread over the app's first
# three years, so that the audit page's newest-first order is a real sort.
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))
HISTORY_START = datetime.datetime(2024, 1, 2, 7, 30, tzinfo=VIETNAM)
HISTORY_SPAN_SECONDS = 3 * 365 * 24 * 3600


def history_stamp(pk: int) -> str:
    """A deterministic moment for the history row of record `pk`, without a random draw
    (which would change every later draw, and so the data)."""
    offset = (pk * 7_919_011) % HISTORY_SPAN_SECONDS
    return (HISTORY_START + datetime.timedelta(seconds=offset)).isoformat()


# Committee terms (nhiệm kỳ): positions are held from one congress to the next.
TERMS = [
    (datetime.date(2015, 10, 1), datetime.date(2020, 10, 1)),
    (datetime.date(2020, 10, 1), None),
]

D = datetime.date
DAY = datetime.timedelta(days=1)


# --- small helpers --------------------------------------------------------------------


def between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day from start to end, both included (start when the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + datetime.timedelta(days=rng.randint(0, span))


def new_uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng`, as the 32 hex digits PostgreSQL accepts."""
    value = rng.getrandbits(128)
    value = (value & ~(0xF << 76)) | (0x4 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return f"{value:032x}"


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def add_months(day, months):
    from apps.members.models import add_months as model_add_months

    return model_add_months(day, months)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    return str(value)


class Copier:
    """Buffers rows per table and streams them with COPY once a buffer is big enough."""

    FLUSH_ROWS = 20_000

    def __init__(self, cursor):
        self.cursor = cursor
        self.columns: dict[str, tuple[str, ...]] = {}
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.counts: Counter = Counter()

    def add(self, table: str, columns: tuple[str, ...], values):
        known = self.columns.setdefault(table, columns)
        assert known is columns or known == columns, table
        lines = self.lines[table]
        lines.append("\t".join([copy_text(value) for value in values]))
        if len(lines) >= self.FLUSH_ROWS:
            self.flush(table)

    def flush(self, table: str):
        lines = self.lines.pop(table, None)
        if not lines:
            return
        buffer = io.StringIO("\n".join(lines) + "\n")
        columns = ", ".join(self.columns[table])
        self.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
        self.counts[table] += len(lines)

    def flush_all(self):
        for table in list(self.lines):
            self.flush(table)


class Ids:
    """Primary keys handed out here, so that rows can point at each other before COPY."""

    def __init__(self, cursor, tables):
        self.next_ids = {}
        for table in tables:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            self.next_ids[table] = cursor.fetchone()[0]

    def __call__(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value


# --- tables and their columns ---------------------------------------------------------

COMMUNE = "organizations_commune"
ORGANIZATION = "organizations_partyorganization"
MEMBER = "members_partymember"
MEMBER_HISTORY = "members_historicalpartymember"
MEMBERSHIP = "members_membership"
MEMBERSHIP_HISTORY = "members_historicalmembership"
EVENT = "members_memberevent"
EXEMPTION = "members_exemption"
POSITION = "members_position"
RATING = "members_memberrating"
ORG_RATING = "members_organizationrating"
BADGE = "members_badge"
DISCIPLINE = "members_discipline"
CANDIDATE = "members_candidate"
INSPECTION = "oversight_inspection"
INSPECTION_SUBJECT = "oversight_inspectionsubject"
SUPERVISION = "oversight_supervision"
SUPERVISION_SUBJECT = "oversight_supervisionsubject"
TOPIC = "studies_studytopic"
TOPIC_INSPECTIONS = "studies_studytopic_inspections"
SESSION = "studies_studysession"
ATTENDANCE = "studies_attendance"
MODEL = "mobilization_mobilizationmodel"
RENEWAL = "mobilization_modelrenewal"
RECOGNITION = "mobilization_modelrecognition"
RESOLUTION = "results_resolution"
TARGET = "results_target"
MANUAL_VALUE = "results_manualvalue"

TABLES_WITH_IDS = [
    COMMUNE, ORGANIZATION, MEMBER, MEMBERSHIP, EVENT, EXEMPTION, POSITION, RATING,
    ORG_RATING, BADGE, DISCIPLINE, CANDIDATE, INSPECTION, INSPECTION_SUBJECT, SUPERVISION,
    SUPERVISION_SUBJECT, TOPIC, SESSION, ATTENDANCE, MODEL, RENEWAL, RECOGNITION,
    RESOLUTION, TARGET, MANUAL_VALUE,
]  # fmt: skip

C_COMMUNE = ("id", "code", "name", "kind", "district", "province", "name_sort_key")
C_ORGANIZATION = (
    "id", "created_at", "updated_at", "code", "name", "kind_id", "parent_id", "commune_id",
    "founded_on", "notes", "path", "depth", "search_text", "name_sort_key",
)  # fmt: skip
_MEMBER_FIELDS = (
    "id", "created_at", "updated_at", "uid", "family_name", "given_name", "other_name",
    "gender", "birth_date", "place_of_origin", "residence", "ethnicity", "religion",
    "education", "expertise", "political_theory", "occupation", "personal_id",
    "card_number", "old_card_number", "admission_decided_on", "admitted_on", "official_on",
    "status", "left_on", "cell_id", "notes",
)  # fmt: skip
C_MEMBER = (*_MEMBER_FIELDS, "search_text", "name_sort_key")
HISTORY_FIELDS = ("history_date", "history_type")
C_MEMBER_HISTORY = (*_MEMBER_FIELDS, *HISTORY_FIELDS)
C_MEMBERSHIP = ("id", "uid", "member_id", "organization_id", "started_on", "ended_on")
C_MEMBERSHIP_HISTORY = (*C_MEMBERSHIP, *HISTORY_FIELDS)
C_EVENT = (
    "id", "uid", "member_id", "kind", "happened_on", "organization_id", "destination",
    "decision", "note", "recorded_at",
)  # fmt: skip
C_EXEMPTION = ("id", "uid", "member_id", "started_on", "ended_on", "reason")
C_POSITION = ("id", "uid", "member_id", "role", "organization_id", "started_on", "ended_on")
C_RATING = ("id", "uid", "member_id", "year", "grade")
C_ORG_RATING = ("id", "uid", "organization_id", "year", "grade")
C_BADGE = ("id", "uid", "member_id", "years", "awarded_on", "decision")
C_DISCIPLINE = (
    "id", "uid", "member_id", "form", "decided_on", "deciding_body", "decision", "reason",
)  # fmt: skip
C_CANDIDATE = (
    "id", "uid", "created_at", "updated_at", "family_name", "given_name", "gender",
    "birth_date", "organization_id", "identified_on", "sympathiser_on",
    "course_completed_on", "dropped_on", "admitted_member_id", "notes", "name_sort_key",
    "search_text",
)  # fmt: skip
C_EVENT_OVERSIGHT = (
    "id", "uid", "created_at", "updated_at", "performer_id", "body", "performing_level",
    "decision_number", "decided_on", "period_start", "period_end", "started_on", "ended_on",
    "content", "summary", "search_text", "kind",
)  # fmt: skip
C_INSPECTION_SUBJECT = (
    "id", "uid", "event_id", "organization_id", "member_id", "committee_level",
    "was_key_cadre", "note", "conclusion", "discipline_required", "discipline_id",
    "organization_discipline",
)  # fmt: skip
C_SUPERVISION_SUBJECT = (
    "id", "uid", "event_id", "organization_id", "member_id", "committee_level",
    "was_key_cadre", "note", "conclusion", "follow_up_id",
)  # fmt: skip
C_TOPIC = (
    "id", "uid", "created_at", "updated_at", "kind", "title", "short_title", "year", "term",
    "issuing_body", "document_number", "issued_on", "description", "owner_id", "search_text",
)  # fmt: skip
C_TOPIC_INSPECTIONS = ("studytopic_id", "inspection_id")
C_SESSION = (
    "id", "uid", "created_at", "updated_at", "topic_id", "organizer_id", "held_on", "title",
    "format", "connected_points", "attendee_visits", "member_visits", "members_expected",
    "members_counted", "has_attendance_list", "note", "search_text",
)  # fmt: skip
C_ATTENDANCE = ("id", "uid", "session_id", "member_id", "organization_id", "present", "note")
C_MODEL = (
    "id", "uid", "created_at", "updated_at", "name", "organization_id", "runner_kind",
    "runner_name", "field", "holder", "level", "registered_year", "status", "ended_year",
    "description", "search_text", "name_sort_key",
)  # fmt: skip
C_RENEWAL = ("id", "uid", "model_id", "year", "note")
C_RECOGNITION = ("id", "uid", "model_id", "recognised_on", "title", "awarded_by", "decision")
C_RESOLUTION = (
    "id", "uid", "created_at", "updated_at", "organization_id", "kind", "number", "title",
    "adopted_on", "first_year", "last_year",
)  # fmt: skip
C_TARGET = ("id", "uid", "resolution_id", "indicator_code", "year", "direction", "value", "note")
C_MANUAL_VALUE = (
    "id", "uid", "indicator_code", "organization_id", "year", "value", "source", "entered_at",
)  # fmt: skip


# --- the organization tree ------------------------------------------------------------


@dataclass(eq=False)
class Org:
    pk: int
    code: str
    name: str
    kind: str  # OrganizationKind code
    level: str
    parent: Org | None
    path: str
    founded_on: datetime.date
    place: str = ""  # the commune or town the organization sits in, for addresses
    district: Org | None = None
    cells: list = field(default_factory=list)  # member-holding units of a base


@dataclass(eq=False)
class Member:
    pk: int
    gender: str
    family_name: str
    given_name: str
    birth_date: datetime.date
    admitted_on: datetime.date
    official_on: datetime.date | None
    status: str
    left_on: datetime.date | None
    periods: list  # [(cell Org, started_on, ended_on or None)]
    exempted_on: datetime.date | None = None
    positions: list = field(default_factory=list)  # [(role, level, started_on, ended_on)]

    @property
    def full_name(self):
        return f"{self.family_name} {self.given_name}"

    def cell_on(self, day):
        for cell, start, end in self.periods:
            if start <= day and (end is None or end > day):
                return cell
        return None

    def in_base_throughout(self, start, end):
        """Active in the base from `start` until `end` (None: still active)."""
        if self.admitted_on > start:
            return False
        if self.left_on is None:
            return True
        return end is not None and self.left_on >= end


@functools.lru_cache(maxsize=200_000)
def person_key(given_name: str, family_name: str) -> str:
    from apps.core.text import person_sort_key

    return person_sort_key(given_name, family_name)


@functools.lru_cache(maxsize=50_000)
def text_key(text: str) -> str:
    from apps.core.text import sort_key

    return sort_key(text)


class Province:
    """Everything the generator decides before it walks the bases, and their tallies."""

    def __init__(self, members: int, seed: int, copier: Copier, ids: Ids, kinds: dict):
        self.members = members
        self.seed = seed
        self.copier = copier
        self.ids = ids
        self.kinds = kinds  # code -> (pk, level)
        self.rng = random.Random(f"{seed}-province")
        self.root: Org | None = None
        self.districts: list[Org] = []
        self.bases: list[Org] = []
        self.allocation: dict[int, int] = {}  # member-holding org pk -> members
        # Tallies for the targets: (org pk, year) -> value.
        self.admitted = Counter()
        self.renewed = Counter()
        self.yearly_visits = Counter()
        self.yearly_expected = Counter()
        self.rated = Counter()
        self.rated_well = Counter()
        self.inspected_orgs = defaultdict(set)
        # Superior sessions: pk -> [organizer, topic, day, expected]
        self.superior_sessions: list[list] = []
        self.sessions_by_organizer = defaultdict(list)
        self.topics: dict = {}

    # organizations ----------------------------------------------------------------

    def organization(self, code, name, kind, parent, founded_on, commune=None, place=""):
        from apps.core.text import fold
        from apps.organizations.models import path_segment

        pk = self.ids(ORGANIZATION)
        path = (parent.path if parent else "") + path_segment(pk)
        kind_pk, level = self.kinds[kind]
        commune_pk, commune_label = commune or (None, "")
        search_text = fold(f"{code} {name} {commune_label}")[:500]
        self.copier.add(
            ORGANIZATION,
            C_ORGANIZATION,
            (pk, STAMP, STAMP, code, name, kind_pk, parent.pk if parent else None, commune_pk,
             founded_on, "", path, path.count(".") - 1, search_text, text_key(name)),
        )  # fmt: skip
        return Org(pk, code, name, kind, level, parent, path, founded_on, place)

    def commune(self, code, place, kind, district_name):
        from django.conf import settings
        from django.utils import translation

        from apps.organizations.models import Commune

        pk = self.ids(COMMUNE)
        with translation.override(settings.LANGUAGE_CODE):
            label = str(Commune(name=place, kind=kind))
        self.copier.add(
            COMMUNE, C_COMMUNE, (pk, code, place, kind, district_name, "An Giang", text_key(place))
        )
        return pk, label

    def build_tree(self):
        rng = self.rng
        base_count = max(1, self.members // 100)
        district_count = max(1, base_count // 90)
        self.root = self.organization(
            "AG", "Đảng bộ tỉnh An Giang", "province", None, D(1975, 5, 1), place="An Giang"
        )
        for index in range(district_count):
            if index < len(words.DISTRICT_NAMES):
                place = words.DISTRICT_NAMES[index]
            else:
                place = (
                    f"{words.PLACE_FIRST[index % 20]} {words.PLACE_SECOND[(index // 20) % 20]}"
                    f" {index // 400 + 1}"
                ).removesuffix(" 1")
            unit = {0: "thành phố", 1: "thành phố", 2: "thị xã"}.get(index, "huyện")
            district = self.organization(
                f"AG-{index + 1:03d}",
                f"Đảng bộ {unit} {place}",
                "district",
                self.root,
                between(rng, D(1975, 5, 15), D(1975, 7, 1)),
                place=f"{unit} {place}",
            )
            district.district = district
            self.districts.append(district)
        places = [
            f"{first} {second}" for first in words.PLACE_FIRST for second in words.PLACE_SECOND
        ]
        holders = []
        for index in range(base_count):
            district = self.districts[index * district_count // base_count]
            code = f"{district.code}-{index + 1:04d}"
            founded = between(rng, district.founded_on + DAY, D(1975, 10, 31))
            place = rng.choice(places)
            draw = rng.random()
            if draw < 0.15:
                name = f"{rng.choice(words.BASE_CELLS)} {place}"
                base = self.organization(code, name, "base-cell", district, founded, place=place)
                holders.append((base, rng.uniform(20, 45)))
                base.cells = [base]
            elif draw < 0.25:
                name = f"{rng.choice(words.AGENCY_COMMITTEES)} {district.place}"
                base = self.organization(
                    code, name, "base-committee", district, founded, place=district.place
                )
                for number, cell_name in enumerate(
                    rng.sample(words.AGENCY_CELLS, rng.randint(5, 9)), start=1
                ):
                    base.cells.append(
                        self.organization(
                            f"{code}-{number:02d}", f"Chi bộ {cell_name}", "cell", base,
                            between(rng, founded, D(1975, 12, 31)), place=district.place,
                        )
                    )  # fmt: skip
            else:
                commune_kind = weighted(rng, [("commune", 80), ("town", 12), ("ward", 8)])
                unit = {"commune": "xã", "town": "thị trấn", "ward": "phường"}[commune_kind]
                commune = self.commune(
                    f"c{index + 1:06d}", place, commune_kind, district.place.title()
                )
                base = self.organization(
                    code, f"Đảng bộ {unit} {place}", "base-committee", district, founded,
                    commune=commune, place=f"{unit} {place}",
                )  # fmt: skip
                cell_names = [f"{name} {unit}" for name in words.COMMUNE_CELLS]
                hamlet = "khóm" if commune_kind != "commune" else "ấp"
                for number in range(rng.randint(3, 7)):
                    if commune_kind == "commune":
                        cell_names.append(f"Chi bộ {hamlet} {rng.choice(places)}")
                    else:
                        cell_names.append(f"Chi bộ {hamlet} {number + 1}")
                for number, cell_name in enumerate(cell_names, start=1):
                    base.cells.append(
                        self.organization(
                            f"{code}-{number:02d}", cell_name, "cell", base,
                            between(rng, founded, D(1975, 12, 31)), place=base.place,
                        )
                    )  # fmt: skip
            base.district = district
            for cell in base.cells:
                cell.district = district
                if cell is not base:
                    holders.append((cell, rng.uniform(8, 22)))
            self.bases.append(base)
        # Share the members out in proportion to the weights, exactly.
        total = sum(weight for _org, weight in holders)
        shares = [(org, self.members * weight / total) for org, weight in holders]
        counts = {org.pk: int(share) for org, share in shares}
        missing = self.members - sum(counts.values())
        by_fraction = sorted(shares, key=lambda item: item[1] - int(item[1]), reverse=True)
        for org, _share in by_fraction[:missing]:
            counts[org.pk] += 1
        self.allocation = counts

    # topics and the district's and province's own sessions ----------------------------

    def topic(self, kind, title, short_title, year, term, body, number, issued_on, owner):
        from apps.core.text import fold

        pk = self.ids(TOPIC)
        search_text = fold(" ".join([title, short_title, term, body, number]))[:600]
        self.copier.add(
            TOPIC,
            C_TOPIC,
            (pk, new_uid(self.rng), STAMP, STAMP, kind, title, short_title, year, term, body,
             number, issued_on, "", owner.pk, search_text),
        )  # fmt: skip
        return (pk, title, short_title, kind, year, issued_on)

    def build_topics(self):
        rng = self.rng
        yearly, central, works, district_resolutions = {}, defaultdict(list), {}, defaultdict(list)
        for offset, year in enumerate(YEARS):
            theme = words.YEARLY_TOPIC_THEMES[offset % len(words.YEARLY_TOPIC_THEMES)]
            yearly[year] = self.topic(
                "yearly_topic",
                f"Chuyên đề năm {year}: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
                f"Chí Minh {theme}",
                f"Chuyên đề năm {year}",
                year, "", "Ban Tuyên giáo Trung ương", "05-CT/TW", D(year, 1, 15), self.root,
            )  # fmt: skip
        for number, (year, title, short_title, term) in enumerate(words.CENTRAL_RESOLUTIONS):
            issued = D(year, rng.randint(1, 9), rng.randint(1, 28))
            central[year].append(
                self.topic(
                    "central_resolution",
                    title,
                    short_title,
                    year,
                    term,
                    "Ban Chấp hành Trung ương",
                    f"{number + 20}-NQ/TW",
                    issued,
                    self.root,
                )
            )
        for year, title, short_title in words.WORKS:
            works[year] = self.topic(
                "work", title, short_title, year, "", "Chủ tịch Hồ Chí Minh", "",
                None, self.root,
            )  # fmt: skip
        for district in self.districts:
            for congress, (year, term) in enumerate(
                [(2015, "2015–2020"), (2020, "2020–2025"), (2025, "2025–2030")], start=11
            ):
                district_resolutions[district.pk].append(
                    self.topic(
                        "committee_resolution",
                        f"Nghị quyết Đại hội {district.name} lần thứ {congress}, nhiệm kỳ {term}",
                        f"Nghị quyết Đại hội lần thứ {congress}",
                        year,
                        f"nhiệm kỳ {term}",
                        f"Ban Chấp hành {district.name}",
                        f"{congress:02d}-NQ/ĐH",
                        D(year, 10, 20),
                        district,
                    )
                )
        self.topics = {
            "yearly": yearly,
            "central": central,
            "works": works,
            "district": district_resolutions,
        }
        # The district's and province's own conferences, counted once the bases are in.
        for organizer in [self.root, *self.districts]:
            for year in YEARS:
                chosen = list(self.topics["central"][year])
                if organizer is not self.root:
                    chosen.append(yearly[year])
                for topic in chosen:
                    day = self.session_day(rng, topic, year)
                    if day is not None:
                        session = [organizer, topic, day, 0]
                        self.superior_sessions.append(session)
                        self.sessions_by_organizer[organizer.pk].append(session)

    @staticmethod
    def session_day(rng, topic, year):
        issued = topic[5] or D(year, 1, 1)
        start = max(issued + 15 * DAY, D(year, 1, 1))
        end = min(D(year, 12, 20), LAST_DAY)
        if year == topic[4] and topic[3] == "yearly_topic":
            end = min(D(year, 6, 30), end)
        if start > end:
            return None
        return between(rng, start, end)

    def write_superior_sessions(self):
        rng = self.rng
        bases = Counter(base.district.pk for base in self.bases)
        for organizer, topic, day, expected in self.superior_sessions:
            points = bases[organizer.pk] if organizer is not self.root else len(self.districts)
            self.session(rng, organizer, topic, day, expected, online_points=points)

    def session(self, rng, organizer, topic, day, expected, *, online_points=None, listed=None):
        """Write a session; `listed` is the (members expected, present) of its list."""
        from apps.core.text import fold

        pk = self.ids(SESSION)
        if listed is not None:
            expected, visits = listed
        else:
            visits = round(expected * rng.uniform(0.86, 0.99))
        attendees = visits + rng.randint(0, 3 + expected // 20)
        title = f"Hội nghị học tập, quán triệt {topic[2]}"
        online = online_points is not None and online_points > 1
        search_text = fold(f"{title} {topic[1]} {topic[2]} {organizer.name}")[:800]
        self.copier.add(
            SESSION,
            C_SESSION,
            (pk, new_uid(rng), STAMP, STAMP, topic[0], organizer.pk, day, title,
             "online" if online else "in_person", online_points if online else None,
             attendees, visits, expected, expected, listed is not None, "", search_text),
        )  # fmt: skip
        if topic[3] == "yearly_topic":
            for org in {organizer, organizer.district or organizer, self.root}:
                self.yearly_visits[org.pk, day.year] += visits
                self.yearly_expected[org.pk, day.year] += expected
        return pk


# --- one base organization ------------------------------------------------------------


class BaseWriter:
    """Writes everything that belongs to one base organization and its cells."""

    def __init__(self, province: Province, base: Org):
        self.province = province
        self.base = base
        self.copier = province.copier
        self.ids = province.ids
        self.rng = random.Random(f"{province.seed}-{base.code}")
        self.members: list[Member] = []
        self.decisions = Counter()

    def add(self, table, columns, values):
        self.copier.add(table, columns, values)

    def uid(self):
        return new_uid(self.rng)

    def decision(self, performer: Org, year: int, suffix: str) -> str:
        self.decisions[performer.pk, year] += 1
        return f"{self.decisions[performer.pk, year]}-{suffix}"

    def write(self):
        self.write_members()
        self.write_positions()
        self.write_ratings()
        self.write_candidates()
        self.write_oversight()
        self.write_studies()
        self.write_mobilization()

    # members ---------------------------------------------------------------------------

    def admission_day(self, rng) -> datetime.date:
        # Weights grow towards recent years: about 3% of members are admitted a year.
        years = range(FIRST_ADMISSION.year, LAST_DAY.year + 1)
        year = rng.choices(years, cum_weights=_ADMISSION_CUM_WEIGHTS)[0]
        end = D(year, 12, 31) if year < LAST_DAY.year else LAST_DAY - 20 * DAY
        return between(rng, D(year, 1, 1), end)

    def write_members(self):
        from apps.core.text import fold
        from apps.members.models import PROBATION_MONTHS

        rng, province, base = self.rng, self.province, self.base
        for cell in base.cells:
            for _number in range(province.allocation.get(cell.pk, 0)):
                female = rng.random() < 0.38
                family = weighted(rng, words.FAMILY_NAMES)
                middle = rng.choice(
                    words.FEMALE_MIDDLE_NAMES if female else words.MALE_MIDDLE_NAMES
                )
                given = rng.choice(words.FEMALE_GIVEN_NAMES if female else words.MALE_GIVEN_NAMES)
                admitted = self.admission_day(rng)
                age = min(18 + int(rng.expovariate(1 / 9)), 55)
                birth = between(rng, D(admitted.year - age - 1, 1, 1), admitted - 366 * age * DAY)
                member = Member(
                    pk=self.ids(MEMBER), gender="female" if female else "male",
                    family_name=f"{family} {middle}", given_name=given, birth_date=birth,
                    admitted_on=admitted, official_on=None, status="probationary",
                    left_on=None, periods=[],
                )  # fmt: skip
                self.plan_life(member, cell, rng, PROBATION_MONTHS)
                self.members.append(member)
        for member in self.members:
            self.write_member(member, rng, fold)

    def plan_life(self, member: Member, cell: Org, rng, probation_months):
        """Recognition, transfer, leaving and exemption dates, in the order they happen."""
        admitted = member.admitted_on
        official = add_months(admitted, probation_months) + rng.randint(0, 45) * DAY
        # Who left, and when: mostly within the ten years the records cover.
        draw = rng.random()
        leaving = None
        if draw < 0.045:
            leaving = "transferred_out"
        elif draw < 0.051:
            leaving = "removed"
        elif draw < 0.052:
            leaving = "expelled"
        elif rng.random() < (0.15 if member.birth_date.year < 1960 else 0.004):
            leaving = "deceased"
        left_on = None
        if leaving:
            earliest = max(admitted + 90 * DAY, D(2016, 1, 1) if rng.random() < 0.9 else admitted)
            if earliest < LAST_DAY - 30 * DAY:
                left_on = between(rng, earliest, LAST_DAY - 10 * DAY)
        if left_on is None:
            leaving = None
        if official <= LAST_DAY and (left_on is None or official < left_on):
            member.official_on = official
        last_event = member.official_on or admitted
        # A transfer between two cells of the same base, after the recognition.
        first_cell = cell
        transfer_on = None
        others = [other for other in self.base.cells if other is not cell]
        if others and member.official_on and rng.random() < 0.08:
            end = (left_on or LAST_DAY) - 30 * DAY
            start = last_event + 30 * DAY
            if start < end:
                transfer_on = between(rng, start, end)
                first_cell = rng.choice(others)
                last_event = transfer_on
        if transfer_on:
            member.periods = [(first_cell, admitted, transfer_on), (cell, transfer_on, left_on)]
        else:
            member.periods = [(cell, admitted, left_on)]
        if leaving:
            member.status, member.left_on = leaving, left_on
        else:
            member.status = "official" if member.official_on else "probationary"
        # Old members still active are exempted from activities now and then.
        if leaving is None and member.birth_date.year <= 1956 and rng.random() < 0.12:
            start = max(last_event + DAY, D(2016, 1, 1))
            if start < LAST_DAY - 30 * DAY:
                member.exempted_on = between(rng, start, LAST_DAY - 30 * DAY)

    def write_member(self, member: Member, rng, fold):
        base, province = self.base, self.province
        cell = member.periods[-1][0]
        card = f"{60_000_000 + member.pk}" if member.official_on else ""
        century = 0 if member.birth_date.year < 2000 else 2
        personal_id = (
            f"089{century + (member.gender == 'female')}{member.birth_date.year % 100:02d}"
            f"{(member.pk * 7919) % 1_000_000:06d}"
        )
        origin = f"{base.place}, {base.district.place}, tỉnh An Giang"
        if rng.random() < 0.15:
            place = f"{rng.choice(words.PLACE_FIRST)} {rng.choice(words.PLACE_SECOND)}"
            origin = f"xã {place}, tỉnh Kiên Giang"
        hamlet = f"ấp {rng.choice(words.PLACE_FIRST)} {rng.choice(words.PLACE_SECOND)}"
        residence = f"{hamlet}, {base.place}, {base.district.place}"
        decided = member.admitted_on - rng.randint(7, 40) * DAY
        values = (
            member.pk, STAMP, STAMP, self.uid(), member.family_name, member.given_name, "",
            member.gender, member.birth_date, origin, residence,
            weighted(rng, words.ETHNICITIES), weighted(rng, words.RELIGIONS),
            rng.choice(["12/12", "12/12", "12/12", "9/12"]), rng.choice(words.EXPERTISE),
            weighted(rng, [("", 30), ("elementary", 40), ("intermediate", 25), ("advanced", 5)]),
            weighted(rng, words.OCCUPATIONS), personal_id, card, "", decided,
            member.admitted_on, member.official_on, member.status, member.left_on, cell.pk, "",
        )  # fmt: skip
        search_text = fold(f"{member.full_name}  {card} {personal_id}")[:300]
        sort = person_key(member.given_name, member.family_name)
        self.add(MEMBER, C_MEMBER, (*values, search_text, sort))
        self.add(MEMBER_HISTORY, C_MEMBER_HISTORY, (*values, history_stamp(member.pk), "+"))
        for period_cell, start, end in member.periods:
            row = (self.ids(MEMBERSHIP), self.uid(), member.pk, period_cell.pk, start, end)
            self.add(MEMBERSHIP, C_MEMBERSHIP, row)
            self.add(MEMBERSHIP_HISTORY, C_MEMBERSHIP_HISTORY, (*row, history_stamp(row[0]), "+"))
        district_code = "HU" if base.district else "TU"
        self.event(member, "admission", member.admitted_on, member.periods[0][0],
                   decision=f"{rng.randint(100, 999)}-QĐ/{district_code}")  # fmt: skip
        province.admitted[member.periods[0][0].district.pk, member.admitted_on.year] += 1
        if member.official_on:
            self.event(member, "recognition", member.official_on, member.periods[0][0],
                       decision=f"{rng.randint(100, 999)}-QĐ/{district_code}")  # fmt: skip
        if len(member.periods) > 1:
            self.event(member, "transfer", member.periods[1][1], cell,
                       destination=member.periods[0][0].name)  # fmt: skip
        if member.exempted_on:
            self.add(
                EXEMPTION,
                C_EXEMPTION,
                (self.ids(EXEMPTION), self.uid(), member.pk, member.exempted_on, None,
                 "Tuổi cao, sức yếu"),
            )  # fmt: skip
            self.event(member, "exemption", member.exempted_on, None, note="Tuổi cao, sức yếu")
        if member.left_on:
            kind = {"transferred_out": "transfer_out", "deceased": "death",
                    "removed": "removal", "expelled": "expulsion"}[member.status]  # fmt: skip
            destination = ""
            if kind == "transfer_out":
                destination = f"Đảng bộ huyện {rng.choice(words.DISTRICT_NAMES)}, tỉnh Kiên Giang"
            decision = "" if kind == "death" else f"{rng.randint(10, 99)}-QĐ/ĐU"
            self.event(member, kind, member.left_on, cell, destination=destination,
                       decision=decision)  # fmt: skip
            if kind == "expulsion":
                self.discipline(member, "expulsion", member.left_on, "Vi phạm tư cách đảng viên")
        # Badges for every milestone of seniority reached while active.
        for years in (30, 40, 45, 50):
            due = D(member.admitted_on.year + years, 9, 2)
            if due <= LAST_DAY and (member.left_on is None or due < member.left_on):
                self.add(
                    BADGE,
                    C_BADGE,
                    (self.ids(BADGE), self.uid(), member.pk, years, due,
                     f"{rng.randint(100, 999)}-QĐ/TU"),
                )  # fmt: skip

    def event(self, member, kind, day, organization, destination="", decision="", note=""):
        self.add(
            EVENT,
            C_EVENT,
            (self.ids(EVENT), self.uid(), member.pk, kind, day,
             organization.pk if organization else None, destination, decision, note,
             f"{min(day + self.rng.randint(0, 10) * DAY, max(day, LAST_DAY))} 09:30:00+07"),
        )  # fmt: skip

    def discipline(self, member, form, day, reason):
        pk = self.ids(DISCIPLINE)
        body = f"Ủy ban Kiểm tra {self.base.name.removeprefix('Đảng bộ ')}"
        self.add(
            DISCIPLINE,
            C_DISCIPLINE,
            (pk, self.uid(), member.pk, form, day, body, f"{self.rng.randint(10, 99)}-QĐ/UBKT",
             reason),
        )  # fmt: skip
        return pk

    # positions -------------------------------------------------------------------------

    def write_positions(self):
        rng, base = self.rng, self.base
        for start, end in TERMS:
            eligible = [m for m in self.members if m.in_base_throughout(start, end)]
            for cell in base.cells if base.kind == "base-committee" else []:
                in_cell = [m for m in eligible if m.cell_on(start) is cell and (
                    end is None or m.cell_on(end - DAY) is cell)]  # fmt: skip
                for role, member in zip(
                    ["secretary", "deputy_secretary"],
                    rng.sample(in_cell, min(2, len(in_cell))),
                    strict=False,
                ):
                    self.position(member, role, cell, start, end)
            roles = ["secretary", "deputy_secretary"]
            if base.kind == "base-committee":
                roles += ["deputy_secretary", "standing_member", "standing_member"]
                roles += ["committee_member"] * 6
            chosen = rng.sample(eligible, min(len(roles), len(eligible)))
            for role, member in zip(roles, chosen, strict=False):
                self.position(member, role, base, start, end)
            if end is None and chosen:
                for member in chosen[:2]:
                    self.position(member, "key_cadre", base.district, start + 14 * DAY, None)
                if rng.random() < 0.2:  # the base's secretary sits on the district committee
                    district_start = start + 14 * DAY
                    self.position(
                        chosen[0], "committee_member", base.district, district_start, None
                    )

    def position(self, member, role, organization, start, end):
        self.add(
            POSITION,
            C_POSITION,
            (self.ids(POSITION), self.uid(), member.pk, role, organization.pk, start, end),
        )
        member.positions.append((role, organization.level, start, end))

    @staticmethod
    def snapshot(member, day):
        """(committee level, key cadre) of a member on `day`, as member_snapshots gives it."""
        rank = {"superior": 3, "base": 2, "below_base": 1}
        level, key_cadre = "", False
        for role, org_level, start, end in member.positions:
            if start <= day and (end is None or end > day):
                if role == "key_cadre":
                    key_cadre = True
                elif rank[org_level] > rank.get(level, 0):
                    level = org_level
        return level, key_cadre

    # ratings ---------------------------------------------------------------------------

    def write_ratings(self):
        rng, province, base = self.rng, self.province, self.base
        grades = ["excellent", "good", "completed", "not_completed"]
        for member in self.members:
            quality = rng.random()
            if quality < 0.15:
                weights = (30, 65, 5, 0)
            elif quality < 0.95:
                weights = (12, 78, 9, 1)
            else:
                weights = (2, 40, 45, 13)
            for year in RATED_YEARS:
                if member.admitted_on > D(year, 10, 31):
                    continue
                if member.left_on and member.left_on <= D(year, 12, 31):
                    break
                grade = rng.choices(grades, weights)[0]
                self.add(RATING, C_RATING, (self.ids(RATING), self.uid(), member.pk, year, grade))
                well = grade in ("excellent", "good")
                for org in (base.district, province.root):
                    province.rated[org.pk, year] += 1
                    province.rated_well[org.pk, year] += well
        organizations = [base] + [cell for cell in base.cells if cell is not base]
        for org in organizations:
            for year in RATED_YEARS:
                grade = rng.choices(grades, (20, 65, 13, 2))[0]
                row = (self.ids(ORG_RATING), self.uid(), org.pk, year, grade)
                self.add(ORG_RATING, C_ORG_RATING, row)

    # candidates ------------------------------------------------------------------------

    def write_candidates(self):
        rng = self.rng
        for member in self.members:
            if member.admitted_on.year >= 2016 and rng.random() < 0.3:
                course = member.admitted_on - rng.randint(30, 200) * DAY
                sympathiser = course - rng.randint(60, 300) * DAY
                identified = sympathiser - rng.randint(90, 400) * DAY
                self.candidate(member.family_name, member.given_name, member.gender,
                               member.birth_date, member.periods[0][0], identified,
                               sympathiser, course, None, member.pk)  # fmt: skip
        for _number in range(rng.randint(2, 6)):
            female = rng.random() < 0.45
            family = (
                weighted(rng, words.FAMILY_NAMES)
                + " "
                + rng.choice(words.FEMALE_MIDDLE_NAMES if female else words.MALE_MIDDLE_NAMES)
            )
            given = rng.choice(words.FEMALE_GIVEN_NAMES if female else words.MALE_GIVEN_NAMES)
            identified = between(rng, D(2024, 1, 1), D(2026, 6, 30))
            sympathiser = identified + rng.randint(90, 300) * DAY if rng.random() < 0.5 else None
            course = None
            if sympathiser and rng.random() < 0.6:
                course = sympathiser + rng.randint(30, 120) * DAY
            if course and course > LAST_DAY:
                course = None
            if sympathiser and sympathiser > LAST_DAY:
                sympathiser = None
            dropped = None
            if rng.random() < 0.1:
                dropped = between(rng, (course or sympathiser or identified) + DAY, LAST_DAY)
            birth = between(rng, D(1985, 1, 1), D(2006, 1, 1))
            cell = rng.choice(self.base.cells)
            self.candidate(family, given, "female" if female else "male", birth, cell,
                           identified, sympathiser, course, dropped, None)  # fmt: skip

    def candidate(self, family, given, gender, birth, cell, identified, sympathiser, course,
                  dropped, member_pk):  # fmt: skip
        from apps.core.text import fold

        self.add(
            CANDIDATE,
            C_CANDIDATE,
            (self.ids(CANDIDATE), self.uid(), STAMP, STAMP, family, given, gender, birth,
             cell.pk, identified, sympathiser, course, dropped, member_pk, "",
             person_key(given, family), fold(f"{family} {given}")),
        )  # fmt: skip

    # inspections and supervisions ------------------------------------------------------

    def write_oversight(self):
        rng, base, province = self.rng, self.base, self.province
        committee = base.kind == "base-committee"
        for year in YEARS:
            for work in ("inspection", "supervision"):
                for _number in range(2 if committee else 1):
                    body = rng.choice(
                        ["inspection_commission", "standing_committee"] if committee
                        else ["cell", "executive_committee"]
                    )  # fmt: skip
                    orgs = rng.sample(base.cells, rng.randint(1, 2)) if committee else []
                    self.oversight_event(work, base, body, year, orgs, rng.randint(1, 3))
                # The district looks at one base in eight each year, and at one of its
                # cadres; a third of its inspections check how the yearly topic was studied.
                if rng.random() < 0.12:
                    body = rng.choice(["inspection_commission", "standing_committee"])
                    topic = None
                    if work == "inspection" and rng.random() < 0.33:
                        topic = province.topics["yearly"][year]
                    pk = self.oversight_event(
                        work, base.district, body, year, [base], 1, cadres=True, topic=topic
                    )
                    if topic:
                        self.add(TOPIC_INSPECTIONS, C_TOPIC_INSPECTIONS, (topic[0], pk))
                    if work == "inspection":
                        for org in (base.district, province.root):
                            province.inspected_orgs[org.pk, year].add(base.pk)

    def oversight_event(self, work, performer, body, year, orgs, member_count, *,
                        cadres=False, topic=None):  # fmt: skip
        from apps.core.text import fold

        rng = self.rng
        end_of_year = min(D(year, 11, 15), LAST_DAY - 30 * DAY)
        started = between(rng, D(year, 2, 1), end_of_year)
        ended = started + rng.randint(10, 45) * DAY
        if ended > LAST_DAY:
            ended = None
        active = [m for m in self.members if m.cell_on(started) is not None]
        if cadres:
            holding = [m for m in active if any(p[3] is None or p[3] > started for p in
                                                m.positions if p[2] <= started)]  # fmt: skip
            active = holding or active
        members = rng.sample(active, min(member_count, len(active)))
        if not orgs and not members:
            return None
        suffix = {"district": "HU", "base-committee": "ĐU", "base-cell": "CB"}[performer.kind]
        if body == "inspection_commission":
            suffix = f"UBKT{suffix}"
        number = f"{self.decision(performer, year, 'QĐ/' + suffix)}"
        if work == "inspection":
            table, subjects, columns = INSPECTION, INSPECTION_SUBJECT, C_INSPECTION_SUBJECT
            kind = weighted(rng, [("compliance", 60), ("party_fees", 15), ("oversight_duties", 15),
                                  ("signs_of_violation", 5), ("finances", 5)])  # fmt: skip
            content = rng.choice(words.INSPECTION_CONTENTS).format(year=year)
            if topic:
                content = f"Kiểm tra việc học tập, quán triệt và thực hiện {topic[2]}"
            outcomes = [("no_violation", 88), ("shortcomings", 8), ("violation", 4)]
        else:
            table, subjects, columns = SUPERVISION, SUPERVISION_SUBJECT, C_SUPERVISION_SUBJECT
            kind = weighted(rng, [("regular", 70), ("thematic", 30)])
            content = rng.choice(words.SUPERVISION_CONTENTS).format(year=year)
            outcomes = [("no_signs", 95), ("signs_of_violation", 5)]
        conclusions = [weighted(rng, outcomes) for _ in range(len(orgs) + len(members))]
        summary = words.SUMMARIES[max(conclusions, key=[o for o, _w in outcomes].index)]
        if ended is None:
            summary = ""
        pk = self.ids(table)
        self.add(
            table,
            C_EVENT_OVERSIGHT,
            (pk, self.uid(), STAMP, STAMP, performer.pk, body, performer.level, number,
             started - rng.randint(5, 20) * DAY, D(year - 1, 1, 1), D(year - 1, 12, 31),
             started, ended, content,  summary,
             fold(f"{number} {content} {performer.name} {performer.code}")[:400], kind),
        )  # fmt: skip
        for org, conclusion in zip(orgs, conclusions, strict=False):
            if work == "inspection":
                row = (self.ids(subjects), self.uid(), pk, org.pk, None, "", False, "",
                       conclusion, False, None, "")  # fmt: skip
            else:
                row = (self.ids(subjects), self.uid(), pk, org.pk, None, "", False, "",
                       conclusion, None)  # fmt: skip
            self.add(subjects, columns, row)
        for member, conclusion in zip(members, conclusions[len(orgs) :], strict=True):
            level, key_cadre = self.snapshot(member, started)
            cell = member.cell_on(started)
            if work == "inspection":
                required, discipline = False, None
                if conclusion == "violation" and rng.random() < 0.6:
                    required = True
                    decided = (ended or started) + rng.randint(10, 30) * DAY
                    if decided <= LAST_DAY and (member.left_on is None or decided < member.left_on):
                        discipline = self.discipline(
                            member, rng.choice(["reprimand", "reprimand", "warning"]), decided,
                            content,
                        )  # fmt: skip
                row = (self.ids(subjects), self.uid(), pk, cell.pk, member.pk, level, key_cadre,
                       "", conclusion, required, discipline, "")  # fmt: skip
            else:
                row = (self.ids(subjects), self.uid(), pk, cell.pk, member.pk, level, key_cadre,
                       "", conclusion, None)  # fmt: skip
            self.add(subjects, columns, row)
        return pk

    # political study -------------------------------------------------------------------

    def counter(self):
        """A function day -> members expected in the base (active, not exempted)."""
        starts = sorted(start.toordinal() for m in self.members for _c, start, _e in m.periods)
        ends = sorted(end.toordinal() for m in self.members for _c, _s, end in m.periods if end)
        exempt = sorted(m.exempted_on.toordinal() for m in self.members if m.exempted_on)

        def expected(day):
            ordinal = day.toordinal()
            active = bisect.bisect_right(starts, ordinal) - bisect.bisect_right(ends, ordinal)
            return active - bisect.bisect_right(exempt, ordinal)

        return expected

    def write_studies(self):
        rng, base, province = self.rng, self.base, self.province
        topics = province.topics
        expected = self.counter()
        # The district's and province's conferences count this base's members too.
        for organizer in (base.district, province.root):
            for session in province.sessions_by_organizer[organizer.pk]:
                session[3] += expected(session[2])
        for year in YEARS:
            chosen = [topics["yearly"][year], *topics["central"][year]]
            if year in topics["works"]:
                chosen.append(topics["works"][year])
            for topic in topics["district"][base.district.pk]:
                if topic[4] + 1 == year or (topic[4] == 2025 and year == 2026):
                    chosen.append(topic)
            for topic in chosen:
                day = province.session_day(rng, topic, year)
                if day is None:
                    continue
                count = expected(day)
                if count == 0:
                    continue
                if rng.random() < 0.1:
                    self.listed_session(topic, day)
                else:
                    province.session(rng, base, topic, day, count)

    def listed_session(self, topic, day):
        rng = self.rng
        rows = []
        for member in self.members:
            cell = member.cell_on(day)
            if cell is None or (member.exempted_on and member.exempted_on <= day):
                continue
            present = rng.random() < 0.93
            note = "" if present else rng.choice(words.ABSENCE_REASONS)
            rows.append((member.pk, cell.pk, present, note))
        present_count = sum(1 for row in rows if row[2])
        listed = (len(rows), present_count)
        pk = self.province.session(rng, self.base, topic, day, None, listed=listed)
        for member_pk, cell_pk, present, note in rows:
            self.add(
                ATTENDANCE,
                C_ATTENDANCE,
                (self.ids(ATTENDANCE), self.uid(), pk, member_pk, cell_pk, present, note),
            )

    # "Dân vận khéo" ----------------------------------------------------------------------

    def write_mobilization(self):
        from apps.core.text import fold

        rng, base, province = self.rng, self.base, self.province
        count = rng.randint(2, 6) if base.kind == "base-committee" else rng.randint(0, 2)
        for _number in range(count):
            draw = rng.random()
            if draw < 0.55:
                organization = base
            elif draw < 0.9:
                organization = rng.choice(base.cells)
            else:
                organization = base.district
            phrase = rng.choice(words.MOBILIZATION_NAMES)
            holder = "individual" if rng.random() < 0.2 else "collective"
            place = base.place
            if holder == "individual":
                family = weighted(rng, words.FAMILY_NAMES)
                name = f"Gương điển hình {family} {rng.choice(words.MALE_MIDDLE_NAMES)} " \
                       f"{rng.choice(words.MALE_GIVEN_NAMES)} – {phrase.lower()}"  # fmt: skip
            else:
                name = f"{phrase} {place}"
            runner_kind = weighted(rng, [("party", 20), ("fatherland_front", 15), ("farmers", 20),
                                         ("women", 20), ("youth", 10), ("veterans", 10),
                                         ("government", 5)])  # fmt: skip
            runner_name = {
                "farmers": f"Hội Nông dân {place}", "women": f"Hội Liên hiệp Phụ nữ {place}",
                "youth": f"Đoàn Thanh niên {place}", "veterans": f"Hội Cựu chiến binh {place}",
                "fatherland_front": f"Ủy ban MTTQ Việt Nam {place}",
            }.get(runner_kind, "")  # fmt: skip
            registered = rng.choice(range(2014, 2027))
            status, ended = "registered", None
            draw = rng.random()
            if draw < 0.15 and registered < 2025:
                status, ended = "discontinued", rng.randint(registered, 2025)
            elif draw < 0.5:
                status = "recognised"
            elif draw < 0.6:
                status = "replicated"
            pk = self.ids(MODEL)
            self.add(
                MODEL,
                C_MODEL,
                (pk, self.uid(), STAMP, STAMP, name, organization.pk, runner_kind, runner_name,
                 rng.choice(["economy", "culture_society", "defence_security", "political_system"]),
                 holder, organization.level, registered, status, ended, "",
                 fold(f"{name} {runner_name} {organization.name} {organization.code}")[:600],
                 text_key(name)),
            )  # fmt: skip
            last_year = ended or 2026
            for year in range(registered + 1, last_year + 1):
                if rng.random() < 0.3:
                    self.add(RENEWAL, C_RENEWAL, (self.ids(RENEWAL), self.uid(), pk, year, ""))
                    for org in {organization.district or organization, province.root}:
                        province.renewed[org.pk, year] += 1
            if status in ("recognised", "replicated"):
                for _award in range(rng.randint(1, 2)):
                    day = between(rng, D(registered, 6, 1), min(D(last_year, 12, 31), LAST_DAY))
                    title, awarded_by = rng.choice(words.RECOGNITION_TITLES)
                    self.add(
                        RECOGNITION,
                        C_RECOGNITION,
                        (self.ids(RECOGNITION), self.uid(), pk, day, title, awarded_by,
                         f"{rng.randint(100, 999)}/QĐ-UBND"),
                    )  # fmt: skip


def _admission_weights():
    years = range(FIRST_ADMISSION.year, LAST_DAY.year + 1)
    weights = [1 + (year - FIRST_ADMISSION.year) * 0.06 for year in years]
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


_ADMISSION_CUM_WEIGHTS = _admission_weights()


# --- resolutions, users and the rest --------------------------------------------------


MANUAL_RANGES = [("front.welfare_works", 10, 40), ("front.great_unity_houses", 20, 80)]


def write_results(province: Province):
    """Congress resolutions for 2016–2020 and 2021–2025 and a yearly one for 2026, with
    targets near what the records give, so that the review shows every verdict."""
    rng, copier, ids = province.rng, province.copier, province.ids
    for org in [province.root, *province.districts]:
        body = f"Ban Chấp hành {org.name}"
        for kind, first, last, title, adopted in [
            ("congress", 2016, 2020, f"Nghị quyết Đại hội {org.name} nhiệm kỳ 2015–2020",
             D(2015, 10, 20)),
            ("congress", 2021, 2025, f"Nghị quyết Đại hội {org.name} nhiệm kỳ 2020–2025",
             D(2020, 10, 20)),
            ("yearly", 2026, 2026, f"Nghị quyết của {body} về nhiệm vụ năm 2026",
             D(2025, 12, 20)),
        ]:  # fmt: skip
            pk = ids(RESOLUTION)
            number = f"{rng.randint(1, 40):02d}-NQ/{'TU' if org is province.root else 'HU'}"
            copier.add(
                RESOLUTION,
                C_RESOLUTION,
                (pk, new_uid(rng), STAMP, STAMP, org.pk, kind, number, title, adopted, first, last),
            )
            for year in range(first, last + 1):
                visits = province.yearly_visits[org.pk, year]
                expected = province.yearly_expected[org.pk, year]
                rated = province.rated[org.pk, year]
                actuals = {
                    "members.admitted": sum(
                        province.admitted[d.pk, year] for d in province.districts
                        if org is province.root or d is org
                    ),
                    "mobilization.models_renewed": province.renewed[org.pk, year],
                    "oversight.district_orgs_inspected": len(province.inspected_orgs[org.pk, year]),
                    "studies.yearly_topic_rate": (
                        round(100 * visits / expected, 1) if expected else 95
                    ),
                    "members.rated_well": (
                        round(100 * province.rated_well[org.pk, year] / rated, 1) if rated else 85
                    ),
                }  # fmt: skip
                for code, actual in actuals.items():
                    # Exceeded, met or not met, in about these shares.
                    factor = weighted(rng, [(0.9, 35), (1.0, 20), (1.06, 45)])
                    percent = "rate" in code
                    value = Decimal(str(round(actual * factor, 1 if percent else 0)))
                    value = min(value, Decimal(100)) if percent else value
                    copier.add(
                        TARGET,
                        C_TARGET,
                        (ids(TARGET), new_uid(rng), pk, code, year, "at_least", value, ""),
                    )
        for year in RATED_YEARS:
            for code, low, high in MANUAL_RANGES:
                scale = len(province.districts) if org is province.root else 1
                copier.add(
                    MANUAL_VALUE,
                    C_MANUAL_VALUE,
                    (ids(MANUAL_VALUE), new_uid(rng), code, org.pk, year,
                     Decimal(rng.randint(low, high) * scale),
                     f"Báo cáo tổng kết năm {year} của Ủy ban MTTQ Việt Nam", STAMP),
                )  # fmt: skip


def write_province_oversight(province: Province):
    """The province's own inspections and supervisions of its districts."""
    from apps.core.text import fold

    rng, copier, ids, root = province.rng, province.copier, province.ids, province.root
    for year in YEARS:
        for work in ("inspection", "supervision"):
            for number in range(1, 4):
                started = between(rng, D(year, 3, 1), min(D(year, 10, 31), LAST_DAY - 30 * DAY))
                table, subjects = (INSPECTION, INSPECTION_SUBJECT) if work == "inspection" else (
                    SUPERVISION, SUPERVISION_SUBJECT)  # fmt: skip
                if work == "inspection":
                    content = rng.choice(words.INSPECTION_CONTENTS).format(year=year)
                else:
                    content = rng.choice(words.SUPERVISION_CONTENTS).format(year=year)
                decision = f"{number + 10}-QĐ/UBKTTU"
                kind = "compliance" if work == "inspection" else "thematic"
                pk = ids(table)
                copier.add(
                    table,
                    C_EVENT_OVERSIGHT,
                    (pk, new_uid(rng), STAMP, STAMP, root.pk, "inspection_commission", root.level,
                     decision, started - 10 * DAY, D(year - 1, 1, 1), D(year - 1, 12, 31), started,
                     started + 30 * DAY, content,
                     words.SUMMARIES["no_violation" if work == "inspection" else "no_signs"],
                     fold(f"{decision} {content} {root.name} {root.code}")[:400], kind),
                )  # fmt: skip
                chosen = rng.sample(province.districts, min(2, len(province.districts)))
                for district in chosen:
                    if work == "inspection":
                        row = (ids(subjects), new_uid(rng), pk, district.pk, None, "", False, "",
                               "no_violation", False, None, "")  # fmt: skip
                        copier.add(subjects, C_INSPECTION_SUBJECT, row)
                        province.inspected_orgs[root.pk, year].add(district.pk)
                    else:
                        row = (ids(subjects), new_uid(rng), pk, district.pk, None, "", False, "",
                               "no_signs", None)  # fmt: skip
                        copier.add(subjects, C_SUPERVISION_SUBJECT, row)


BENCH_USERS = ["bench_admin", "bench_office", "bench_district", "bench_clerk"]


def write_users(province: Province) -> int:
    """The benchmark users (password `bench-password`, hashed once) and their roles."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import RoleAssignment

    User = get_user_model()
    password = make_password(PASSWORD)
    committees = [base for base in province.bases if base.kind == "base-committee"]
    committees = committees or province.bases
    plan = [
        ("bench_admin", "district_admin", province.root, True),
        ("bench_office", "office", province.root, False),
        ("bench_district", "office", province.districts[0], False),
        ("bench_clerk", "base_clerk", committees[0], False),
    ]
    for number, base in enumerate(province.bases[:50], start=1):
        plan.append((f"bench_clerk_{number:02d}", "base_clerk", base, False))
    users = User.objects.bulk_create(
        User(username=username, password=password, is_superuser=admin, is_staff=admin,
             home_organization_id=org.pk, first_name="Benchmark", last_name=username)
        for username, _role, org, admin in plan
    )  # fmt: skip
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=role, organization_id=org.pk)
        for user, (_name, role, org, _admin) in zip(users, plan, strict=True)
    )
    return len(users)


# The years a province has approved when the benchmark runs: every year of the last
# congress term but the one under review.
APPROVED_YEARS = range(2016, 2025)
YEAR_APPROVAL = "closing_yearapproval"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def write_approvals(province: Province) -> int:
    """Year approvals as a province keeps them: the province, each district and each
    base organization approve each closed year (about 9,000 at full size), and one
    approval in fifty was reopened for a correction and approved again a week later.

    Written last and with `bulk_create` (no signals), so that the records generated
    before them, many in those years, are not refused as changes to a closed year.
    """
    from django.contrib.auth import get_user_model

    from apps.closing.models import YearApproval

    users = get_user_model().objects.filter(username__in=["bench_office", "bench_admin"])
    by_name = dict(users.values_list("username", "pk"))
    leader, admin = by_name["bench_office"], by_name["bench_admin"]
    rng = random.Random(province.rng.random())
    rows = []
    for org in [province.root, *province.districts, *province.bases]:
        for year in APPROVED_YEARS:
            approved_at = datetime.datetime(
                year + 1, 1, 15, 9, 30, tzinfo=VIETNAM
            ) + datetime.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 480))
            if rng.random() < 0.02:
                reopened_at = approved_at + datetime.timedelta(days=3)
                rows.append(YearApproval(
                    organization_id=org.pk, year=year, approved_by_id=leader,
                    approved_at=approved_at, reopened_by_id=admin, reopened_at=reopened_at,
                    reopen_reason="Bổ sung kết quả kiểm tra còn thiếu",
                ))  # fmt: skip
                approved_at += datetime.timedelta(days=7)
            rows.append(YearApproval(organization_id=org.pk, year=year,
                                     approved_by_id=leader, approved_at=approved_at))  # fmt: skip
    YearApproval.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ensure_kinds() -> dict:
    """The default kinds plus a province kind at the top, as an administrator would add."""
    from apps.organizations.defaults import ensure_default_kinds
    from apps.organizations.models import OrganizationKind

    ensure_default_kinds(OrganizationKind)
    province, _created = OrganizationKind.objects.get_or_create(
        code="province",
        defaults={"name": "Đảng bộ tỉnh", "name_en": "Provincial party committee",
                  "level": "superior", "may_be_root": True, "position": 0},
    )  # fmt: skip
    OrganizationKind.objects.get(code="district").allowed_parents.add(province)
    return {kind.code: (kind.pk, kind.level) for kind in OrganizationKind.objects.all()}


# --- the whole run --------------------------------------------------------------------


def generate(members: int = 100_000, *, seed: int = 2026, progress=None,
             check_references: bool = False) -> dict:  # fmt: skip
    """Fill Django's default database with a province of `members` party members.

    Returns the rows written per table. With `check_references`, foreign keys are
    checked as rows go in (slower); otherwise they are trusted during the load.
    """
    from django.db import connection, transaction

    report = progress or (lambda message: None)
    started = time.perf_counter()
    step_started = [started]

    def step(message, rows=None):
        now = time.perf_counter()
        count = f" ({rows:,} rows)" if rows is not None else ""
        report(f"{message}{count} in {now - step_started[0]:.1f}s")
        step_started[0] = now

    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        cursor.execute("SET LOCAL synchronous_commit = off")
        if not check_references:
            # Rows are written in an order where keys may point ahead; the generator
            # builds every reference itself, and the test suite checks them.
            cursor.execute("SET LOCAL session_replication_role = replica")
        copier = Copier(raw)
        ids = Ids(cursor, TABLES_WITH_IDS)
        kinds = ensure_kinds()
        province = Province(members, seed, copier, ids, kinds)
        province.build_tree()
        province.build_topics()
        copier.flush_all()
        step(f"organizations: {len(province.districts)} districts, {len(province.bases)} bases",
             copier.counts[ORGANIZATION])  # fmt: skip
        done = 0
        for index, base in enumerate(province.bases, start=1):
            BaseWriter(province, base).write()
            done += province.allocation.get(base.pk, 0) + sum(
                province.allocation.get(cell.pk, 0) for cell in base.cells if cell is not base
            )
            if index % max(1, len(province.bases) // 10) == 0:
                step(f"bases {index}/{len(province.bases)}: members written", done)
        province.write_superior_sessions()
        write_province_oversight(province)
        write_results(province)
        copier.flush_all()
        users = write_users(province)
        step("resolutions, targets, users", copier.counts[TARGET] + users)
        copier.counts[YEAR_APPROVAL] = write_approvals(province)
        step("year approvals", copier.counts[YEAR_APPROVAL])
        if check_references:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("SET LOCAL session_replication_role = origin")
        reset_sequences(cursor, copier.counts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("sequences reset, ANALYZE")
    counts = dict(sorted(copier.counts.items()))
    counts["accounts_user"] = users
    report(f"total {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f}s")
    return counts


def reset_sequences(cursor, tables):
    """Move each filled table's id sequence past the ids written, so saves get new ones."""
    for table in tables:
        column = "history_id" if "_historical" in table else "id"
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({column}), 1), "
            f"MAX({column}) IS NOT NULL) FROM {table}",
            [table, column],
        )


def sample_records() -> dict:
    """Ids of one of each thing the benchmarks open, the same on every run."""
    from django.contrib.auth import get_user_model

    from apps.members.models import MemberStatus, PartyMember
    from apps.mobilization.models import MobilizationModel
    from apps.organizations.models import PartyOrganization
    from apps.oversight.models import Inspection, Supervision
    from apps.results.models import Resolution
    from apps.studies.models import StudySession, StudyTopic

    def first(queryset):
        return queryset.order_by("pk").values_list("pk", flat=True).first()

    organizations = PartyOrganization.objects.order_by("path")
    root = organizations.filter(parent__isnull=True).first()
    district = organizations.filter(parent=root).first()
    base = organizations.filter(parent=district, kind__code="base-committee").first()
    cell = organizations.filter(parent=base).first()
    sessions = StudySession.objects.filter(organizer=base)
    in_2025 = {"first_year__lte": 2025, "last_year__gte": 2025}
    users = get_user_model().objects.filter(username__startswith="bench_")
    return {
        "root": root.pk,
        "district": district.pk,
        "base_committee": base.pk,
        "base_cell": first(organizations.filter(kind__code="base-cell")),
        "cell": cell.pk,
        "member": first(PartyMember.objects.filter(cell=cell, status__in=MemberStatus.active())),
        "former_member": first(PartyMember.objects.exclude(status__in=MemberStatus.active())),
        "inspection": first(Inspection.objects.filter(performer=base)),
        "district_inspection": first(Inspection.objects.filter(performer=district)),
        "supervision": first(Supervision.objects.filter(performer=base)),
        "session": first(sessions.filter(has_attendance_list=True))
        or first(StudySession.objects.filter(has_attendance_list=True)),
        "session_without_list": first(sessions.filter(has_attendance_list=False)),
        "topic": first(StudyTopic.objects.filter(kind="yearly_topic", year=2025)),
        "mobilization_model": first(
            MobilizationModel.objects.filter(organization__path__startswith=base.path)
        ),
        "resolution": first(Resolution.objects.filter(organization=root, **in_2025)),
        "district_resolution": first(Resolution.objects.filter(organization=district, **in_2025)),
        "year": 2025,
        "users": dict(users.order_by("username").values_list("username", "pk")),
    }


# --- command line ---------------------------------------------------------------------


def migrations_fingerprint() -> str:
    """Changes whenever a migration file or an installed package changes."""
    from importlib import metadata

    digest = hashlib.sha256()
    for path in sorted(PROJECT.glob("apps/*/migrations/*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(PROJECT)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:20]


def template_comment() -> str | None:
    connection = database._server_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [TEMPLATE],
            )
            row = cursor.fetchone()
            return row[0] if row else None
    finally:
        connection.close()


def ensure_template(report=print) -> bool:
    """Migrate the template database unless it is up to date; True if it was migrated."""
    fingerprint = f"migrations {migrations_fingerprint()}"
    if database.exists(TEMPLATE) and template_comment() == fingerprint:
        return False
    started = time.perf_counter()
    database.create(TEMPLATE)
    environment = dict(os.environ, DATABASE_URL=database.database_url(TEMPLATE))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=PROJECT, env=environment, check=True,
    )  # fmt: skip
    connection = database._server_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"COMMENT ON DATABASE {TEMPLATE} IS %s", [fingerprint])
    finally:
        connection.close()
    report(f"template {TEMPLATE} migrated in {time.perf_counter() - started:.1f}s")
    return True


def rename(old: str, new: str):
    from psycopg2 import sql

    database.check_name(old)
    database.check_name(new)
    connection = database._server_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(old), sql.Identifier(new)
                )
            )
    finally:
        connection.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="thoaison_bench")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--check-references", action="store_true",
                        help="check foreign keys while loading (slower)")  # fmt: skip
    options = parser.parse_args(argv)
    database.check_name(options.database)
    if options.database == TEMPLATE:
        parser.error("that name is the template's")
    started = time.perf_counter()

    def report(message):
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", flush=True)

    ensure_template(report)
    building = f"{options.database}_building"
    database.create(building, template=TEMPLATE)
    report(f"{building} created from the template")
    database.use_database(building)
    import django

    django.setup()
    from django.db import connections

    counts = generate(options.members, seed=options.seed, progress=report,
                      check_references=options.check_references)  # fmt: skip
    # Set the visibility map and hint bits now, as a database in service has them,
    # so that the first benchmark does not pay for them (index-only scans need them).
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    report("VACUUM (ANALYZE) done")
    connections.close_all()
    database.drop(options.database)
    rename(building, options.database)
    width = max(len(table) for table in counts)
    for table, count in counts.items():
        print(f"  {table:<{width}} {count:>12,}")
    report(f"{options.database} ready: {options.members:,} members")


if __name__ == "__main__":
    main()
