"""The Thoại Sơn demo's political study, 2021 to mid-2025.

The 2023 figures are those the district published: "tổ chức 58 cuộc sinh hoạt chính
trị nghiên cứu, tìm hiểu tác phẩm ... của Tổng Bí thư Nguyễn Phú Trọng, thu hút 4.515
lượt đại biểu tham dự. Huyện tổ chức 235 cuộc triển khai Chuyên đề năm 2023 ... cho
4.530 lượt đảng viên học tập (tỷ lệ trên 99%); kiểm tra 18 chi, đảng bộ cơ sở." The
study statistics add the sessions up, so the demo shapes them to those totals:

- the book: one conference of the district for its key cadres and a session in 57 of
  the 62 base organizations, whose attendee-visits (members and guests who are not
  members) add up to 4,515;
- the 2023 yearly topic: a session in every cell of the communes (the three towns'
  committees hold one conference each instead), in every base cell and in the four
  agency committees, then, late in the year, sessions for those who still had to
  study it, which expect only them: in the base organizations where members were
  admitted or moved in since, and make-up sessions for absentees in a few others.
  That makes 235 sessions; the absences are chosen so that the member-visits add up
  to 4,530 and the members expected to at most 4,575 (a rate over 99%);
- Vọng Thê (the demo clerk's commune) records each of its cells' 2023 and 2024 yearly
  topic sessions member by member; a few of its members missed the topic entirely;
- the district's propaganda board checked how the 2023 topic and the Central
  Committee's resolutions were studied in 18 base organizations, in two rounds. A
  board's checks are not Quy định 22 inspections, so the oversight figures stay
  those of the article.

2021, 2022 and 2024 have the same kinds of sessions with other figures (rates of the
yearly topic a little lower before 2023), the Central Committee's resolutions of term
XIII (conferences 4 to 8) are studied at the district's online conference and in
every base organization, and the first half of 2025 carries on the 2024 topic.

Counting the members expected at every session with the app's own queries would
cost a query per session, so the demo reads all memberships and exemptions once and
counts in memory exactly as `expected_members` and `services.expected_memberships`
do. Everything comes from one seeded random generator, so every load gives the same
records; sessions and attendance rows are written in bulk, and a district that
already has study topics is left alone.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from apps.core.text import fold
from apps.members.demo import RECORDS_UNTIL
from apps.members.models import Exemption, Membership
from apps.organizations.demo import DISTRICT_CODE
from apps.organizations.models import PartyOrganization
from apps.oversight.models import (
    Inspection,
    InspectionConclusion,
    InspectionKind,
    InspectionSubject,
    Level,
    PerformingBody,
)

from .models import Attendance, SessionFormat, StudySession, StudyTopic, TopicKind

date = datetime.date
days = datetime.timedelta

SEED = 5  # Chỉ thị 05-CT/TW
BATCH_SIZE = 500
SUNDAY = 6

# --- the topics -----------------------------------------------------------------------

CENTRAL = "Ban Chấp hành Trung ương"
PROVINCE = "Tỉnh ủy An Giang"
DISTRICT = "Huyện ủy Thoại Sơn"
TERM_XIII = "khóa XIII"
DISTRICT_TERM = "nhiệm kỳ 2020 - 2025"
DIRECTIVE_05 = (
    "Thực hiện Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và "
    "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
)


@dataclass(frozen=True)
class TopicSpec:
    key: str
    kind: str
    title: str
    issuing_body: str
    year: int | None = None
    short_title: str = ""
    term: str = ""
    document_number: str = ""
    issued_on: date | None = None
    description: str = ""


TOPICS = [
    TopicSpec(
        "tw4",
        TopicKind.CENTRAL_RESOLUTION,
        "Nghị quyết Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XIII",
        CENTRAL,
        2021,
        "Nghị quyết Trung ương 4 khóa XIII",
        TERM_XIII,
        "21-KL/TW, 37-QĐ/TW",
        date(2021, 10, 25),
        "Kết luận 21-KL/TW ngày 25/10/2021 về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống "
        "chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái "
        "về tư tưởng chính trị, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hóa”; "
        "Quy định 37-QĐ/TW ngày 25/10/2021 về những điều đảng viên không được làm.",
    ),
    TopicSpec(
        "tw5",
        TopicKind.CENTRAL_RESOLUTION,
        "Nghị quyết Hội nghị lần thứ 5 Ban Chấp hành Trung ương Đảng khóa XIII",
        CENTRAL,
        2022,
        "Nghị quyết Trung ương 5 khóa XIII",
        TERM_XIII,
        "18-NQ/TW, 19-NQ/TW, 20-NQ/TW, 21-NQ/TW",
        date(2022, 6, 16),
        "Các nghị quyết ngày 16/6/2022: 18-NQ/TW về tiếp tục đổi mới, hoàn thiện thể chế, "
        "chính sách, nâng cao hiệu lực, hiệu quả quản lý và sử dụng đất; 19-NQ/TW về nông "
        "nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045; 20-NQ/TW về tiếp "
        "tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể trong giai đoạn mới; "
        "21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng "
        "đội ngũ đảng viên trong giai đoạn mới.",
    ),
    TopicSpec(
        "tw6",
        TopicKind.CENTRAL_RESOLUTION,
        "Nghị quyết Hội nghị lần thứ 6 Ban Chấp hành Trung ương Đảng khóa XIII",
        CENTRAL,
        2022,
        "Nghị quyết Trung ương 6 khóa XIII",
        TERM_XIII,
        "27-NQ/TW, 28-NQ/TW, 29-NQ/TW",
        date(2022, 11, 17),
        "Nghị quyết 27-NQ/TW ngày 09/11/2022 về tiếp tục xây dựng và hoàn thiện Nhà nước "
        "pháp quyền xã hội chủ nghĩa Việt Nam trong giai đoạn mới; Nghị quyết 28-NQ/TW ngày "
        "17/11/2022 về tiếp tục đổi mới phương thức lãnh đạo, cầm quyền của Đảng đối với hệ "
        "thống chính trị trong giai đoạn mới; Nghị quyết 29-NQ/TW ngày 17/11/2022 về tiếp "
        "tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước đến năm 2030, tầm nhìn đến năm "
        "2045.",
    ),
    TopicSpec(
        "tw7",
        TopicKind.CENTRAL_RESOLUTION,
        "Nghị quyết Hội nghị lần thứ 7 Ban Chấp hành Trung ương Đảng khóa XIII",
        CENTRAL,
        2023,
        "Nghị quyết Trung ương 7 khóa XIII",
        TERM_XIII,
        description="Các nghị quyết, kết luận của Hội nghị lần thứ 7 Ban Chấp hành Trung "
        "ương Đảng khóa XIII (tháng 5/2023).",
    ),
    TopicSpec(
        "tw8",
        TopicKind.CENTRAL_RESOLUTION,
        "Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII",
        CENTRAL,
        2023,
        "Nghị quyết Trung ương 8 khóa XIII",
        TERM_XIII,
        "43-NQ/TW, 44-NQ/TW, 45-NQ/TW",
        date(2023, 11, 24),
        "Các nghị quyết ngày 24/11/2023: 43-NQ/TW về tiếp tục phát huy truyền thống, sức "
        "mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước ta ngày càng phồn vinh, hạnh "
        "phúc; 44-NQ/TW về Chiến lược bảo vệ Tổ quốc trong tình hình mới; 45-NQ/TW về tiếp "
        "tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển "
        "đất nước nhanh và bền vững trong giai đoạn mới.",
    ),
    TopicSpec(
        "topic-2021",
        TopicKind.YEARLY_TOPIC,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự "
        "cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
        CENTRAL,
        2021,
        "Chuyên đề năm 2021",
        TERM_XIII,
        description="Chuyên đề toàn khóa XIII (2021 - 2025), triển khai năm 2021. " + DIRECTIVE_05,
    ),
    # The province's own wording of its 2022 topic is not among our sources: this title
    # follows the term's topic and the province's 2023 one.
    TopicSpec(
        "topic-2022",
        TopicKind.YEARLY_TOPIC,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự "
        "cường, khát vọng xây dựng quê hương An Giang phát triển nhanh, bền vững",
        PROVINCE,
        2022,
        "Chuyên đề năm 2022",
        description=DIRECTIVE_05,
    ),
    TopicSpec(
        "topic-2023",
        TopicKind.YEARLY_TOPIC,
        "Xây dựng văn hóa, con người An Giang theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        PROVINCE,
        2023,
        "Chuyên đề năm 2023",
        description=DIRECTIVE_05,
    ),
    TopicSpec(
        "topic-2024",
        TopicKind.YEARLY_TOPIC,
        "An Giang học tập và làm theo tấm gương Bác Hồ, Bác Tôn về chăm lo đời sống nhân dân",
        PROVINCE,
        2024,
        "Chuyên đề năm 2024",
        description=DIRECTIVE_05 + " Tiếp tục thực hiện trong năm 2025.",
    ),
    TopicSpec(
        "book",
        TopicKind.WORK,
        "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng "
        "Đảng và Nhà nước ta ngày càng trong sạch, vững mạnh",
        "Tổng Bí thư Nguyễn Phú Trọng",
        2023,
        "Sách của Tổng Bí thư về phòng, chống tham nhũng, tiêu cực",
        description="Nhà xuất bản Chính trị quốc gia Sự thật, 2023.",
    ),
    TopicSpec(
        "rural",
        TopicKind.COMMITTEE_RESOLUTION,
        "Nghị quyết của Ban Chấp hành Đảng bộ huyện về xây dựng nông thôn mới nâng cao, nông "
        "thôn mới kiểu mẫu giai đoạn 2021 - 2025",
        DISTRICT,
        2021,
        "Nghị quyết về nông thôn mới nâng cao, kiểu mẫu",
        DISTRICT_TERM,
    ),
    TopicSpec(
        "base-quality",
        TopicKind.COMMITTEE_RESOLUTION,
        "Nghị quyết của Ban Chấp hành Đảng bộ huyện về nâng cao năng lực lãnh đạo, sức chiến "
        "đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên giai đoạn 2023 - 2025",
        DISTRICT,
        2023,
        "Nghị quyết về tổ chức cơ sở đảng và đảng viên",
        DISTRICT_TERM,
        description="Cụ thể hóa Nghị quyết 21-NQ/TW của Hội nghị Trung ương 5 khóa XIII.",
    ),
]

# --- the yearly topic -------------------------------------------------------------------

LISTING_COMMITTEE = f"{DISTRICT_CODE}-VTH"  # the demo clerk's commune records lists
TOWNS = ("NS", "OE", "PH")


@dataclass(frozen=True)
class YearlyPlan:
    """How a yearly topic was deployed in a year."""

    topic: str
    first: date  # the cells' and base organizations' sessions
    last: date
    late_first: date  # sessions for those who still had to study it
    late_last: date
    # Commune committees (code suffixes) holding one conference instead of one per cell.
    committee_wide: tuple = TOWNS
    absence: float = 0.02  # share of members absent at a first session
    late_absence: float = 0.25
    late_sessions: int | None = 10  # None: as many as make the year's published total
    listed: bool = False  # Vọng Thê records its cells' lists
    listed_absent: int = 0  # of whom so many absent


YEARLY = {
    2021: YearlyPlan(
        "topic-2021",
        date(2021, 10, 11),
        date(2021, 12, 17),
        date(2021, 12, 20),
        date(2021, 12, 29),
        committee_wide=(*TOWNS, "AB", "VC", "TP"),
        absence=0.026,
        late_sessions=6,
    ),
    2022: YearlyPlan(
        "topic-2022",
        date(2022, 3, 14),
        date(2022, 6, 24),
        date(2022, 10, 10),
        date(2022, 12, 9),
        absence=0.019,
        late_sessions=12,
    ),
    # The published year: 235 sessions, 4,530 member-visits, over 99%.
    2023: YearlyPlan(
        "topic-2023",
        date(2023, 3, 6),
        date(2023, 6, 30),
        date(2023, 9, 11),
        date(2023, 11, 10),
        late_sessions=None,
        listed=True,
        listed_absent=5,
    ),
    2024: YearlyPlan(
        "topic-2024",
        date(2024, 3, 4),
        date(2024, 6, 28),
        date(2024, 10, 14),
        date(2024, 12, 13),
        absence=0.008,
        late_sessions=15,
        listed=True,
        listed_absent=3,
    ),
}
ARTICLE_YEAR = 2023
ARTICLE_SESSIONS = 235
ARTICLE_MEMBER_VISITS = 4530
ARTICLE_MIN_RATE = 0.99  # "trên 99%"
# Of the absences never made up in 2023 (besides Vọng Thê's), the share at late
# sessions; and how many of the first sessions' absentees are invited again at most.
ARTICLE_LATE_MISSED_SHARE = 0.35
ARTICLE_INVITED_AGAIN = 12

# 2025: the province carried the 2024 topic on; base committees studied it again.
CONTINUED_TOPIC = "topic-2024"
CONTINUED_FIRST, CONTINUED_LAST = date(2025, 3, 3), date(2025, 5, 23)

FIRST_SESSION_GUESTS = [0, 0, 1, 1, 2, 3]  # hamlet heads, union leaders who are not members
LATE_NOTE = (
    "Dành cho đảng viên vắng ở buổi triển khai và đảng viên mới kết nạp, chuyển đến; số "
    "đảng viên phải học tập chỉ tính những đồng chí này."
)
UNEXPLAINED_ABSENCES = 0.25
ABSENCE_REASONS = [
    "Ốm, đang điều trị tại bệnh viện",
    "Đi làm ăn xa",
    "Bận công tác đột xuất",
    "Lớn tuổi, sức khỏe yếu",
    "Có việc gia đình",
]

# --- the resolutions and the book -----------------------------------------------------


@dataclass(frozen=True)
class ResolutionPlan:
    """The district's online conference on a resolution, then the base organizations'."""

    topic: str
    conference: date | None
    first: date  # the base organizations' sessions
    last: date
    communes_only: bool = False
    count: int | None = None  # so many of them (the rest hold theirs in a later plan)
    absence: tuple = (0.02, 0.07)
    invited: int = 620  # members called to the district's conference


CONNECTED_POINTS = 18  # the district committee's hall and the 17 communes and towns
CONFERENCE_NOTE = (
    "Triệu tập cán bộ chủ chốt huyện, cấp ủy viên cơ sở và bí thư chi bộ; số đảng viên phải "
    "dự là số được triệu tập."
)
RESOLUTIONS = [
    ResolutionPlan("tw4", date(2021, 11, 23), date(2021, 11, 25), date(2021, 12, 28)),
    ResolutionPlan("tw5", date(2022, 7, 26), date(2022, 7, 28), date(2022, 9, 30)),
    ResolutionPlan("tw6", date(2023, 1, 5), date(2023, 1, 9), date(2023, 3, 17)),
    ResolutionPlan("tw7", date(2023, 7, 18), date(2023, 7, 20), date(2023, 9, 29)),
    # Conference 8: the district's conference and the communes' first sessions in
    # December 2023, the other base organizations early in 2024.
    ResolutionPlan(
        "tw8", date(2023, 12, 21), date(2023, 12, 22), date(2023, 12, 29), True, count=12
    ),
    ResolutionPlan("tw8", None, date(2024, 1, 8), date(2024, 3, 15)),
    ResolutionPlan("rural", None, date(2021, 4, 5), date(2021, 6, 18), True, absence=(0.03, 0.08)),
    ResolutionPlan("base-quality", None, date(2023, 4, 3), date(2023, 5, 26)),
]

BOOK = "book"
BOOK_SESSIONS = 58  # the district's conference and 57 base organizations
BOOK_ATTENDEE_VISITS = 4515
BOOK_CONFERENCE = date(2023, 6, 15)
BOOK_INVITED = 240
BOOK_FIRST, BOOK_LAST = date(2023, 6, 19), date(2023, 11, 30)
BOOK_GUEST_SHARE = 0.1  # attendee-visits of guests who are not party members

# --- the propaganda board's checks ----------------------------------------------------


@dataclass(frozen=True)
class CheckPlan:
    """A round of the propaganda board's checks on how topics were studied."""

    started_on: date
    topics: tuple
    communes: int  # commune committees checked
    others: int  # other base organizations checked
    content: str
    required: tuple = ()  # base organizations always among them (code suffixes)


CHECK_CONTENT_2023 = (
    "Kiểm tra việc học tập, quán triệt, triển khai Chuyên đề năm 2023 và các nghị quyết "
    "Trung ương (đợt {round})"
)
CHECKS = [
    CheckPlan(
        date(2021, 12, 6),
        ("topic-2021", "tw4"),
        5,
        3,
        "Kiểm tra việc học tập, quán triệt Nghị quyết Hội nghị Trung ương 4 khóa XIII và "
        "triển khai Chuyên đề năm 2021",
    ),
    CheckPlan(
        date(2022, 9, 12),
        ("topic-2022", "tw5"),
        7,
        5,
        "Kiểm tra việc học tập, quán triệt Nghị quyết Hội nghị Trung ương 5 khóa XIII và "
        "triển khai Chuyên đề năm 2022",
    ),
    # The published year: 18 base organizations in two rounds ("kiểm tra 18 chi, đảng bộ
    # cơ sở"), Vọng Thê among the first.
    CheckPlan(
        date(2023, 6, 12),
        ("topic-2023", "tw6"),
        6,
        4,
        CHECK_CONTENT_2023.format(round=1),
        ("VTH",),
    ),
    CheckPlan(
        date(2023, 10, 9),
        ("topic-2023", "tw7"),
        5,
        3,
        CHECK_CONTENT_2023.format(round=2),
    ),
    CheckPlan(
        date(2024, 8, 12),
        ("topic-2024", "tw8"),
        6,
        4,
        "Kiểm tra việc học tập, quán triệt Nghị quyết Hội nghị Trung ương 8 khóa XIII và "
        "triển khai Chuyên đề năm 2024",
    ),
]
CHECK_SUMMARY = (
    "Kiểm tra {count} tổ chức cơ sở đảng: đã tổ chức học tập, quán triệt đầy đủ, kịp thời, "
    "đúng hướng dẫn; xây dựng chương trình, kế hoạch thực hiện sát tình hình địa phương, "
    "đơn vị. Chưa phát hiện vi phạm."
)
BOARD_ISSUER = "KH/BTGHU"  # plans of the district's propaganda board


# --- planning -------------------------------------------------------------------------


@dataclass(eq=False)
class _Session:
    """One session as planned, with its attendance list when it has one."""

    topic: str
    organizer: PartyOrganization
    held_on: date
    title: str
    counted: int
    expected: int
    member_visits: int = 0
    guests: int = 0
    format: str = SessionFormat.IN_PERSON
    connected_points: int | None = None
    note: str = ""
    rows: list | None = None  # [(member id, cell id, present, note)] for a list
    # While planning: the (member id, cell id) counted; for a yearly topic, the member
    # ids a late session is for, and the absentees.
    members: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    absent: set = field(default_factory=set)
    model: StudySession | None = None


def _day(rng: random.Random, first: date, last: date) -> date:
    """A day from `first` to `last`, not a Sunday (the window must hold another day)."""
    while True:
        day = first + days(rng.randint(0, (last - first).days))
        if day.weekday() != SUNDAY:
            return day


class _Roster:
    """Every membership and exemption of the district, read once, counted in memory."""

    def __init__(self, organizations):
        cell_ids = [o.pk for o in organizations if o.kind.holds_members]
        self.periods = defaultdict(list)  # cell id -> [(member id, from, until)]
        for member_id, cell_id, start, end in (
            Membership.objects.filter(organization_id__in=cell_ids)
            .order_by("member_id", "started_on")
            .values_list("member_id", "organization_id", "started_on", "ended_on")
        ):
            self.periods[cell_id].append((member_id, start, end))
        self.exemptions = defaultdict(list)
        for member_id, start, end in Exemption.objects.values_list(
            "member_id", "started_on", "ended_on"
        ):
            self.exemptions[member_id].append((start, end))
        cells = sorted((o for o in organizations if o.kind.holds_members), key=lambda o: o.path)
        self.cells_under = {
            o.pk: [cell.pk for cell in cells if cell.path.startswith(o.path)] for o in organizations
        }

    def _exempted(self, member_id, day) -> bool:
        return any(
            start <= day and (end is None or end > day)
            for start, end in self.exemptions.get(member_id, ())
        )

    def expected(self, organization, day) -> list:
        """[(member id, cell id)]: the rows of `services.expected_memberships`."""
        return [
            (member_id, cell_id)
            for cell_id in self.cells_under[organization.pk]
            for member_id, start, end in self.periods[cell_id]
            if start <= day and (end is None or end > day) and not self._exempted(member_id, day)
        ]


class _DemoStudies:
    """Plans every topic's sessions in memory, then writes them in a few bulk inserts."""

    def __init__(self, district: PartyOrganization):
        self.rng = random.Random(SEED)
        self.district = district
        organizations = list(
            PartyOrganization.objects.filter(path__startswith=district.path)
            .select_related("kind")
            .order_by("path")
        )
        self.by_code = {o.code: o for o in organizations}
        self.by_pk = {o.pk: o for o in organizations}
        self.base_organizations = sorted(
            (o for o in organizations if o.kind.level == Level.BASE), key=lambda o: o.code
        )
        self.communes = [o for o in self.base_organizations if o.commune_id]
        self.cells_of = defaultdict(list)
        for organization in organizations:
            if organization.kind.holds_members and organization.parent_id:
                self.cells_of[organization.parent_id].append(organization)
        self.roster = _Roster(organizations)
        self.sessions: list[_Session] = []
        self.checks: list[tuple[CheckPlan, list]] = []

    def _session(self, topic, organizer, day, title, expected=None, **fields) -> _Session:
        """A planned session; it expects everyone counted unless `expected` corrects it."""
        members = self.roster.expected(organizer, day)
        counted = len(members)
        session = _Session(
            topic, organizer, day, title, counted, counted if expected is None else expected
        )
        session.members = members
        for name, value in fields.items():
            setattr(session, name, value)
        self.sessions.append(session)
        return session

    # --- the yearly topic ----------------------------------------------------------

    def _plan_yearly(self, year: int, plan: YearlyPlan):
        short = next(t.short_title for t in TOPICS if t.key == plan.topic)
        listing = self.by_code[LISTING_COMMITTEE] if plan.listed else None
        first = self._first_sessions(plan, short)
        listed = [s for s in first if listing and s.organizer.path.startswith(listing.path)]
        unlisted = [s for s in first if s not in listed]

        # Late in the year, in each base organization, some members are still to study
        # the topic. Vọng Thê keeps lists, and a session with a list expects everyone on
        # it, so Vọng Thê holds no such session.
        candidates = [o for o in self.base_organizations if o != listing]
        late_days = {o.pk: _day(self.rng, plan.late_first, plan.late_last) for o in candidates}

        self._absent(listed, plan.listed_absent)
        if year == ARTICLE_YEAR:
            late_organizations = self._choose_article_absences(first, unlisted, late_days)
        else:
            for session in unlisted:
                session.absent = {
                    m for m, _cell in session.members if self.rng.random() < plan.absence
                }
        attended = set()
        for session in first:
            present = [m for m, _cell in session.members if m not in session.absent]
            attended.update(present)
            session.member_visits = len(present)
            if session in listed:
                session.rows = [
                    (m, cell, m not in session.absent, self._reason(m in session.absent))
                    for m, cell in session.members
                ]
        pending = {
            o.pk: sorted(
                {m for m, _cell in self.roster.expected(o, late_days[o.pk]) if m not in attended}
            )
            for o in candidates
        }
        if year != ARTICLE_YEAR:  # where most members are still to study it
            late_organizations = sorted(
                (o for o in candidates if pending[o.pk]),
                key=lambda o: (-len(pending[o.pk]), o.code),
            )[: plan.late_sessions]

        late = []
        for organization in sorted(late_organizations, key=lambda o: o.code):
            if not pending[organization.pk]:
                continue
            session = self._session(
                plan.topic,
                organization,
                late_days[organization.pk],
                f"Học tập bổ sung {short} cho đảng viên chưa học tập",
                expected=len(pending[organization.pk]),
                note=LATE_NOTE,
            )
            session.pending = pending[organization.pk]
            late.append(session)
        if year == ARTICLE_YEAR:
            self._choose_article_late_absences(first, late)
        else:
            for session in late:
                session.absent = {
                    m for m in session.pending if self.rng.random() < plan.late_absence
                }
        for session in late:
            if len(session.absent) == len(session.pending):  # someone came: it took place
                session.absent.discard(session.pending[0])
            session.member_visits = len(session.pending) - len(session.absent)
        if year == ARTICLE_YEAR and len(first) + len(late) != ARTICLE_SESSIONS:
            raise RuntimeError(
                f"The {year} yearly topic has {len(first) + len(late)} sessions, "
                f"not {ARTICLE_SESSIONS}."
            )

    def _first_sessions(self, plan: YearlyPlan, short: str) -> list:
        """The topic's deployment in the cells of the communes (or their committees), in
        the base cells and in the agency committees."""
        wide = {f"{DISTRICT_CODE}-{suffix}" for suffix in plan.committee_wide}
        organizers = []
        for organization in self.base_organizations:
            if organization.commune_id and organization.code not in wide:
                organizers += sorted(self.cells_of[organization.pk], key=lambda o: o.code)
            else:
                organizers.append(organization)
        sessions = []
        for organizer in organizers:
            if organizer.kind.level == Level.BASE:
                title = f"Hội nghị học tập, triển khai {short}"
            else:
                title = f"Sinh hoạt chi bộ chuyên đề: học tập, triển khai {short}"
            day = _day(self.rng, plan.first, plan.last)
            session = self._session(plan.topic, organizer, day, title)
            session.guests = self.rng.choice(FIRST_SESSION_GUESTS)
            sessions.append(session)
        return sessions

    def _absent(self, sessions, count: int):
        """Mark `count` members absent, drawn from all of the sessions' members."""
        pool = [(m, index) for index, s in enumerate(sessions) for m, _cell in s.members]
        for member_id, index in self.rng.sample(pool, count):
            sessions[index].absent.add(member_id)

    def _choose_article_absences(self, first, unlisted, late_days) -> list:
        """The first sessions' absentees, so that the year's totals come out as published.

        The late sessions are the sessions left to make 235: in the base organizations
        where most members were admitted or moved in after their first session, then
        make-up sessions elsewhere, each for at least one absentee. With E members
        expected at the first sessions and N newcomers expected late, the member-visits
        are 4,530 when E + N - 4,530 absences are never made up; every absentee invited
        again adds one to the members expected, whose total may not pass 4,575 (a rate
        over 99%). Returns the organizations holding a late session.
        """
        rng = self.rng
        plan = YEARLY[ARTICLE_YEAR]
        seen = {m for s in first for m, _cell in s.members}
        newcomers = {
            pk: {m for m, _cell in self.roster.expected(self.by_pk[pk], day)} - seen
            for pk, day in late_days.items()
        }
        candidates = [self.by_pk[pk] for pk in late_days]
        needed = ARTICLE_SESSIONS - len(first)
        arrived = sorted(
            (o for o in candidates if newcomers[o.pk]),
            key=lambda o: (-len(newcomers[o.pk]), o.code),
        )[:needed]
        others = [o for o in candidates if o not in arrived]
        make_up = sorted(rng.sample(others, needed - len(arrived)), key=lambda o: o.code)

        expected_first = sum(len(s.members) for s in first)
        never = expected_first + sum(len(newcomers[o.pk]) for o in arrived)
        never -= ARTICLE_MEMBER_VISITS
        late_missed = round(ARTICLE_LATE_MISSED_SHARE * (never - plan.listed_absent))
        elsewhere = never - plan.listed_absent - late_missed
        limit = int(ARTICLE_MEMBER_VISITS / ARTICLE_MIN_RATE) - ARTICLE_MEMBER_VISITS
        invited_again = max(len(make_up), min(ARTICLE_INVITED_AGAIN, limit - never))
        if elsewhere < 0 or never + invited_again > limit:
            raise RuntimeError(
                f"The {ARTICLE_YEAR} yearly topic cannot reach the published figures: "
                f"{never} absences would never be made up, {invited_again} made up."
            )
        sessions_in = defaultdict(list)
        for session in unlisted:
            sessions_in[self._base_of(session.organizer).pk].append(session)
        for organization in make_up:
            # Someone still in the organization when the make-up session takes place.
            staying = {
                m for m, _cell in self.roster.expected(organization, late_days[organization.pk])
            }
            pool = sorted(
                (m, index)
                for index, s in enumerate(sessions_in[organization.pk])
                for m, _cell in s.members
                if m in staying
            )
            member_id, index = rng.choice(pool)
            sessions_in[organization.pk][index].absent.add(member_id)
        late = arrived + make_up
        self._absent([s for o in late for s in sessions_in[o.pk]], invited_again - len(make_up))
        self._absent([s for o in others if o not in make_up for s in sessions_in[o.pk]], elsewhere)
        return late

    def _choose_article_late_absences(self, first, late):
        """Late absentees: as many as make the member-visits exactly the published ones."""
        expected = sum(s.expected for s in first + late)
        visits = sum(len(s.members) - len(s.absent) for s in first)
        missing = visits + sum(s.expected for s in late) - ARTICLE_MEMBER_VISITS
        room = [s for s in late for _seat in range(len(s.pending) - 1)]
        if not 0 <= missing <= len(room) or expected > ARTICLE_MEMBER_VISITS / ARTICLE_MIN_RATE:
            raise RuntimeError(
                f"The {ARTICLE_YEAR} yearly topic cannot reach the published figures: "
                f"{expected} members expected, {missing} to miss a late session."
            )
        # Each late session keeps at least one member present.
        for session in self.rng.sample(room, missing):
            present = [m for m in session.pending if m not in session.absent]
            session.absent.add(self.rng.choice(present))

    def _base_of(self, organization):
        if organization.kind.level == Level.BASE:
            return organization
        return next(o for o in self.base_organizations if organization.path.startswith(o.path))

    def _reason(self, absent: bool) -> str:
        """The reason noted on a list for an absence; the clerk did not always note one."""
        if not absent or self.rng.random() < UNEXPLAINED_ABSENCES:
            return ""
        return self.rng.choice(ABSENCE_REASONS)

    def _plan_continued(self):
        """2025: base committees study the 2024 topic again, as the province asked."""
        short = next(t.short_title for t in TOPICS if t.key == CONTINUED_TOPIC)
        for organization in self.base_organizations:
            if organization.kind.holds_members:
                continue
            day = _day(self.rng, CONTINUED_FIRST, CONTINUED_LAST)
            session = self._session(
                CONTINUED_TOPIC,
                organization,
                day,
                f"Hội nghị tiếp tục học tập, thực hiện {short} trong năm 2025",
            )
            self._typed_counts(session, (0.02, 0.06), (2, 8))

    # --- resolutions and the book --------------------------------------------------

    def _typed_counts(self, session, absence, guests):
        rate = 1 - self.rng.uniform(*absence)
        session.member_visits = min(session.expected, round(session.expected * rate))
        session.guests = self.rng.randint(*guests)

    def _plan_resolution(self, plan: ResolutionPlan):
        rng = self.rng
        topic = next(t for t in TOPICS if t.key == plan.topic)
        name = topic.short_title.replace("Nghị quyết ", "Nghị quyết Hội nghị ")
        if plan.conference:
            session = self._session(
                plan.topic,
                self.district,
                plan.conference,
                f"Hội nghị trực tuyến học tập, quán triệt, triển khai {name}",
                expected=plan.invited,
                format=SessionFormat.ONLINE,
                connected_points=CONNECTED_POINTS,
                note=CONFERENCE_NOTE,
            )
            self._typed_counts(session, (0.02, 0.05), (25, 45))
        organizations = self.communes if plan.communes_only else self.base_organizations
        held = {s.organizer.pk for s in self.sessions if s.topic == plan.topic}
        organizations = [o for o in organizations if o.pk not in held]
        if plan.count is not None:
            organizations = sorted(rng.sample(organizations, plan.count), key=lambda o: o.code)
        for organization in organizations:
            day = _day(rng, plan.first, plan.last)
            session = self._session(
                plan.topic, organization, day, f"Hội nghị học tập, quán triệt {name}"
            )
            guests = (0, 2) if organization.kind.holds_members else (2, 12)
            self._typed_counts(session, plan.absence, guests)

    def _plan_book(self):
        """58 sessions whose attendee-visits add up to the published 4,515."""
        rng = self.rng
        work = "Sinh hoạt chính trị nghiên cứu, tìm hiểu tác phẩm của Tổng Bí thư Nguyễn Phú Trọng"
        conference = self._session(
            BOOK,
            self.district,
            BOOK_CONFERENCE,
            "Hội nghị giới thiệu, quán triệt tác phẩm của Tổng Bí thư Nguyễn Phú Trọng",
            expected=BOOK_INVITED,
            note="Triệu tập cán bộ chủ chốt huyện và báo cáo viên.",
        )
        sessions = [conference]
        # A few base cells studied it only the next year.
        base_cells = [o.pk for o in self.base_organizations if o.kind.holds_members]
        skipped = set(rng.sample(base_cells, len(self.base_organizations) + 1 - BOOK_SESSIONS))
        for organization in self.base_organizations:
            if organization.pk in skipped:
                continue
            day = _day(rng, BOOK_FIRST, BOOK_LAST)
            sessions.append(self._session(BOOK, organization, day, work))
        if len(sessions) != BOOK_SESSIONS:
            raise RuntimeError(f"The book has {len(sessions)} sessions, not {BOOK_SESSIONS}.")
        # Members' share of the attendee-visits, then the guests make up the rest.
        members_target = (1 - BOOK_GUEST_SHARE) * BOOK_ATTENDEE_VISITS
        rates = [rng.uniform(0.85, 1.0) for _session in sessions]
        scale = members_target / sum(s.expected * r for s, r in zip(sessions, rates, strict=True))
        for session, rate in zip(sessions, rates, strict=True):
            session.member_visits = min(session.expected, round(session.expected * rate * scale))
        guests = BOOK_ATTENDEE_VISITS - sum(s.member_visits for s in sessions)
        weights = [rng.uniform(0.5, 1.5) * (s.member_visits**0.5) for s in sessions]
        shares = [guests * w / sum(weights) for w in weights]
        for session, share in zip(sessions, shares, strict=True):
            session.guests = int(share)
        leftover = guests - sum(s.guests for s in sessions)
        by_remainder = sorted(
            range(len(sessions)), key=lambda i: (shares[i] - int(shares[i]), -i), reverse=True
        )
        for index in by_remainder[:leftover]:
            sessions[index].guests += 1

    # --- the propaganda board's checks ---------------------------------------------

    def _plan_checks(self):
        rng = self.rng
        others = [o for o in self.base_organizations if not o.commune_id]
        checked_in = defaultdict(set)  # year -> base organizations already checked
        for plan in CHECKS:
            year = plan.started_on.year
            required = [self.by_code[f"{DISTRICT_CODE}-{suffix}"] for suffix in plan.required]
            communes = [
                o for o in self.communes if o.pk not in checked_in[year] and o not in required
            ]
            rest = [o for o in others if o.pk not in checked_in[year]]
            chosen = required + rng.sample(communes, plan.communes - len(required))
            chosen += rng.sample(rest, plan.others)
            chosen.sort(key=lambda o: o.code)
            checked_in[year].update(o.pk for o in chosen)
            self.checks.append((plan, chosen))

    def plan(self):
        for plan in RESOLUTIONS:
            self._plan_resolution(plan)
        for year, plan in YEARLY.items():
            self._plan_yearly(year, plan)
        self._plan_book()
        self._plan_continued()
        self._plan_checks()
        if max(s.held_on for s in self.sessions) > RECORDS_UNTIL:
            raise RuntimeError("A session comes after the district's last day.")

    # --- writing -------------------------------------------------------------------

    def _topics(self) -> dict:
        topics = {}
        for spec in TOPICS:
            topic = StudyTopic(
                kind=spec.kind,
                title=spec.title,
                short_title=spec.short_title,
                year=spec.year,
                term=spec.term,
                issuing_body=spec.issuing_body,
                document_number=spec.document_number,
                issued_on=spec.issued_on,
                description=spec.description,
                owner=self.district,
            )
            topic.full_clean()
            topic.save()
            topics[spec.key] = topic
        return topics

    def _write_checks(self, topics):
        """Each round is an inspection event of the board, its plan numbered in its year."""
        numbers = {}
        subjects = []
        for plan, organizations in self.checks:
            year = plan.started_on.year
            if year not in numbers:
                numbers[year] = self.rng.randint(8, 20)
            numbers[year] += self.rng.randint(3, 9)
            event = Inspection(
                performer=self.district,
                body=PerformingBody.BOARD,
                kind=InspectionKind.COMPLIANCE,
                decision_number=f"{numbers[year]:02d}-{BOARD_ISSUER}",
                decided_on=plan.started_on - days(self.rng.randint(10, 20)),
                period_start=date(year, 1, 1),
                period_end=plan.started_on,
                started_on=plan.started_on,
                ended_on=plan.started_on + days(self.rng.randint(15, 30)),
                content=plan.content,
                summary=CHECK_SUMMARY.format(count=len(organizations)),
            )
            event.full_clean()
            event.save()
            for organization in organizations:
                subject = InspectionSubject(
                    event=event,
                    organization=organization,
                    conclusion=InspectionConclusion.NO_VIOLATION,
                )
                subject.full_clean()
                subjects.append(subject)
            for key in plan.topics:
                topics[key].inspections.add(event)
        InspectionSubject.objects.bulk_create(subjects, batch_size=BATCH_SIZE)

    def write(self) -> int:
        topics = self._topics()
        self.sessions.sort(key=lambda s: (s.held_on, s.organizer.path, s.topic))
        rows = []
        for planned in self.sessions:
            topic = topics[planned.topic]
            session = StudySession(
                topic=topic,
                organizer=planned.organizer,
                held_on=planned.held_on,
                title=planned.title,
                format=planned.format,
                connected_points=planned.connected_points,
                attendee_visits=planned.member_visits + planned.guests,
                member_visits=planned.member_visits,
                members_expected=planned.expected,
                members_counted=planned.counted,
                has_attendance_list=planned.rows is not None,
                note=planned.note,
            )
            session.search_text = fold(
                f"{session.title} {topic.title} {topic.short_title} {planned.organizer.name}"
            )[:800]
            session.clean()
            planned.model = session
            rows.append(session)
        StudySession.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        attendance = [
            Attendance(
                session=planned.model,
                member_id=member_id,
                organization_id=cell_id,
                present=present,
                note=note,
            )
            for planned in self.sessions
            if planned.rows is not None
            for member_id, cell_id, present, note in planned.rows
        ]
        Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
        self._write_checks(topics)
        return len(rows)


@transaction.atomic
def load_studies() -> int:
    """Create the demo's study topics, sessions and checks; returns how many sessions.

    Does nothing (and returns 0) when the district has no members yet or already has
    study topics, demo or real.
    """
    district = PartyOrganization.objects.filter(code=DISTRICT_CODE).first()
    if (
        district is None
        or not Membership.objects.filter(organization__path__startswith=district.path).exists()
    ):
        return 0
    if StudyTopic.objects.filter(owner__path__startswith=district.path).exists():
        return 0
    demo = _DemoStudies(district)
    demo.plan()
    return demo.write()
