"""Party members, their history in cells, positions, ratings, badges and discipline.

A member's lifecycle (admission, recognition, transfers, leaving) changes through the
service functions in `services.py`, never by editing fields: each action checks its
rules and leaves a `MemberEvent` on the member's timeline.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    PeriodQuerySet,
    ScopedQuerySet,
    StableIdentityModel,
    TimestampedModel,
)
from apps.core.text import fold, person_sort_key
from apps.organizations.models import PartyOrganization

# Điều lệ Đảng (2011), art. 5: twelve months of probation from the admission ceremony.
# In force for every record the app holds; a later rule gets its own dated constant.
PROBATION_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PoliticalTheory(models.TextChoices):
    # Statistics count each member once, at the highest level reached.
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")
    REMOVED = "removed", _("Removed from the rolls")
    EXPELLED = "expelled", _("Expelled")

    @classmethod
    def active(cls):
        return [cls.PROBATIONARY, cls.OFFICIAL]


class Grade(models.TextChoices):
    """Quality rating levels of Quy định 124-QĐ/TW (2023), for members and organizations."""

    EXCELLENT = "excellent", _("Excellently completed")
    GOOD = "good", _("Well completed")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


class MemberQuerySet(ScopedQuerySet):
    scope_path = "cell__path"

    def active(self):
        return self.filter(status__in=MemberStatus.active())

    def in_subtree(self, organization):
        return self.filter(cell__path__startswith=organization.path)

    def admitted_in(self, year: int):
        return self.filter(admitted_on__year=year)


class PartyMember(StableIdentityModel, TimestampedModel):
    """A party member as the register (form 7-HSĐV) describes them."""

    family_name = models.CharField(_("family and middle name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=50)
    other_name = models.CharField(_("other name"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    residence = models.CharField(_("permanent residence"), max_length=200, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    education = models.CharField(_("general education"), max_length=20, blank=True)
    expertise = models.CharField(_("professional qualification"), max_length=100, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    # Identity numbers are text: they keep their leading zeros.
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    old_card_number = models.CharField(_("old party card number"), max_length=20, blank=True)
    admission_decided_on = models.DateField(
        _("admission decision date"),
        null=True,
        blank=True,
        help_text=_("Party seniority counts from this date."),
    )
    admitted_on = models.DateField(
        _("admission date"), help_text=_("The admission ceremony; probation counts from it.")
    )
    official_on = models.DateField(_("official since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    cell = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("party cell"),
        help_text=_("Where the member is active now (the last cell, once they have left)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    search_text = models.CharField(max_length=300, editable=False, default="")
    name_sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = MemberQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name_sort_key", "pk"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        permissions = [
            (
                "view_personal_data",
                _("Can see members' date of birth, origin, ethnicity and religion"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="member_card_number_unique",
                violation_error_message=_("Another member already has this party card number."),
            ),
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gt=models.F("admitted_on")),
                name="member_official_after_admission",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "admitted_on"]),
            # Lets a list's count by status read the index alone (no table rows).
            models.Index(fields=["status", "cell"], name="member_status_cell"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in MemberStatus.active()

    @property
    def probation_ends_on(self) -> datetime.date:
        return add_months(self.admitted_on, PROBATION_MONTHS)

    def refresh_derived_fields(self):
        self.family_name = " ".join(self.family_name.split())
        self.given_name = " ".join(self.given_name.split())
        self.search_text = fold(
            f"{self.full_name} {self.other_name} {self.card_number} {self.personal_id}"
        )[:300]
        self.name_sort_key = person_sort_key(self.given_name, self.family_name)

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)


class MemberRecordQuerySet(ScopedQuerySet):
    """Records of one member are seen by whoever sees the member's cell."""

    scope_path = "member__cell__path"


class MemberPeriodQuerySet(PeriodQuerySet):
    scope_path = "member__cell__path"


class Membership(StableIdentityModel):
    """A period a member spent active in one cell: transfers close one and open the next.

    Counting the members of a subtree on a date is one query over this table.
    """

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("party cell"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MemberPeriodQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "started_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(ended_on__isnull=True), name="membership_one_open"
            ),
        ]
        indexes = [models.Index(fields=["organization", "started_on", "ended_on"])]

    def __str__(self):
        return f"{self.member} — {self.organization}"


class MemberEvent(StableIdentityModel):
    """One step of a member's lifecycle, with who recorded it and when."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admitted")
        RECOGNITION = "recognition", _("Recognised as official")
        TRANSFER = "transfer", _("Transferred to another cell")
        TRANSFER_OUT = "transfer_out", _("Transferred out of the district")
        DEATH = "death", _("Deceased")
        REMOVAL = "removal", _("Removed from the rolls")
        EXPULSION = "expulsion", _("Expelled")
        EXEMPTION = "exemption", _("Exempted from activities")
        EXEMPTION_END = "exemption_end", _("Exemption ended")

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="events", verbose_name=_("member")
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("party cell"),
    )
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = MemberRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["happened_on", "recorded_at", "pk"]
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        # The year's admissions (yearly results, party development) by kind and date.
        indexes = [models.Index(fields=["kind", "happened_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.happened_on:%d/%m/%Y})"


class Exemption(StableIdentityModel):
    """Exemption from duties and cell activities (miễn công tác và sinh hoạt đảng)."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="exemptions", verbose_name=_("member")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = MemberPeriodQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "started_on"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="exemption_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.started_on:%d/%m/%Y}"


class Position(StableIdentityModel):
    """A post held over a period; later figures ask who held what on a given date."""

    class Role(models.TextChoices):
        COMMITTEE_MEMBER = "committee_member", _("Committee member")
        STANDING_MEMBER = "standing_member", _("Standing committee member")
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        KEY_CADRE = "key_cadre", _("Key cadre managed by the district")

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="positions", verbose_name=_("member")
    )
    role = models.CharField(_("position"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("of organization"),
        help_text=_("The committee the member sits on, or the committee that manages the cadre."),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MemberPeriodQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "started_on"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="position_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.organization}"

    @property
    def level(self):
        """The committee's tier: district-level, base-level or cell-level post."""
        return self.organization.kind.get_level_display()


class MemberRating(StableIdentityModel):
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("rating"), max_length=20, choices=Grade.choices)

    objects = MemberRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "-year"]
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="member_rating_once_a_year")
        ]
        indexes = [
            # The yearly results count a subtree's grades from the index alone (the grade
            # rides along on PostgreSQL): thousands of ratings without reading the table.
            models.Index(fields=["member", "year"], include=["grade"], name="member_rating_grade")
        ]

    def __str__(self):
        return f"{self.year}: {self.get_grade_display()}"


class OrganizationRating(StableIdentityModel):
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("rating"), max_length=20, choices=Grade.choices)

    objects = ScopedQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["organization", "-year"]
        verbose_name = _("organization rating")
        verbose_name_plural = _("organization ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="organization_rating_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.year}: {self.get_grade_display()}"


# Party badge milestones (Quy định 94-QĐ/TW and its successors): years of seniority.
BADGE_YEARS = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]


class Badge(StableIdentityModel):
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="badges", verbose_name=_("member")
    )
    years = models.PositiveSmallIntegerField(
        _("badge (years)"), choices=[(years, years) for years in BADGE_YEARS]
    )
    awarded_on = models.DateField(_("awarded on"))
    decision = models.CharField(_("decision"), max_length=100, blank=True)

    objects = MemberRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "years"]
        verbose_name = _("party badge")
        verbose_name_plural = _("party badges")
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once")]

    def __str__(self):
        return _("%(years)s-year badge") % {"years": self.years}


class Discipline(StableIdentityModel):
    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("Reprimand")
        WARNING = "warning", _("Warning")
        DISMISSAL = "dismissal", _("Dismissal from post")
        EXPULSION = "expulsion", _("Expulsion")

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="disciplines", verbose_name=_("member")
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    decided_on = models.DateField(_("decided on"))
    deciding_body = models.CharField(_("deciding body"), max_length=200)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = MemberRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["member", "decided_on"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self):
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"


class CandidateQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def waiting(self):
        return self.filter(admitted_member__isnull=True, dropped_on__isnull=True)

    def count_by_stage(self) -> dict:
        """{stage: number of candidates}, in one query; the stage is the last one reached."""
        trained = Q(course_completed_on__isnull=False)
        sympathiser = Q(sympathiser_on__isnull=False) & ~trained
        elite = Q(sympathiser_on__isnull=True) & ~trained
        counts = self.aggregate(
            elite=Count("pk", filter=elite),
            sympathiser=Count("pk", filter=sympathiser),
            trained=Count("pk", filter=trained),
        )
        return {stage: counts[stage.value] for stage in Candidate.Stage}


class Candidate(StableIdentityModel, TimestampedModel):
    """Someone on the way to admission: elite of the masses → sympathiser → course."""

    class Stage(models.TextChoices):
        ELITE = "elite", _("Outstanding mass member")
        SYMPATHISER = "sympathiser", _("Party sympathiser")
        TRAINED = "trained", _("Completed the Party awareness course")

    family_name = models.CharField(_("family and middle name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("party cell"),
    )
    identified_on = models.DateField(_("identified on"))
    sympathiser_on = models.DateField(_("sympathiser since"), null=True, blank=True)
    course_completed_on = models.DateField(_("course completed on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    admitted_member = models.OneToOneField(
        PartyMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name=_("admitted as"),
    )
    notes = models.TextField(_("notes"), blank=True)
    name_sort_key = models.CharField(max_length=255, editable=False, default="")
    search_text = models.CharField(max_length=300, editable=False, default="")

    objects = CandidateQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name_sort_key", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        # The list's order: a page is read off the index, not sorted from every row.
        indexes = [models.Index(fields=["name_sort_key", "id"], name="candidate_name_order")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:candidate-update", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def months_waiting(self) -> int:
        """Whole months from being identified to admission, dropping out, or today."""
        end = self.dropped_on or timezone.localdate()
        if self.admitted_member_id:
            end = self.admitted_member.admitted_on
        months = (end.year - self.identified_on.year) * 12 + end.month - self.identified_on.month
        return max(months - (end.day < self.identified_on.day), 0)

    @property
    def stage(self):
        if self.course_completed_on:
            return self.Stage.TRAINED
        if self.sympathiser_on:
            return self.Stage.SYMPATHISER
        return self.Stage.ELITE

    def clean(self):
        dates = [self.identified_on, self.sympathiser_on, self.course_completed_on]
        known = [day for day in dates if day]
        if known != sorted(known):
            raise ValidationError(_("The stages' dates must follow one another in order."))

    def save(self, *args, **kwargs):
        self.search_text = fold(self.full_name)
        self.name_sort_key = person_sort_key(self.given_name, self.family_name)
        super().save(*args, **kwargs)
