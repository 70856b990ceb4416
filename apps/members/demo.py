"""The Thoại Sơn demo's party members, from the 1960s to mid-2025.

The figures follow the seed article and the district's public reports: 4,560 members
active at the end of 2023 (the seed's 4,530 who studied the yearly topic were "over
99%"), exactly 133 admitted in 2023, and 558 admitted in 2015–2020 as reported to the
2020 congress. Around them, so that history and year-on-year comparisons have something
to show: a few hundred members who died, moved away or were struck off before 2023,
deaths and transfers in 2023 and after, the admissions of 2024 and of the first half of
2025, transfers between cells, the 2020–2025 committees and cell secretaries, ratings
for 2022–2024, party badges, and the candidates waiting in mid-2025. Records stop on
30/6/2025, the district's last day, so members admitted after mid-2024 are still
probationary.

Everything comes from one seeded random generator, so every load produces the same
people. Rows are written with `bulk_create`; a database that already holds members in
the district is left alone.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.core.text import fold, person_sort_key
from apps.organizations.demo import DISTRICT_CODE
from apps.organizations.models import PartyOrganization

from .models import (
    BADGE_YEARS,
    Badge,
    Candidate,
    Gender,
    Grade,
    MemberEvent,
    MemberRating,
    Membership,
    MemberStatus,
    OrganizationRating,
    PartyMember,
    PoliticalTheory,
    Position,
    add_months,
)

date = datetime.date
days = datetime.timedelta

SEED = 2023
BATCH_SIZE = 500

# --- the figures the demo is shaped to --------------------------------------------------

REPORT_YEAR = 2023
REPORT_DAY = date(REPORT_YEAR, 12, 31)
ACTIVE_AT_END_OF_REPORT_YEAR = 4560
# Admissions per year (by admission ceremony). 2015–2020 add up to the 558 of the 2020
# congress report; 2023 is the seed's 133; 2025 covers January to June only.
ADMISSIONS = {
    2015: 88,
    2016: 91,
    2017: 95,
    2018: 97,
    2019: 92,
    2020: 95,
    2021: 104,
    2022: 112,
    2023: 133,
    2024: 121,
    2025: 84,
}
OLDEST_ADMISSION_YEAR = 1960
# Members admitted before 2015 and still active: as many for each year from 1995 to
# 2014 (about a hundred), fewer and fewer before.
SURVIVORS_LEVEL_AFTER = 1995 - OLDEST_ADMISSION_YEAR + 5
RECORDS_UNTIL = date(2025, 6, 30)  # the district's last day (Nghị quyết 1654/NQ-UBTVQH15)

# Members who left: (status, from, until, how many); they come on top of the active ones.
LEAVERS = [
    (MemberStatus.DECEASED, date(1985, 1, 1), date(2022, 12, 31), 205),
    (MemberStatus.TRANSFERRED_OUT, date(1990, 1, 1), date(2022, 12, 31), 118),
    (MemberStatus.REMOVED, date(2005, 1, 1), date(2022, 12, 31), 9),
    (MemberStatus.DECEASED, date(2023, 1, 1), date(2023, 12, 31), 19),
    (MemberStatus.TRANSFERRED_OUT, date(2023, 1, 1), date(2023, 12, 31), 11),
]
# Members active at the end of the report year who left afterwards (until RECORDS_UNTIL).
DECEASED_LATER = 26
TRANSFERRED_OUT_LATER = 14

TRANSFER_SHARE = 0.05  # members who moved between cells of the district
CARD_SHARE = 0.95  # official members whose card number is on record
PERSONAL_ID_SHARE = 0.85  # current members whose personal ID is on record

# Members active at the end of the report year per cell, by kind of cell.
HAMLET, COMMUNE_AGENCY, AGENCY, BASE_CELL = "hamlet", "commune_agency", "agency", "base_cell"
CELL_SIZES = {HAMLET: (12, 25), COMMUNE_AGENCY: (5, 12), AGENCY: (4, 10), BASE_CELL: (5, 25)}
MAX_REPORT_YEAR_ADMISSIONS_PER_CELL = 3
# Members of agency, school and company cells retire by this age; older ones live and
# take part in the hamlet cells.
RETIREMENT_AGE = 60
OLDEST_BIRTH_YEAR = 1930
WORKING_ADMITTED_SINCE = 1990  # they fill the working cells' seats

# Posts of the 2020–2025 term.
COMMUNE_TERM_START = date(2020, 10, 1)
AGENCY_TERM_START = date(2020, 7, 20)
COMMUNE_COMMITTEE_SIZE = 13
AGENCY_COMMITTEE_SIZE = 9
KEY_CADRES = 60  # held at the end of the report year
# In 2022 a few commune secretaries were moved to posts in the district's party office
# (the first deputy took over) and a few cells changed secretary.
COMMUNE_SECRETARIES_MOVED = 3
DISTRICT_OFFICE_COMMITTEE = f"{DISTRICT_CODE}-DDT"
CELL_SECRETARIES_REPLACED = 5

RATED_YEARS = (2022, 2023, 2024)
# Hướng dẫn 25-HD/BTCTW (2023–2024): "excellent" at most 20% of "good" in an organization.
EXCELLENT_CAP = 0.2
MEMBER_GRADES = {Grade.EXCELLENT: 15, Grade.GOOD: 74.5, Grade.COMPLETED: 10,
                 Grade.NOT_COMPLETED: 0.5}  # fmt: skip
ORGANIZATION_GRADES = {Grade.EXCELLENT: 15, Grade.GOOD: 77, Grade.COMPLETED: 8}
CANDIDATES = 36

# --- names and places -----------------------------------------------------------------

FAMILY_NAMES = {
    "Nguyễn": 31, "Trần": 11, "Lê": 9, "Huỳnh": 6, "Võ": 6, "Phạm": 5, "Phan": 4,
    "Trương": 3, "Bùi": 2, "Đặng": 2, "Đỗ": 2, "Ngô": 2, "Hồ": 2, "Dương": 2, "Lâm": 2,
    "Tô": 1, "Châu": 1, "Lý": 1, "Đinh": 1, "Mai": 1, "Cao": 1, "Đoàn": 1, "Lưu": 1,
    "Thái": 1, "Hà": 1,
}  # fmt: skip
HOA_FAMILY_NAMES = ["Lâm", "Lý", "Quách", "Trịnh", "Tăng", "Diệp", "La", "Mã", "Hứa", "Châu"]
MALE_MIDDLE_NAMES = ["Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Ngọc", "Công", "Đức", "Tấn",
                     "Phước", "Trung", "Chí", "Hồng"]  # fmt: skip
FEMALE_MIDDLE_NAMES = ["Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Hồng", "Bích", "Tuyết"]
MALE_GIVEN_NAMES = [
    "Anh", "Bình", "Cường", "Dũng", "Hùng", "Nam", "Tâm", "Trí", "Tuấn", "Hải", "Hiếu",
    "Hòa", "Huy", "Khang", "Khánh", "Kiệt", "Lộc", "Long", "Lợi", "Minh", "Nghĩa", "Nhân",
    "Phát", "Phong", "Phúc", "Quang", "Sang", "Sơn", "Tài", "Tân", "Thắng", "Thành",
    "Thiện", "Thịnh", "Thuận", "Tiến", "Toàn", "Trung", "Vinh", "Vũ", "Hậu", "Đạt", "Đức",
    "Hưng", "Luân", "Phương",
]  # fmt: skip
FEMALE_GIVEN_NAMES = [
    "Anh", "Lan", "Mai", "Phương", "Tâm", "Thảo", "Vân", "Yến", "Hạnh", "Hằng", "Hoa",
    "Hồng", "Hương", "Huyền", "Linh", "Loan", "Ly", "Nga", "Ngân", "Nhung", "Nhi", "Oanh",
    "Quyên", "Thanh", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Xuân", "Diễm", "Duyên",
    "Hiền", "Hân", "Giang", "Kiều", "Liên", "Ngọc", "My", "Thư", "Vy",
]  # fmt: skip
# Khmer names in An Giang: "Chau" for men, "Néang" for women, then the personal name.
KHMER_MIDDLE_NAMES = ["Sóc", "Sa", "Ri", "Sô", "Hên", "Ty"]
KHMER_MALE_GIVEN_NAMES = ["Kha", "Ly", "Vanh", "Ra", "Thol", "Phết", "Rinh", "Khol", "Đa", "Ren"]
KHMER_FEMALE_GIVEN_NAMES = ["Phia", "Rây", "Na", "Thy", "Chanh", "Ni", "Pha", "Mây", "Sa", "Ly"]

ETHNICITIES = {"Kinh": 94, "Khmer": 4, "Hoa": 2}
RELIGIONS = {
    "Kinh": {"Không": 80, "Phật giáo Hòa Hảo": 9, "Phật giáo": 7, "Công giáo": 2, "Cao Đài": 2},
    "Khmer": {"Phật giáo": 70, "Không": 30},
    "Hoa": {"Không": 60, "Phật giáo": 40},
}
OTHER_ORIGINS = [
    "phường Mỹ Long, thành phố Long Xuyên, tỉnh An Giang",
    "phường Mỹ Thới, thành phố Long Xuyên, tỉnh An Giang",
    "xã Vĩnh Hanh, huyện Châu Thành, tỉnh An Giang",
    "xã Bình Hòa, huyện Châu Thành, tỉnh An Giang",
    "thị trấn Chợ Mới, huyện Chợ Mới, tỉnh An Giang",
    "xã Mỹ Hội Đông, huyện Chợ Mới, tỉnh An Giang",
    "thị trấn Phú Mỹ, huyện Phú Tân, tỉnh An Giang",
    "xã Tân An, thị xã Tân Châu, tỉnh An Giang",
    "thị trấn Tân Hiệp, huyện Tân Hiệp, tỉnh Kiên Giang",
    "phường Thới Bình, quận Ninh Kiều, thành phố Cần Thơ",
    "phường 1, thành phố Cao Lãnh, tỉnh Đồng Tháp",
]
KHMER_ORIGINS = [
    "xã Châu Lăng, huyện Tri Tôn, tỉnh An Giang",
    "xã Lương Phi, huyện Tri Tôn, tỉnh An Giang",
    "xã Ô Lâm, huyện Tri Tôn, tỉnh An Giang",
    "xã Lê Trì, huyện Tri Tôn, tỉnh An Giang",
]
HOA_ORIGINS = [
    "phường Châu Phú A, thành phố Châu Đốc, tỉnh An Giang",
    "phường Mỹ Long, thành phố Long Xuyên, tỉnh An Giang",
]
DESTINATIONS = [
    "Đảng bộ thành phố Long Xuyên",
    "Đảng bộ huyện Châu Thành",
    "Đảng bộ huyện Tri Tôn",
    "Đảng bộ huyện Chợ Mới",
    "Đảng bộ Công an tỉnh An Giang",
    "Đảng bộ Quân sự tỉnh An Giang",
    "Đảng bộ huyện Tân Hiệp, tỉnh Kiên Giang",
    "Đảng bộ quận Ninh Kiều, thành phố Cần Thơ",
    "Đảng bộ Thành phố Hồ Chí Minh",
]
PERSONAL_ID_PROVINCE = "089"  # An Giang's code in the 12-digit personal ID

HAMLET_OCCUPATIONS = {"Nông dân": 45, "Buôn bán": 12, "Cán bộ ấp": 10, "Giáo viên": 6,
                      "Công nhân": 5, "Lao động tự do": 8}  # fmt: skip
HAMLET_EXPERTISE = ["Trung cấp Nông nghiệp", "Sơ cấp nghề", "Trung cấp Kế toán"]
# Occupation and qualifications in the other cells: by the commune cell's code, by the
# agency committee's code, or by a word of the base cell's name ("" for the rest).
WORK_PROFILES = {
    "CQD": ("Cán bộ xã", ["Đại học Hành chính", "Đại học Luật", "Trung cấp Hành chính"]),
    "CQ": ("Công chức xã", ["Đại học Luật", "Đại học Kinh tế", "Đại học Quản lý đất đai"]),
    "CA": ("Công an", ["Đại học Cảnh sát nhân dân", "Trung cấp Cảnh sát nhân dân"]),
    "QS": ("Quân nhân", ["Trung cấp Quân sự", "Đại học Chính trị"]),
    "YT": ("Viên chức y tế", ["Bác sĩ đa khoa", "Cao đẳng Điều dưỡng", "Trung cấp Y"]),
    "Trường": ("Giáo viên", ["Đại học Sư phạm", "Cao đẳng Sư phạm"]),
    "Y tế": ("Viên chức y tế", ["Bác sĩ đa khoa", "Cao đẳng Điều dưỡng", "Dược sĩ"]),
    "Bệnh viện": ("Viên chức y tế", ["Bác sĩ đa khoa", "Cao đẳng Điều dưỡng", "Dược sĩ"]),
    "Tòa án": ("Công chức", ["Đại học Luật"]),
    "Viện Kiểm sát": ("Công chức", ["Đại học Luật"]),
    "Thi hành án": ("Công chức", ["Đại học Luật"]),
    "Ngân hàng": ("Viên chức", ["Đại học Tài chính – Ngân hàng", "Đại học Kế toán"]),
    "Quỹ": ("Viên chức", ["Đại học Tài chính – Ngân hàng", "Đại học Kế toán"]),
    "Công ty": ("Công nhân viên", ["Kỹ sư Nông nghiệp", "Đại học Kế toán"]),
    "": ("Công chức", ["Đại học Hành chính", "Đại học Luật", "Đại học Kinh tế"]),
}
THEORY_IN_HAMLETS = {PoliticalTheory.ELEMENTARY: 75, PoliticalTheory.INTERMEDIATE: 12, "": 13}
THEORY_AT_WORK = {PoliticalTheory.ELEMENTARY: 45, PoliticalTheory.INTERMEDIATE: 40,
                  PoliticalTheory.ADVANCED: 8, PoliticalTheory.BACHELOR: 4, "": 3}  # fmt: skip

AWARD_DAYS = [(2, 3), (5, 19), (9, 2), (11, 7)]  # badges: 3/2, 19/5, 2/9, 7/11 (month, day)
CEREMONY_DAYS = [(2, 3), (5, 19), (9, 2), (12, 22)]  # favourite days for admission ceremonies
BEFORE_DISTRICT_NOTE = "Kết nạp trước khi thành lập Đảng bộ huyện Thoại Sơn"
REMOVAL_NOTE = "Bỏ sinh hoạt đảng và không đóng đảng phí 3 tháng liên tục"
MOVED_TO_DISTRICT_NOTE = "Điều động công tác về cơ quan Huyện ủy"


@dataclass(eq=False)
class _Cell:
    organization: PartyOrganization
    category: str
    base: PartyOrganization  # its base organization (itself for a base cell)
    commune_committee: PartyOrganization | None
    target: int = 0  # members active at the end of the report year

    @property
    def suffix(self) -> str:
        return self.organization.code.rsplit("-", 1)[-1]


@dataclass(eq=False)
class _Person:
    cell: _Cell  # where the member is now (the last cell, once they have left)
    admitted_on: date
    birth_date: date
    gender: str
    decided_on: date
    issuer: str  # "ĐU" (base committee) or "HU" (district committee) decides admission
    official_on: date | None = None
    left_on: date | None = None
    left_as: str = ""
    destination: str = ""
    previous_cell: _Cell | None = None
    transferred_on: date | None = None
    transfer_note: str = ""
    family_name: str = ""
    given_name: str = ""
    ethnicity: str = "Kinh"
    religion: str = ""
    place_of_origin: str = ""
    residence: str = ""
    education: str = ""
    expertise: str = ""
    occupation: str = ""
    political_theory: str = ""
    personal_id: str = ""
    card_number: str = ""
    model: PartyMember | None = None

    def active_on(self, day: date) -> bool:
        return self.admitted_on <= day and (self.left_on is None or self.left_on > day)

    def cell_on(self, day: date) -> _Cell:
        if self.transferred_on and day < self.transferred_on:
            return self.previous_cell
        return self.cell

    def official_by(self, day: date) -> bool:
        return self.official_on is not None and self.official_on <= day

    @property
    def status(self) -> str:
        if self.left_on:
            return self.left_as
        return MemberStatus.OFFICIAL if self.official_on else MemberStatus.PROBATIONARY


def _at(day: date) -> datetime.datetime:
    """A fixed 'recorded at' for a record of `day` (nine that morning): loads repeat."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _founded(cell: _Cell) -> date:
    return cell.organization.founded_on or date.min


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + days(rng.randint(0, (last - first).days))


class _DemoMembers:
    """Plans the whole population in memory, then writes it in a few bulk inserts."""

    def __init__(self, district: PartyOrganization):
        self.rng = random.Random(SEED)
        self.district = district
        self.people: list[_Person] = []
        self.positions: list[tuple[_Person, str, PartyOrganization, date, date | None]] = []
        self._load_structure()

    # --- structure -----------------------------------------------------------------

    def _load_structure(self):
        organizations = (
            PartyOrganization.objects.filter(path__startswith=self.district.path)
            .select_related("kind", "parent", "commune")
            .order_by("code")
        )
        self.cells: list[_Cell] = []
        self.base_organizations: list[PartyOrganization] = []
        for organization in organizations:
            if organization.kind.level == "base":
                self.base_organizations.append(organization)
            if not organization.kind.holds_members:
                continue
            parent = organization.parent
            if organization.kind.level == "base":
                cell = _Cell(organization, BASE_CELL, organization, None)
            elif parent.commune_id:
                suffix = organization.code.rsplit("-", 1)[-1]
                category = HAMLET if suffix.isdigit() else COMMUNE_AGENCY
                cell = _Cell(organization, category, parent, parent)
            else:
                cell = _Cell(organization, AGENCY, parent, None)
            self.cells.append(cell)
        self.committees = [o for o in self.base_organizations if o.kind.code == "base-committee"]
        self.commune_committees = [o for o in self.committees if o.commune_id]
        self.cells_of = defaultdict(list)
        for cell in self.cells:
            self.cells_of[cell.base.pk].append(cell)
        self.hamlets_of = {
            committee.pk: [c for c in self.cells_of[committee.pk] if c.category == HAMLET]
            for committee in self.commune_committees
        }

    def _set_cell_targets(self):
        """Sizes within each kind's range that add up to ACTIVE_AT_END_OF_REPORT_YEAR."""
        rng = self.rng
        ranges = [CELL_SIZES[cell.category] for cell in self.cells]
        smallest = sum(low for low, _high in ranges)
        spread = sum(high - low for low, high in ranges)
        share = (ACTIVE_AT_END_OF_REPORT_YEAR - smallest) / spread
        for cell, (low, high) in zip(self.cells, ranges, strict=True):
            position = min(max(rng.uniform(share - 0.3, share + 0.3), 0), 1)
            cell.target = low + round(position * (high - low))
        missing = ACTIVE_AT_END_OF_REPORT_YEAR - sum(cell.target for cell in self.cells)
        while missing:
            step = 1 if missing > 0 else -1
            cell = rng.choice(self.cells)
            low, high = CELL_SIZES[cell.category]
            if low <= cell.target + step <= high:
                cell.target += step
                missing -= step

    # --- one person ------------------------------------------------------------------

    def _admission_day(self, year: int) -> date:
        rng = self.rng
        last = date(year, 12, 20)
        if year == RECORDS_UNTIL.year:
            last = RECORDS_UNTIL - days(10)
        if rng.random() < 0.25:
            month, day = rng.choice(CEREMONY_DAYS)
            if date(year, month, day) <= last:
                return date(year, month, day)
        return _day_between(rng, date(year, 1, 20), last)

    def _birth_date(self, admitted_on: date, oldest: int | None = None) -> date:
        """Mostly 18 to 45 years old at admission, never older than `oldest`."""
        rng = self.rng
        year = admitted_on.year
        if year < 1976:
            age = rng.randint(18, 30)
        elif rng.random() < 0.04:
            age = rng.randint(46, 55)
        elif year >= 2015:
            age = int(rng.triangular(18, 41, 22))
        else:
            age = int(rng.triangular(18, 46, 25))
        if oldest is not None:
            age = max(18, min(age, oldest))
        return add_months(admitted_on, -12 * age) - days(rng.randint(1, 360))

    def _oldest_at_admission(self, cell: _Cell, year: int) -> int:
        """Working members are younger than RETIREMENT_AGE when the records stop."""
        if cell.category == HAMLET:
            return year - OLDEST_BIRTH_YEAR
        return year - (RECORDS_UNTIL.year - RETIREMENT_AGE + 2)

    def _person(self, cell: _Cell, admitted_on: date, birth_date: date | None = None):
        rng = self.rng
        if birth_date is None:
            oldest = self._oldest_at_admission(cell, admitted_on.year)
            birth_date = self._birth_date(admitted_on, oldest)
        person = _Person(
            cell=cell,
            admitted_on=admitted_on,
            birth_date=birth_date,
            gender=Gender.MALE if rng.random() < 0.6 else Gender.FEMALE,
            decided_on=admitted_on - days(rng.randint(5, 19)),
            issuer="HU" if cell.category == BASE_CELL else "ĐU",
        )
        recognised_on = add_months(admitted_on, 12) + days(rng.randint(0, 45))
        if recognised_on <= RECORDS_UNTIL:
            person.official_on = recognised_on
        self._profile(person)
        return person

    def _name(self, gender: str, ethnicity: str, born: int) -> tuple[str, str]:
        rng = self.rng
        male = gender == Gender.MALE
        if ethnicity == "Khmer":
            family = "Chau" if male else "Néang"
            if rng.random() < 0.6:
                family += " " + rng.choice(KHMER_MIDDLE_NAMES)
            return family, rng.choice(KHMER_MALE_GIVEN_NAMES if male else KHMER_FEMALE_GIVEN_NAMES)
        family = (
            rng.choice(HOA_FAMILY_NAMES) if ethnicity == "Hoa" else _weighted(rng, FAMILY_NAMES)
        )
        if male:
            van_share = 0.55 if born < 1980 else 0.25
            middle = "Văn" if rng.random() < van_share else rng.choice(MALE_MIDDLE_NAMES)
            given = rng.choice(MALE_GIVEN_NAMES)
        else:
            middle = "Thị" if rng.random() < 0.75 else ""
            if not middle or rng.random() < 0.3:
                middle = f"{middle} {rng.choice(FEMALE_MIDDLE_NAMES)}".strip()
            given = rng.choice(FEMALE_GIVEN_NAMES)
        if middle.endswith(given):
            given = rng.choice(MALE_GIVEN_NAMES[:10] if male else FEMALE_GIVEN_NAMES[:10])
        return f"{family} {middle}", given

    def _commune_place(self, committee: PartyOrganization) -> str:
        commune = committee.commune
        word = "thị trấn" if commune.kind == commune.Kind.TOWN else "xã"
        return f"{word} {commune.name}, huyện Thoại Sơn, tỉnh An Giang"

    def _residence(self, cell: _Cell) -> str:
        rng = self.rng
        committee = cell.commune_committee
        if committee is None:
            if rng.random() < 0.1:
                return rng.choice(OTHER_ORIGINS)
            committee = rng.choice(self.commune_committees)
        hamlet = cell if cell.category == HAMLET else rng.choice(self.hamlets_of[committee.pk])
        place = hamlet.organization.name.removeprefix("Chi bộ ").lower()
        return f"{place}, {self._commune_place(committee)}"

    def _work_profile(self, cell: _Cell):
        if cell.category == COMMUNE_AGENCY:
            return WORK_PROFILES[cell.suffix]
        if cell.category == AGENCY:
            committee = cell.base.code.rsplit("-", 1)[-1]
            return WORK_PROFILES[committee if committee in ("CA", "QS") else ""]
        name = cell.organization.name
        return WORK_PROFILES[next((word for word in WORK_PROFILES if word and word in name), "")]

    def _profile(self, person: _Person):
        rng = self.rng
        cell = person.cell
        born = person.birth_date.year
        person.ethnicity = _weighted(rng, ETHNICITIES)
        person.religion = _weighted(rng, RELIGIONS[person.ethnicity])
        person.family_name, person.given_name = self._name(person.gender, person.ethnicity, born)
        if person.ethnicity == "Khmer":
            person.place_of_origin = rng.choice(KHMER_ORIGINS)
        elif person.ethnicity == "Hoa" and rng.random() < 0.5:
            person.place_of_origin = rng.choice(HOA_ORIGINS)
        elif rng.random() < 0.7:
            committee = cell.commune_committee or rng.choice(self.commune_committees)
            person.place_of_origin = self._commune_place(committee)
        else:
            person.place_of_origin = rng.choice(OTHER_ORIGINS)
        person.residence = self._residence(cell)
        if cell.category == HAMLET:
            if born < 1965:
                person.education = rng.choice(["7/10", "10/10", "9/12", "12/12"])
            else:
                person.education = "12/12" if rng.random() < 0.8 else "9/12"
            retired = REPORT_YEAR - born >= RETIREMENT_AGE + 2 and rng.random() < 0.7
            person.occupation = "Hưu trí" if retired else _weighted(rng, HAMLET_OCCUPATIONS)
            if person.occupation == "Giáo viên":
                person.education, person.expertise = "12/12", "Cao đẳng Sư phạm"
            elif rng.random() < 0.4:
                person.expertise = rng.choice(HAMLET_EXPERTISE)
            person.political_theory = _weighted(rng, THEORY_IN_HAMLETS)
        else:
            person.education = "12/12"
            person.occupation, qualifications = self._work_profile(cell)
            person.expertise = rng.choice(qualifications)
            person.political_theory = _weighted(rng, THEORY_AT_WORK)
        if not person.political_theory and person.admitted_on.year >= 2020:
            person.political_theory = PoliticalTheory.ELEMENTARY

    # --- the population --------------------------------------------------------------

    def _leaver(self, status: str, first: date, last: date) -> _Person:
        """A member who died, moved away or was struck off between `first` and `last`."""
        rng = self.rng
        hamlets = [cell for cell in self.cells if cell.category == HAMLET]
        while True:
            if status == MemberStatus.DECEASED:
                year, cell = rng.randint(OLDEST_ADMISSION_YEAR, 2000), rng.choice(hamlets)
            elif status == MemberStatus.TRANSFERRED_OUT:
                span = range(1985, 2022)
                year = rng.choices(span, weights=[n + 5 for n in range(len(span))])[0]
                cell = rng.choice(self.cells)
            else:
                year, cell = rng.randint(2005, 2020), rng.choice(hamlets)
            admitted_on = self._admission_day(year)
            birth_date = self._birth_date(admitted_on)
            earliest = max(first, add_months(admitted_on, 14))
            if status == MemberStatus.DECEASED:
                earliest = max(earliest, add_months(birth_date, 12 * 55))
            if earliest <= last:
                break
        person = self._person(cell, admitted_on, birth_date)
        person.left_on = _day_between(rng, earliest, last)
        person.left_as = status
        if person.official_on and person.official_on >= person.left_on:
            person.official_on = None
        if status == MemberStatus.TRANSFERRED_OUT:
            person.destination = rng.choice(DESTINATIONS)
        return person

    def _plan_report_year(self):
        """Members active at the end of the report year, and those who left before."""
        rng = self.rng
        self._set_cell_targets()
        leavers = [
            self._leaver(status, first, last)
            for status, first, last, count in LEAVERS
            for _number in range(count)
        ]
        # Leavers admitted since 2015 count in their year's admissions.
        left_per_year = defaultdict(int)
        for person in leavers:
            left_per_year[person.admitted_on.year] += 1

        # The report year's admissions: communes' cells, in proportion to their size.
        commune_cells = [c for c in self.cells if c.commune_committee is not None]
        admitted = defaultdict(int)
        while sum(admitted.values()) < ADMISSIONS[REPORT_YEAR]:
            cell = rng.choices(commune_cells, weights=[c.target for c in commune_cells])[0]
            if admitted[cell] < MAX_REPORT_YEAR_ADMISSIONS_PER_CELL:
                admitted[cell] += 1
        for cell in commune_cells:
            for _number in range(admitted[cell]):
                self.people.append(self._person(cell, self._admission_day(REPORT_YEAR)))

        # Earlier admissions still active: 2015 on by the yearly figures, the rest from
        # OLDEST_ADMISSION_YEAR, fewer the older the year (death has thinned them out).
        years = []
        for year in range(2015, REPORT_YEAR):
            years += [year] * (ADMISSIONS[year] - left_per_year[year])
        older = ACTIVE_AT_END_OF_REPORT_YEAR - ADMISSIONS[REPORT_YEAR] - len(years)
        span = range(OLDEST_ADMISSION_YEAR, 2015)
        weights = [min(1, (year - OLDEST_ADMISSION_YEAR + 5) / SURVIVORS_LEVEL_AFTER) ** 1.5
                   for year in span]  # fmt: skip
        years += rng.choices(span, weights=weights, k=older)

        # Agency, school and company cells take members young enough to be at work.
        working, hamlets = [], []
        for cell in self.cells:
            seats = [cell] * (cell.target - admitted[cell])
            (hamlets if cell.category == HAMLET else working).extend(seats)
        young = [year for year in years if year >= WORKING_ADMITTED_SINCE]
        old = [year for year in years if year < WORKING_ADMITTED_SINCE]
        rng.shuffle(young)
        hamlet_years = young[len(working) :] + old
        for seats, seat_years in ((working, young[: len(working)]), (hamlets, hamlet_years)):
            rng.shuffle(seats)
            for cell, year in zip(seats, seat_years, strict=True):
                self.people.append(self._person(cell, self._admission_day(year)))
        self.people += leavers

    def _plan_later_years(self):
        """Admissions after the report year, and members who left since."""
        rng = self.rng
        weights = [cell.target for cell in self.cells]
        for year in range(REPORT_YEAR + 1, RECORDS_UNTIL.year + 1):
            for cell in rng.choices(self.cells, weights=weights, k=ADMISSIONS[year]):
                self.people.append(self._person(cell, self._admission_day(year)))
        first = REPORT_DAY + days(1)
        active = [p for p in self.people if p.active_on(REPORT_DAY)]
        elderly = [p for p in active if p.birth_date.year <= 1950 and p.cell.category == HAMLET]
        for person in rng.sample(elderly, DECEASED_LATER):
            person.left_on = _day_between(rng, first, RECORDS_UNTIL)
            person.left_as = MemberStatus.DECEASED
        movable = [
            p
            for p in active
            if p.left_on is None
            and p.birth_date.year >= 1970
            and p.admitted_on.year < REPORT_YEAR
            and p.cell.target >= 8
        ]
        for person in rng.sample(movable, TRANSFERRED_OUT_LATER):
            person.left_on = _day_between(rng, first, RECORDS_UNTIL)
            person.left_as = MemberStatus.TRANSFERRED_OUT
            person.destination = rng.choice(DESTINATIONS)

    def _plan_transfers(self):
        """About TRANSFER_SHARE of the members moved between the district's cells."""
        rng = self.rng
        latest = date(REPORT_YEAR, 11, 30)
        movable = [
            p
            for p in self.people
            if p.left_on is None and p.admitted_on <= date(REPORT_YEAR, 5, 31)
        ]
        for person in rng.sample(movable, round(TRANSFER_SHARE * ACTIVE_AT_END_OF_REPORT_YEAR)):
            siblings = [c for c in self.cells_of[person.cell.base.pk] if c is not person.cell]
            if not siblings or rng.random() < 0.4:
                siblings = [c for c in self.cells if c is not person.cell]
            person.previous_cell = rng.choice(siblings)
            since = max(_founded(person.cell), _founded(person.previous_cell), person.admitted_on)
            person.transferred_on = _day_between(rng, since + days(90), latest)

    def _numbers(self):
        """Card numbers for most official members; personal IDs for most others."""
        rng = self.rng
        holders = [p for p in self.people if p.official_on and rng.random() < CARD_SHARE]
        numbers = rng.sample(range(10**8), len(holders))
        for person, number in zip(holders, numbers, strict=True):
            person.card_number = f"{number:08d}"
        used = set()
        for person in self.people:
            if (person.left_on and person.left_on < REPORT_DAY) or rng.random() > PERSONAL_ID_SHARE:
                continue
            century = 0 if person.birth_date.year < 2000 else 2
            sex = 0 if person.gender == Gender.MALE else 1
            prefix = f"{PERSONAL_ID_PROVINCE}{century + sex}{person.birth_date:%y}"
            number = f"{prefix}{rng.randint(0, 999_999):06d}"
            while number in used:
                number = f"{prefix}{rng.randint(0, 999_999):06d}"
            used.add(number)
            person.personal_id = number

    # --- posts -----------------------------------------------------------------------

    def _pick(self, pools, day: date, taken: set) -> _Person:
        """Someone official a month before `day` who stays to the end of the records,
        from the first pool that has anyone; members who changed cells are left out."""
        for pool in pools:
            eligible = [
                p
                for p in pool
                if p not in taken
                and p.left_on is None
                and p.transferred_on is None
                and p.official_by(day - days(30))
            ]
            if eligible:
                person = self.rng.choice(eligible)
                taken.add(person)
                return person
        raise LookupError(day)

    def _hold(self, person, role, organization, start, end=None):
        self.positions.append((person, role, organization, start, end))

    def _people_by_cell(self):
        people = defaultdict(list)
        for person in self.people:
            people[person.cell.organization.pk].append(person)
        return people

    def _plan_committees(self) -> list:
        """Base committees' members, secretaries and deputies; returns the key cadres."""
        rng = self.rng
        role = Position.Role
        people = self._people_by_cell()
        district_office = self.cells_of[
            next(o.pk for o in self.committees if o.code == DISTRICT_OFFICE_COMMITTEE)
        ]
        moved = rng.sample(self.commune_committees, COMMUNE_SECRETARIES_MOVED)
        key_cadres = []
        for committee in self.committees:
            cells = self.cells_of[committee.pk]
            everyone = [p for cell in cells for p in people[cell.organization.pk]]
            taken = set()
            if not committee.commune_id:
                start = AGENCY_TERM_START
                chosen = [
                    self._pick([everyone], start, taken) for _n in range(AGENCY_COMMITTEE_SIZE)
                ]
                secretary, deputy = chosen[:2]
                for person in chosen:
                    self._hold(person, role.COMMITTEE_MEMBER, committee, start)
                self._hold(secretary, role.SECRETARY, committee, start)
                self._hold(deputy, role.DEPUTY_SECRETARY, committee, start)
                key_cadres.append((secretary, start, None))
                continue
            start = COMMUNE_TERM_START
            party_office = people[next(c for c in cells if c.suffix == "CQD").organization.pk]
            government = people[next(c for c in cells if c.suffix == "CQ").organization.pk]
            agencies = [p for p in everyone if p.cell.category == COMMUNE_AGENCY]
            hamlets = [p for p in everyone if p.cell.category == HAMLET]
            secretary = self._pick([party_office, agencies, everyone], start, taken)
            first_deputy = self._pick([government, agencies, everyone], start, taken)
            second_deputy = self._pick([party_office, agencies, everyone], start, taken)
            others = [self._pick([agencies, everyone], start, taken) for _n in range(7)]
            others += [self._pick([hamlets, everyone], start, taken) for _n in range(3)]
            if committee in moved:
                # The secretary of 2020 was a fourteenth member, moved in 2022 to the
                # district's party office; the first deputy took over the commune.
                changed_on = date(2022, rng.randint(3, 10), rng.randint(1, 28))
                former = self._pick([party_office, agencies], start, taken)
                for post in (role.COMMITTEE_MEMBER, role.SECRETARY):
                    self._hold(former, post, committee, start, changed_on)
                key_cadres.append((former, start, None))
                former.previous_cell = former.cell
                former.cell = rng.choice(district_office)
                former.transferred_on = changed_on
                former.transfer_note = MOVED_TO_DISTRICT_NOTE
                former.occupation, _qualifications = self._work_profile(former.cell)
                self._hold(secretary, role.DEPUTY_SECRETARY, committee, start, changed_on)
                self._hold(secretary, role.SECRETARY, committee, changed_on)
                self._hold(second_deputy, role.DEPUTY_SECRETARY, committee, start)
                self._hold(first_deputy, role.DEPUTY_SECRETARY, committee, changed_on)
                key_cadres += [(secretary, start, None), (first_deputy, changed_on, None)]
            else:
                self._hold(secretary, role.SECRETARY, committee, start)
                self._hold(first_deputy, role.DEPUTY_SECRETARY, committee, start)
                self._hold(second_deputy, role.DEPUTY_SECRETARY, committee, start)
                key_cadres += [(secretary, start, None), (first_deputy, start, None)]
            for person in [secretary, first_deputy, second_deputy, *others]:
                self._hold(person, role.COMMITTEE_MEMBER, committee, start)
            for person in (secretary, first_deputy, second_deputy):
                person.political_theory = PoliticalTheory.ADVANCED
        return key_cadres

    def _plan_cell_secretaries(self) -> list:
        """One secretary per cell since its 2020 congress; returns the base cells' ones."""
        rng = self.rng
        people = self._people_by_cell()
        replaced = rng.sample(self.cells, CELL_SECRETARIES_REPLACED)
        heads = []
        for cell in self.cells:
            start = date(2020, rng.randint(4, 6), rng.randint(1, 28))
            members = people[cell.organization.pk]
            taken = set()
            try:
                holder = self._pick([members], start, taken)
            except LookupError:
                # A young cell: the member who became official first takes the post then.
                holder = min(
                    (p for p in members if p.left_on is None and p.official_on),
                    key=lambda p: max(p.official_on, p.transferred_on or p.official_on),
                )
                start = max(holder.official_on, holder.transferred_on or holder.official_on)
            if cell in replaced:
                changed_on = date(2022, rng.randint(2, 11), rng.randint(1, 28))
                successor = self._pick([members], changed_on, taken)
                if start < changed_on:
                    self._hold(
                        holder, Position.Role.SECRETARY, cell.organization, start, changed_on
                    )
                    holder, start = successor, changed_on
            self._hold(holder, Position.Role.SECRETARY, cell.organization, start)
            if cell.category == BASE_CELL:
                heads.append((holder, start, None))
        return heads

    def _plan_positions(self):
        key_cadres = self._plan_committees()
        heads = self._plan_cell_secretaries()
        # Up to KEY_CADRES: deputies of the agency committees and heads of base cells.
        agency_deputies = [
            (person, start, None)
            for person, role, organization, start, _end in self.positions
            if role == Position.Role.DEPUTY_SECRETARY and not organization.commune_id
        ]
        current = sum(1 for _person, _start, end in key_cadres if end is None)
        key_cadres += self.rng.sample(agency_deputies + heads, KEY_CADRES - current)
        for person, start, end in key_cadres:
            self._hold(person, Position.Role.KEY_CADRE, self.district, start, end)

    # --- ratings, badges, candidates -------------------------------------------------

    def _member_ratings(self) -> list[MemberRating]:
        ratings = []
        for year in RATED_YEARS:
            end = date(year, 12, 31)
            by_base = defaultdict(list)
            for person in self.people:
                if person.active_on(end):
                    by_base[person.cell_on(end).base.pk].append(person)
            for members in by_base.values():
                grades = [_weighted(self.rng, MEMBER_GRADES) for _member in members]
                excess = grades.count(Grade.EXCELLENT) - int(
                    EXCELLENT_CAP * grades.count(Grade.GOOD)
                )
                for index, grade in enumerate(grades):
                    if excess > 0 and grade == Grade.EXCELLENT:
                        grades[index] = Grade.GOOD
                        excess -= 1
                ratings += [
                    MemberRating(member=person.model, year=year, grade=grade)
                    for person, grade in zip(members, grades, strict=True)
                ]
        return ratings

    def _organization_ratings(self) -> list[OrganizationRating]:
        return [
            OrganizationRating(
                organization=organization,
                year=year,
                grade=_weighted(self.rng, ORGANIZATION_GRADES),
            )
            for year in RATED_YEARS
            for organization in self.base_organizations
        ]

    def _badges(self) -> list[Badge]:
        """Badges at each milestone reached while a member, on that year's award day."""
        decisions = {}
        badges = []
        for person in self.people:
            for years in BADGE_YEARS:
                reached_on = add_months(person.decided_on, 12 * years)
                award_days = [date(reached_on.year, month, day) for month, day in AWARD_DAYS]
                awarded_on = next((d for d in award_days if d >= reached_on), award_days[-1])
                if awarded_on > RECORDS_UNTIL or not person.active_on(awarded_on):
                    break
                if awarded_on not in decisions:
                    decisions[awarded_on] = f"{self.rng.randint(100, 2999)}-QĐ/TU"
                badges.append(
                    Badge(
                        member=person.model,
                        years=years,
                        awarded_on=awarded_on,
                        decision=decisions[awarded_on],
                    )
                )
        return badges

    def _candidates(self) -> list[Candidate]:
        """People on the way to admission in mid-2025: a third at each stage."""
        rng = self.rng
        cells = [c for c in self.cells if c.commune_committee is not None]
        candidates = []
        for number in range(CANDIDATES):
            cell = rng.choices(cells, weights=[c.target for c in cells])[0]
            identified_on = _day_between(rng, date(2024, 3, 1), date(2024, 12, 15))
            gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
            birth_date = add_months(identified_on, -12 * rng.randint(19, 35)) - days(
                rng.randint(1, 360)
            )
            family_name, given_name = self._name(gender, "Kinh", birth_date.year)
            candidate = Candidate(
                family_name=family_name,
                given_name=given_name,
                gender=gender,
                birth_date=birth_date,
                organization=cell.organization,
                identified_on=identified_on,
            )
            stage = number % 3
            if stage >= 1:
                candidate.sympathiser_on = identified_on + days(rng.randint(45, 100))
            if stage == 2:
                candidate.course_completed_on = candidate.sympathiser_on + days(rng.randint(20, 75))
            candidate.search_text = fold(candidate.full_name)
            candidate.name_sort_key = person_sort_key(given_name, family_name)
            candidates.append(candidate)
        return candidates

    # --- writing ---------------------------------------------------------------------

    def plan(self):
        self._plan_report_year()
        self._plan_later_years()
        self._plan_transfers()
        self._plan_positions()
        self._numbers()
        self.people.sort(key=lambda p: (p.cell.organization.code, p.admitted_on))

    def _memberships(self, person: _Person) -> list[Membership]:
        first_cell = person.cell_on(person.admitted_on)
        started_on = max(person.admitted_on, _founded(first_cell))
        periods = [(person.cell, started_on, person.left_on)]
        if person.transferred_on:
            periods = [
                (first_cell, started_on, person.transferred_on),
                (person.cell, person.transferred_on, person.left_on),
            ]
        return [
            Membership(member=person.model, organization=c.organization, started_on=s, ended_on=e)
            for c, s, e in periods
        ]

    def _events(self, person: _Person) -> list[MemberEvent]:
        kind = MemberEvent.Kind

        def event(what, day, cell, note="", **fields):
            # Members admitted before the district existed have no cell of it then.
            before = day < _founded(cell)
            if before and what == kind.ADMISSION:
                note = BEFORE_DISTRICT_NOTE
            return MemberEvent(
                member=person.model,
                kind=what,
                happened_on=day,
                organization=None if before else cell.organization,
                note=note,
                recorded_at=_at(day),
                **fields,
            )

        admitted_in = person.cell_on(person.admitted_on)
        decision = f"{self.rng.randint(1, 400)}-QĐ/{person.issuer}"
        events = [event(kind.ADMISSION, person.admitted_on, admitted_in, decision=decision)]
        if person.official_on:
            decision = f"{self.rng.randint(1, 400)}-QĐ/{person.issuer}"
            day = person.official_on
            events.append(event(kind.RECOGNITION, day, person.cell_on(day), decision=decision))
        if person.transferred_on:
            events.append(
                event(
                    kind.TRANSFER,
                    person.transferred_on,
                    person.cell,
                    note=person.transfer_note,
                    destination=person.previous_cell.organization.name,
                )
            )
        if person.left_on:
            what = {
                MemberStatus.DECEASED: kind.DEATH,
                MemberStatus.TRANSFERRED_OUT: kind.TRANSFER_OUT,
                MemberStatus.REMOVED: kind.REMOVAL,
            }[person.left_as]
            note = REMOVAL_NOTE if what == kind.REMOVAL else ""
            events.append(
                event(what, person.left_on, person.cell, note, destination=person.destination)
            )
        return events

    def write(self) -> int:
        members = []
        for person in self.people:
            person.model = PartyMember(
                family_name=person.family_name,
                given_name=person.given_name,
                gender=person.gender,
                birth_date=person.birth_date,
                place_of_origin=person.place_of_origin,
                residence=person.residence,
                ethnicity=person.ethnicity,
                religion=person.religion,
                education=person.education,
                expertise=person.expertise,
                political_theory=person.political_theory,
                occupation=person.occupation,
                personal_id=person.personal_id,
                card_number=person.card_number,
                admission_decided_on=person.decided_on,
                admitted_on=person.admitted_on,
                official_on=person.official_on,
                status=person.status,
                left_on=person.left_on,
                cell=person.cell.organization,
            )
            person.model.refresh_derived_fields()
            members.append(person.model)
        PartyMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
        memberships, events = [], []
        for person in self.people:
            memberships += self._memberships(person)
            events += self._events(person)
        positions = [
            Position(member=p.model, role=r, organization=o, started_on=s, ended_on=e)
            for p, r, o, s, e in self.positions
        ]
        for model, rows in (
            (Membership, memberships),
            (MemberEvent, events),
            (Position, positions),
            (MemberRating, self._member_ratings()),
            (OrganizationRating, self._organization_ratings()),
            (Badge, self._badges()),
            (Candidate, self._candidates()),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(members)


@transaction.atomic
def load_members() -> int:
    """Create the demo's members and their records; returns how many members it made.

    Does nothing (and returns 0) when the district already has members, demo or real:
    the demo never mixes with other data.
    """
    district = PartyOrganization.objects.filter(code=DISTRICT_CODE).first()
    if district is None:
        return 0
    if PartyMember.objects.filter(cell__path__startswith=district.path).exists():
        return 0
    demo = _DemoMembers(district)
    demo.plan()
    return demo.write()
