"""The Thoại Sơn demo's inspections (kiểm tra) and supervisions (giám sát), 2021–2024.

The 2023 figures are those the district published: "Huyện ủy kiểm tra 6 tổ chức Đảng,
20 cán bộ chủ chốt, giám sát 5 tổ chức Đảng, 11 cán bộ. Đảng ủy cơ sở tiến hành kiểm
tra 65 chi bộ trực thuộc, 3.226 đảng viên (52 cấp ủy viên cơ sở); giám sát 65 chi bộ
trực thuộc, 77 đảng viên (41 cấp ủy viên cơ sở) ... chưa phát hiện vi phạm". The
statistics page counts distinct organizations and members per performing level, from
the snapshot each member subject keeps of the event's start date, so the demo picks
its subjects from those snapshots: every member is on one list per level and year,
the 20 district-inspected members were key cadres on the day, exactly 52 (and 41) of
the base committees' members sat on a base committee then and the others did not.

2021 and 2022 have the same kinds of work with smaller, plausible figures, so that the
year-on-year comparison moves; 2022 also has the one violation of the period, an
inspection on signs of violation by the district's inspection commission that ended
in a reprimand. 2024 has the district standing committee's visits to five base
committees from April on (preparing the 2025–2030 congresses) and lighter base-level
work. Nothing goes beyond 30/6/2025, the district's last day.

Member subjects are chosen from one `member_snapshots` call per year, over the members
whose cell and posts did not change that year (their snapshot is the same on every day
of it), and written with that snapshot, the very rows `services.add_members` would
write; calling it for each of the few hundred events would cost seconds per load.
Everything comes from one seeded random generator, so every load gives the same
records. Events are saved one by one, subjects in bulk; a district that already has
inspections is left alone.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from apps.members.demo import RECORDS_UNTIL
from apps.members.models import Discipline, Membership, Position
from apps.organizations.demo import DISTRICT_CODE
from apps.organizations.models import PartyOrganization

from .models import (
    Inspection,
    InspectionConclusion,
    InspectionKind,
    InspectionSubject,
    Level,
    PerformingBody,
    Supervision,
    SupervisionConclusion,
    SupervisionKind,
    SupervisionSubject,
    member_snapshots,
)

date = datetime.date
days = datetime.timedelta

SEED = 22  # Quy định 22-QĐ/TW on inspection, supervision and discipline
BATCH_SIZE = 500


@dataclass(frozen=True)
class YearPlan:
    """How many distinct subjects each level looked at in a year."""

    # The district committee and its bodies: base organizations and key cadres.
    district_inspected_organizations: int
    district_inspected_cadres: int
    district_supervised_organizations: int
    district_supervised_cadres: int
    # The base committees: their cells and members, "of whom" base committee members.
    inspected_cells: int
    inspected_members: int
    inspected_committee_members: int
    supervised_cells: int
    supervised_members: int
    supervised_committee_members: int


PLANS = {
    2021: YearPlan(4, 14, 3, 8, 58, 2874, 46, 60, 70, 37),
    2022: YearPlan(5, 16, 4, 9, 61, 3018, 49, 62, 72, 39),
    2023: YearPlan(6, 20, 5, 11, 65, 3226, 52, 65, 77, 41),  # the published figures
    # The district's own 2024 inspections are the five visits below.
    2024: YearPlan(0, 0, 3, 7, 42, 1850, 31, 47, 58, 30),
}

# Share of inspected cells found with shortcomings to remedy (never a violation).
SHORTCOMING_SHARE = 0.12
SHORTCOMING_NOTES = [
    "Sổ sách, biên bản sinh hoạt chi bộ ghi chép chưa đầy đủ.",
    "Nội dung sinh hoạt chuyên đề chưa thường xuyên, chất lượng chưa cao.",
    "Việc thu, nộp đảng phí có lúc chưa đúng thời gian quy định.",
    "Chưa kịp thời xây dựng kế hoạch kiểm tra, giám sát năm.",
]

# The thematic supervision of each year, by base committees and the district alike.
THEMES = {
    2021: "Giám sát chuyên đề việc lãnh đạo tổ chức bầu cử đại biểu Quốc hội khóa XV và "
    "đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026",
    2022: "Giám sát chuyên đề việc thực hiện Kết luận 21-KL/TW của Hội nghị Trung ương 4 "
    "khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    2023: "Giám sát chuyên đề việc thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh "
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    2024: "Giám sát chuyên đề việc thực hiện Quy định 144-QĐ/TW của Bộ Chính trị về chuẩn "
    "mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
}
# What the district's inspection commission inspects in agency base organizations.
DISTRICT_MONEY_KINDS = {
    2021: InspectionKind.FINANCES,
    2022: InspectionKind.OVERSIGHT_DUTIES,
    2023: InspectionKind.PARTY_FEES,
    2024: InspectionKind.PARTY_FEES,
}

COMPLIANCE = "Kiểm tra việc chấp hành Điều lệ Đảng, nghị quyết, chỉ thị của Đảng năm {year}"
MEMBERS_COMPLIANCE = (
    "Kiểm tra đảng viên chấp hành Điều lệ Đảng, nghị quyết, chỉ thị, quy định của Đảng và "
    "thực hiện nhiệm vụ đảng viên năm {year} (đợt {round})"
)
KEY_CADRES_COMPLIANCE = (
    "Kiểm tra cán bộ chủ chốt diện Ban Thường vụ Huyện ủy quản lý trong việc thực hiện "
    "chức trách, nhiệm vụ được giao và kê khai tài sản, thu nhập năm {year}"
)
CONTENTS = {
    InspectionKind.PARTY_FEES: "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    InspectionKind.FINANCES: "Kiểm tra việc quản lý, sử dụng tài chính, tài sản của Đảng",
    InspectionKind.OVERSIGHT_DUTIES: "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát "
    "và thi hành kỷ luật trong Đảng",
}
REGULAR = (
    "Giám sát thường xuyên đối với cấp ủy viên, bí thư chi bộ và đảng viên trong việc thực "
    "hiện chức trách, nhiệm vụ được giao năm {year}"
)
DISTRICT_REGULAR = (
    "Giám sát thường xuyên đối với cán bộ chủ chốt diện Ban Thường vụ Huyện ủy quản lý năm {year}"
)

# The district standing committee's 2024 working visits (code suffix, day).
VISITS = [
    ("PH", date(2024, 4, 9)),
    ("OE", date(2024, 4, 16)),
    ("BT", date(2024, 4, 23)),
    ("VTH", date(2024, 5, 7)),
    ("TG", date(2024, 5, 14)),
]
VISITS_DECIDED_ON = date(2024, 3, 27)
VISIT_CONTENT = (
    "Làm việc với Ban Thường vụ Đảng ủy về kết quả rà soát, điều chỉnh quy chế làm việc, "
    "xây dựng, triển khai chương trình công tác năm 2024 và chuẩn bị Đại hội Đảng bộ nhiệm "
    "kỳ 2025 - 2030"
)
VISIT_SUMMARY = (
    "Đoàn công tác của Ban Thường vụ Huyện ủy do đồng chí Nguyễn Như Anh, Bí thư Huyện ủy, "
    "làm trưởng đoàn làm việc với Ban Thường vụ {committee}. Đảng ủy đã rà soát, điều chỉnh "
    "quy chế làm việc, xây dựng và triển khai chương trình công tác năm 2024, chuẩn bị các "
    "điều kiện tiến hành Đại hội Đảng bộ nhiệm kỳ 2025 - 2030; đoàn ghi nhận kết quả và góp "
    "ý những nội dung cần tập trung thực hiện."
)

# The 2022 inspection on signs of violation and the reprimand that followed.
VIOLATION_YEAR = 2022
VIOLATION_STARTED_ON = date(2022, 8, 16)
VIOLATION_CONTENT = (
    "Kiểm tra khi có dấu hiệu vi phạm đối với đảng viên trong việc thực hiện nhiệm vụ được "
    "giao về quản lý đất đai, xác nhận hồ sơ chuyển mục đích sử dụng đất"
)
VIOLATION_NOTE = (
    "Thiếu trách nhiệm trong việc thẩm định, xác nhận hồ sơ chuyển mục đích sử dụng đất, "
    "vi phạm Quy định 37-QĐ/TW về những điều đảng viên không được làm."
)
DISCIPLINE_BODY = "Ủy ban Kiểm tra Huyện ủy Thoại Sơn"


@dataclass(eq=False)
class _Entry:
    """One event as planned: the unsaved event, its subjects and who numbers its decision."""

    event: Inspection | Supervision
    issuer: str  # the suffix of its decision number: HU, UBKTHU, ĐU, UBKTĐU
    organizations: list = field(default_factory=list)  # (organization, conclusion, note)
    member_ids: list = field(default_factory=list)
    decision_group: str = ""  # entries of one group share one decision
    member_conclusion: str = ""  # the conclusion field's default unless set
    summary: str = ""


def _issuer(performer: PartyOrganization, body: str) -> str:
    district = performer.kind.level == Level.SUPERIOR
    if body == PerformingBody.INSPECTION_COMMISSION:
        return "UBKTHU" if district else "UBKTĐU"
    return "HU" if district else "ĐU"


class _DemoOversight:
    """Plans every year's events in memory, then saves them in date order."""

    def __init__(self, district: PartyOrganization):
        self.rng = random.Random(SEED)
        self.district = district
        organizations = list(
            PartyOrganization.objects.filter(path__startswith=district.path)
            .select_related("kind")
            .order_by("code")
        )
        self.by_code = {o.code: o for o in organizations}
        self.paths = {o.pk: o.path for o in organizations}
        self.base_organizations = [o for o in organizations if o.kind.level == Level.BASE]
        self.committees = [o for o in self.base_organizations if not o.kind.holds_members]
        self.communes = [o for o in self.committees if o.commune_id]
        self.cells_of = {
            committee.pk: [
                o for o in organizations if o.parent_id == committee.pk and o.kind.holds_members
            ]
            for committee in self.committees
        }
        self.entries: list[_Entry] = []
        self.snapshots: dict[int, dict] = {}
        self.violation: _Entry | None = None

    # --- helpers -------------------------------------------------------------------

    def _day(self, year: int, first_month: int, last_month: int) -> date:
        return date(year, self.rng.randint(first_month, last_month), self.rng.randint(1, 28))

    def _apportion(self, total: int, organizations) -> dict:
        """`total` shared out evenly, the remainder to randomly chosen organizations."""
        share, extra = divmod(total, len(organizations))
        lucky = set(self.rng.sample(range(len(organizations)), extra))
        return {o.pk: share + (index in lucky) for index, o in enumerate(organizations)}

    def _entry(self, model, performer, body, kind, started_on, content, length=(5, 30)):
        rng = self.rng
        year = started_on.year
        ended_on = min(started_on + days(rng.randint(*length)), date(year, 12, 28))
        if kind in (InspectionKind.PARTY_FEES, InspectionKind.FINANCES):
            period = (date(year - 1, 1, 1), date(year - 1, 12, 31))  # last year's accounts
        else:
            period = (date(year, 1, 1), ended_on)
        event = model(
            performer=performer,
            body=body,
            kind=kind,
            decided_on=started_on - days(rng.randint(6, 20)),
            period_start=period[0],
            period_end=period[1],
            started_on=started_on,
            ended_on=min(ended_on, RECORDS_UNTIL),
            content=content,
        )
        entry = _Entry(event, _issuer(performer, body))
        self.entries.append(entry)
        return entry

    def _inspected(self, cells) -> list:
        """Cells with their conclusions: mostly no violation, a few shortcomings."""
        inspected = []
        for cell in cells:
            if self.rng.random() < SHORTCOMING_SHARE:
                note = self.rng.choice(SHORTCOMING_NOTES)
                inspected.append((cell, InspectionConclusion.SHORTCOMINGS, note))
            else:
                inspected.append((cell, InspectionConclusion.NO_VIOLATION, ""))
        return inspected

    def _year_snapshots(self, year: int) -> dict:
        """{member id: snapshot} of the members whose snapshot holds all through `year`.

        They were in one cell the whole year and took up or left no post in it, so the
        snapshot of 1 January is that of any day of the year: one call per year instead
        of one per event. Members admitted, transferred or promoted during the year are
        left out of its lists, which real plans do too.
        """
        if year not in self.snapshots:
            first, last = date(year, 1, 1), date(year, 12, 31)
            changing = Position.objects.filter(
                Q(started_on__gt=first, started_on__lte=last)
                | Q(ended_on__gt=first, ended_on__lte=last)
            ).values_list("member_id", flat=True)
            steady = (
                Membership.objects.filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gt=last),
                    started_on__lte=first,
                    organization_id__in=list(self.paths),
                )
                .exclude(member_id__in=changing)
                .values_list("member_id", flat=True)
            )
            snapshots = member_snapshots(steady, first)
            self.snapshots[year] = dict(sorted(snapshots.items()))
        return self.snapshots[year]

    def _snapshots_in(self, organizations, year: int) -> dict:
        """{member id: snapshot} of the year's steady members in `organizations` (cells)."""
        cells = {o.pk for o in organizations}
        return {m: s for m, s in self._year_snapshots(year).items() if s[0] in cells}

    def _key_cadres(self, year: int) -> dict:
        """{member id: cell id} of the year's steady key cadres."""
        return {m: s[0] for m, s in self._year_snapshots(year).items() if s[2]}

    def _under(self, cell_id, organizations) -> bool:
        return any(self.paths[cell_id].startswith(o.path) for o in organizations)

    # --- the district committee ----------------------------------------------------

    def _plan_district_inspections(self, year: int, plan: YearPlan):
        if not plan.district_inspected_organizations:
            return
        rng = self.rng
        body = PerformingBody
        agencies = [o for o in self.base_organizations if not o.commune_id]
        elsewhere = max(1, plan.district_inspected_organizations // 3)
        communes = rng.sample(self.communes, plan.district_inspected_organizations - elsewhere)

        # The standing committee inspects communes and their key cadres ...
        entry = self._entry(
            Inspection,
            self.district,
            body.STANDING_COMMITTEE,
            InspectionKind.COMPLIANCE,
            self._day(year, 4, 5),
            COMPLIANCE.format(year=year),
            (20, 45),
        )
        entry.organizations = self._inspected(communes)
        cadres = self._key_cadres(year)
        local = [m for m, cell_id in cadres.items() if self._under(cell_id, communes)]
        wanted = round(0.6 * plan.district_inspected_cadres)
        entry.member_ids = rng.sample(local, min(len(local), wanted))
        others = [m for m in cadres if m not in entry.member_ids]
        rest = plan.district_inspected_cadres - len(entry.member_ids)

        # ... its inspection commission the money of agency organizations ...
        kind = DISTRICT_MONEY_KINDS[year]
        entry = self._entry(
            Inspection,
            self.district,
            body.INSPECTION_COMMISSION,
            kind,
            self._day(year, 6, 8),
            CONTENTS[kind],
            (15, 30),
        )
        entry.organizations = self._inspected(rng.sample(agencies, elsewhere))

        # ... and the other key cadres.
        entry = self._entry(
            Inspection,
            self.district,
            body.INSPECTION_COMMISSION,
            InspectionKind.COMPLIANCE,
            self._day(year, 8, 9),
            KEY_CADRES_COMPLIANCE.format(year=year),
            (20, 40),
        )
        entry.member_ids = rng.sample(others, rest)

    def _plan_district_supervisions(self, year: int, plan: YearPlan):
        if not plan.district_supervised_organizations:
            return
        rng = self.rng
        agencies = [o for o in self.base_organizations if not o.commune_id]
        supervised = rng.sample(self.communes, plan.district_supervised_organizations - 1)
        supervised.append(rng.choice(agencies))
        entry = self._entry(
            Supervision,
            self.district,
            PerformingBody.STANDING_COMMITTEE,
            SupervisionKind.THEMATIC,
            self._day(year, 5, 7),
            THEMES[year],
            (20, 45),
        )
        entry.organizations = [(o, SupervisionConclusion.NO_SIGNS, "") for o in supervised]
        cadres = self._key_cadres(year)
        local = [m for m, cell_id in cadres.items() if self._under(cell_id, supervised)]
        entry.member_ids = rng.sample(local, min(len(local), plan.district_supervised_cadres // 2))
        others = [m for m in cadres if m not in entry.member_ids]
        rest = plan.district_supervised_cadres - len(entry.member_ids)

        # The inspection commission follows the other key cadres over the year.
        entry = self._entry(
            Supervision,
            self.district,
            PerformingBody.INSPECTION_COMMISSION,
            SupervisionKind.REGULAR,
            self._day(year, 3, 4),
            DISTRICT_REGULAR.format(year=year),
            (200, 260),
        )
        entry.member_ids = rng.sample(others, rest)

    def _plan_violation(self):
        """The 2022 inspection on signs of violation of a commune civil servant."""
        day = VIOLATION_STARTED_ON
        government = [self.by_code[f"{c.code}-CQ"] for c in self.communes]
        snapshots = self._snapshots_in(government, day.year)
        plain = [m for m, (_cell, level, cadre) in snapshots.items() if not level and not cadre]
        entry = self._entry(
            Inspection,
            self.district,
            PerformingBody.INSPECTION_COMMISSION,
            InspectionKind.SIGNS_OF_VIOLATION,
            day,
            VIOLATION_CONTENT,
            (40, 45),
        )
        entry.event.period_start = date(2020, 1, 1)
        entry.event.period_end = date(2022, 6, 30)
        entry.member_ids = [self.rng.choice(plain)]
        entry.member_conclusion = InspectionConclusion.VIOLATION
        entry.summary = (
            "Đảng viên được kiểm tra có vi phạm Quy định về những điều đảng viên không được "
            "làm, đến mức phải xem xét, xử lý kỷ luật."
        )
        self.violation = entry

    def _plan_visits(self):
        """The district standing committee's 2024 working visits to five base committees."""
        for suffix, day in VISITS:
            committee = self.by_code[f"{DISTRICT_CODE}-{suffix}"]
            entry = self._entry(
                Inspection,
                self.district,
                PerformingBody.STANDING_COMMITTEE,
                InspectionKind.COMPLIANCE,
                day,
                VISIT_CONTENT,
                (0, 0),
            )
            entry.event.decided_on = VISITS_DECIDED_ON
            entry.event.period_start = date(2024, 1, 1)
            entry.event.period_end = day
            entry.decision_group = "visits-2024"
            entry.organizations = [(committee, InspectionConclusion.NO_VIOLATION, "")]
            entry.summary = VISIT_SUMMARY.format(
                committee=committee.name.replace("Đảng bộ", "Đảng ủy", 1)
            )

    # --- the base committees -------------------------------------------------------

    def _choose_members(self, candidates, committee_quota: dict, total: int, prefer=None):
        """Give each planned entry its members, exactly as many as the figures say.

        `candidates` holds (committee id, entry, member id, committee level), one row
        per member. Each committee gets its quota of base committee members; the
        others (`total` less those) are drawn from every committee's rest, the
        `prefer`red committee level first.
        """
        rng = self.rng
        committee_members = defaultdict(list)
        rest = []
        for committee_id, entry, member_id, level in candidates:
            if level == Level.BASE:
                committee_members[committee_id].append((entry, member_id))
            else:
                rest.append((entry, member_id, level))
        chosen = []
        for committee_id, quota in committee_quota.items():
            chosen += rng.sample(committee_members[committee_id], quota)
        wanted = total - len(chosen)
        if prefer is None:
            chosen += [(e, m) for e, m, _level in rng.sample(rest, wanted)]
        else:
            first = [(e, m) for e, m, level in rest if level == prefer]
            others = [(e, m) for e, m, level in rest if level != prefer]
            picked = rng.sample(first, min(wanted, len(first)))
            chosen += picked + rng.sample(others, wanted - len(picked))
        for entry, member_id in chosen:
            entry.member_ids.append(member_id)

    def _plan_base_inspections(self, year: int, plan: YearPlan):
        rng = self.rng
        cell_quota = self._apportion(plan.inspected_cells, self.committees)
        candidates = []
        for committee in self.committees:
            cells = self.cells_of[committee.pk]
            leading = (
                PerformingBody.STANDING_COMMITTEE
                if committee.commune_id
                else PerformingBody.EXECUTIVE_COMMITTEE
            )
            inspected = rng.sample(cells, cell_quota[committee.pk])
            entry = self._entry(
                Inspection,
                committee,
                leading,
                InspectionKind.COMPLIANCE,
                self._day(year, 4, 6),
                COMPLIANCE.format(year=year),
            )
            entry.organizations = self._inspected(inspected[:-1])
            entry = self._entry(
                Inspection,
                committee,
                PerformingBody.INSPECTION_COMMISSION,
                InspectionKind.PARTY_FEES,
                self._day(year, 7, 9),
                CONTENTS[InspectionKind.PARTY_FEES],
            )
            entry.organizations = self._inspected(inspected[-1:])
            # Members are inspected cell by cell, in two rounds over the year.
            half = (len(cells) + 1) // 2
            for number, (group, months) in enumerate(
                [(cells[:half], (3, 5)), (cells[half:], (8, 10))], start=1
            ):
                entry = self._entry(
                    Inspection,
                    committee,
                    PerformingBody.INSPECTION_COMMISSION,
                    InspectionKind.COMPLIANCE,
                    self._day(year, *months),
                    MEMBERS_COMPLIANCE.format(year=year, round=number),
                    (20, 45),
                )
                snapshots = self._snapshots_in(group, year)
                candidates += [(committee.pk, entry, m, s[1]) for m, s in snapshots.items()]
        quota = self._apportion(plan.inspected_committee_members, self.committees)
        self._choose_members(candidates, quota, plan.inspected_members)

    def _plan_base_supervisions(self, year: int, plan: YearPlan):
        rng = self.rng
        cell_quota = self._apportion(plan.supervised_cells, self.committees)
        candidates = []
        for committee in self.committees:
            cells = self.cells_of[committee.pk]
            leading = (
                PerformingBody.STANDING_COMMITTEE
                if committee.commune_id
                else PerformingBody.EXECUTIVE_COMMITTEE
            )
            entry = self._entry(
                Supervision,
                committee,
                leading,
                SupervisionKind.THEMATIC,
                self._day(year, 5, 8),
                THEMES[year],
            )
            entry.organizations = [
                (cell, SupervisionConclusion.NO_SIGNS, "")
                for cell in rng.sample(cells, cell_quota[committee.pk])
            ]
            entry = self._entry(
                Supervision,
                committee,
                PerformingBody.INSPECTION_COMMISSION,
                SupervisionKind.REGULAR,
                self._day(year, 3, 4),
                REGULAR.format(year=year),
                (200, 250),
            )
            snapshots = self._snapshots_in(cells, year)
            candidates += [(committee.pk, entry, m, s[1]) for m, s in snapshots.items()]
        quota = self._apportion(plan.supervised_committee_members, self.committees)
        self._choose_members(candidates, quota, plan.supervised_members, Level.BELOW_BASE)

    # --- writing -------------------------------------------------------------------

    def plan(self):
        for year, plan in PLANS.items():
            self._plan_district_inspections(year, plan)
            self._plan_district_supervisions(year, plan)
            self._plan_base_inspections(year, plan)
            self._plan_base_supervisions(year, plan)
            if year == VIOLATION_YEAR:
                self._plan_violation()
        self._plan_visits()

    def _number_decisions(self):
        """Decision numbers rise through each issuer's year, as a register's would."""
        rng = self.rng
        numbers, groups = {}, {}
        self.entries.sort(
            key=lambda e: (e.event.decided_on, e.event.performer.code, e.event.started_on)
        )
        for entry in self.entries:
            event = entry.event
            if entry.decision_group in groups:
                event.decision_number = groups[entry.decision_group]
                continue
            key = (event.performer.pk, entry.issuer, event.decided_on.year)
            district = entry.issuer.endswith("HU")
            if key not in numbers:
                numbers[key] = rng.randint(18, 40) if district else rng.randint(2, 9)
            else:
                numbers[key] += rng.randint(3, 12) if district else rng.randint(1, 4)
            event.decision_number = f"{numbers[key]:02d}-QĐ/{entry.issuer}"
            if entry.decision_group:
                groups[entry.decision_group] = event.decision_number

    def _summary(self, entry: _Entry) -> str:
        if entry.summary:
            return entry.summary
        parts = []
        if entry.organizations:
            parts.append(f"{len(entry.organizations)} tổ chức đảng")
        if entry.member_ids:
            parts.append(f"{len(entry.member_ids)} đảng viên")
        looked_at = " và ".join(parts)
        if isinstance(entry.event, Supervision):
            return f"Giám sát {looked_at}: chưa phát hiện dấu hiệu vi phạm."
        remedied = sum(
            1 for _o, conclusion, _n in entry.organizations
            if conclusion == InspectionConclusion.SHORTCOMINGS
        )  # fmt: skip
        summary = f"Kiểm tra {looked_at}: chấp hành tốt, chưa phát hiện vi phạm."
        if remedied:
            summary += f" Chỉ ra hạn chế để {remedied} chi bộ khắc phục."
        return summary

    def _member_subjects(self, entry: _Entry) -> list:
        """The entry's member subjects with the snapshot of the event's start date.

        These are the rows `services.add_members` would write: every member was chosen
        from the year's steady snapshots, in a cell under the performer all year.
        """
        event = entry.event
        subject_model = event.subject_model()
        snapshots = self.snapshots[event.started_on.year]
        conclusion = entry.member_conclusion or subject_model._meta.get_field("conclusion").default
        subjects = []
        for member_id in sorted(entry.member_ids):
            cell_id, committee_level, key_cadre = snapshots[member_id]
            subjects.append(
                subject_model(
                    event=event,
                    member_id=member_id,
                    organization_id=cell_id,
                    committee_level=committee_level,
                    was_key_cadre=key_cadre,
                    conclusion=conclusion,
                )
            )
        return subjects

    def _discipline(self, subject: InspectionSubject):
        """The reprimand that followed the 2022 violation, linked to its subject."""
        number = int(subject.event.decision_number.split("-", 1)[0])
        subject.discipline = Discipline.objects.create(
            member_id=subject.member_id,
            form=Discipline.Form.REPRIMAND,
            decided_on=subject.event.ended_on + days(21),
            deciding_body=DISCIPLINE_BODY,
            decision=f"{number + self.rng.randint(2, 6)}-QĐ/UBKTHU",
            reason=VIOLATION_NOTE,
        )
        subject.discipline_required = True
        subject.note = VIOLATION_NOTE

    def write(self) -> int:
        self._number_decisions()
        subjects = {InspectionSubject: [], SupervisionSubject: []}
        for entry in self.entries:
            entry.event.summary = self._summary(entry)
            entry.event.save()
            subject_model = entry.event.subject_model()
            subjects[subject_model] += [
                subject_model(event=entry.event, organization=o, conclusion=c, note=note)
                for o, c, note in entry.organizations
            ]
            members = self._member_subjects(entry)
            if entry is self.violation:
                self._discipline(members[0])
            subjects[subject_model] += members
        for model, rows in subjects.items():
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.entries)


@transaction.atomic
def load_oversight() -> int:
    """Create the demo's inspections and supervisions; returns how many events it made.

    Does nothing (and returns 0) when the district has no members yet or already has
    inspections, demo or real.
    """
    district = PartyOrganization.objects.filter(code=DISTRICT_CODE).first()
    if (
        district is None
        or not Membership.objects.filter(organization__path__startswith=district.path).exists()
    ):
        return 0
    if Inspection.objects.filter(performer__path__startswith=district.path).exists():
        return 0
    demo = _DemoOversight(district)
    demo.plan()
    return demo.write()
