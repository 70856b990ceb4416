"""Inspections (kiểm tra) and supervision (giám sát) under Quy định 22-QĐ/TW (2021).

Both have the same shape, written once in the abstract `OversightEvent` and
`OversightSubject`: an organization's body acts, on a decision, over some dates, on
subjects (organizations and members), each with its own conclusion. They differ in
their kinds and conclusions, and in what may follow (discipline after an inspection,
an inspection after a supervision).

A member subject keeps, as of the event's start date, the cell they were in, whether
they sat on a committee (and at which level) and whether they were a key cadre, so
that later changes of position or cell never change a past year's statistics.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    ScopedQuerySet,
    StableIdentityModel,
    TimestampedModel,
    model_permission,
    outermost_paths,
    paths_condition,
    subquery_count,
    user_paths_condition,
)
from apps.core.text import fold
from apps.members.models import Discipline, Membership, PartyMember, Position
from apps.organizations.models import OrganizationKind, PartyOrganization

Level = OrganizationKind.Level

# Posts that make a member a committee member (cấp ủy viên) of the organization they are
# held at; the organization's tier gives the level the statistics count them at.
COMMITTEE_ROLES = [
    Position.Role.COMMITTEE_MEMBER,
    Position.Role.STANDING_MEMBER,
    Position.Role.SECRETARY,
    Position.Role.DEPUTY_SECRETARY,
]
LEVEL_RANK = {Level.SUPERIOR: 3, Level.BASE: 2, Level.BELOW_BASE: 1}


class PerformingBody(models.TextChoices):
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")
    CELL = "cell", _("Party cell")
    # A board of the committee (e.g. the propaganda board checking how a resolution was
    # studied) checks work too, but its checks are not Quy định 22 inspections and stay
    # out of those statistics.
    BOARD = "board", _("Committee board (outside Quy định 22)")


class InspectionKind(models.TextChoices):
    COMPLIANCE = "compliance", _("Compliance inspection")
    SIGNS_OF_VIOLATION = "signs_of_violation", _("Inspection on signs of violation")
    OVERSIGHT_DUTIES = (
        "oversight_duties",
        _("Inspection of inspection, supervision and discipline duties"),
    )
    FINANCES = "finances", _("Inspection of party finances")
    PARTY_FEES = "party_fees", _("Inspection of party-fee collection")
    DISCIPLINE_ENFORCEMENT = "discipline_enforcement", _("Inspection of discipline enforcement")


class InspectionConclusion(models.TextChoices):
    NO_VIOLATION = "no_violation", _("No violation found")
    SHORTCOMINGS = "shortcomings", _("Shortcomings to remedy")
    VIOLATION = "violation", _("Violation found")


class SupervisionKind(models.TextChoices):
    REGULAR = "regular", _("Regular supervision")
    THEMATIC = "thematic", _("Thematic supervision")


class SupervisionConclusion(models.TextChoices):
    NO_SIGNS = "no_signs", _("No sign of violation")
    SIGNS_OF_VIOLATION = "signs_of_violation", _("Signs of violation found")


class OrganizationDisciplineForm(models.TextChoices):
    """Discipline of an organization (Điều lệ Đảng, art. 36)."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DISSOLUTION = "dissolution", _("Dissolution")


class OversightEventQuerySet(ScopedQuerySet):
    """Events are seen by the performer's scope and by the scope of any of their subjects.

    A commune's clerk thus sees the district's inspection of their commune, though only
    the performer's scope may change it (`editable_by`).
    """

    scope_path = "performer__path"

    def under_paths(self, paths):
        paths = outermost_paths(paths)
        if not paths:
            return self.none()
        reached = self.model.subject_model().objects.filter(
            paths_condition("organization__path", paths)
        )
        reached = reached.order_by().values("event_id")
        if any(path.count(".") == 1 for path in paths):
            # A whole tree (the district or province office): nearly every event is
            # performed in it, so the performer's id in a hashed set of the tree's ids
            # decides almost every row, and PostgreSQL hashes the subjects' events only
            # for the rest. Matching the performer by id, not by a joined path, lets a
            # page walk the events in date order and stop after 25.
            performers = PartyOrganization.objects.filter(paths_condition("path", paths))
            return self.filter(Q(performer__in=performers.values("pk")) | Q(pk__in=reached))
        # A branch (a commune): few events, found fastest as the union of both halves'
        # ids. An OR with an EXISTS per event read every event and every subject.
        performed = self.model.objects.filter(paths_condition("performer__path", paths))
        return self.filter(pk__in=performed.order_by().values("pk").union(reached))

    def editable_by(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # Where the user's roles allow changing these events (apps/accounts/roles.py).
        paths = outermost_paths(user.paths_with(model_permission(self.model, "change")))
        if not paths:
            return self.none()
        return self.filter(paths_condition("performer__path", paths))

    def in_year(self, year: int):
        return self.filter(started_on__year=year)

    def with_subject_summary(self, user):
        """Each event with the counts of its subjects and the organizations it reached.

        Only the subjects `user` may see are counted and named: a district event can
        reach many communes, and a commune's clerk sees only their own.
        """
        subjects = self.model.subject_model().objects.filter(
            user_paths_condition(user, "organization__path")
        )
        organization_subjects = Prefetch(
            "subjects",
            queryset=self.model.subject_model()
            .objects.visible_to(user)
            .organizations()
            .select_related("organization")
            .order_by("organization__path"),
            to_attr="organization_subjects",
        )
        return (
            self.select_related("performer")
            .prefetch_related(organization_subjects)
            .annotate(
                organization_count=subquery_count(subjects.organizations(), "event"),
                member_count=subquery_count(subjects.members(), "event"),
                violation_count=subquery_count(
                    subjects.filter(conclusion=self.model.violation_conclusion), "event"
                ),
            )
        )


class OversightEvent(StableIdentityModel, TimestampedModel):
    """One inspection or supervision: who acts, on what decision, when, about what."""

    performer = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="%(class)ss_performed",
        verbose_name=_("performing organization"),
    )
    body = models.CharField(_("performing body"), max_length=30, choices=PerformingBody.choices)
    # Copied from the performer's kind on save: statistics group by it.
    performing_level = models.CharField(
        _("performing level"), max_length=20, choices=Level.choices, editable=False
    )
    decision_number = models.CharField(
        _("decision number"), max_length=100, blank=True, help_text=_("For example 15-QĐ/HU.")
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    period_start = models.DateField(_("period covered from"), null=True, blank=True)
    period_end = models.DateField(_("period covered until"), null=True, blank=True)
    started_on = models.DateField(
        _("started on"),
        help_text=_("Subjects' committee posts and cells are taken as of this date."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    content = models.TextField(_("content"))
    summary = models.TextField(_("overall conclusion"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")

    objects = OversightEventQuerySet.as_manager()

    # Set by each concrete model.
    url_prefix = ""
    violation_conclusion = ""

    history = History(inherit=True)

    class Meta:
        abstract = True
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        label = self.decision_number or formats.date_format(self.started_on, "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} — {self.performer} ({label})"

    @classmethod
    def subject_model(cls):
        return cls._meta.get_field("subjects").related_model

    def get_absolute_url(self):
        return reverse(f"oversight:{self.url_prefix}-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.decided_on and self.started_on and self.decided_on > self.started_on:
            errors["decided_on"] = _("The decision must come before the work starts.")
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end cannot come before the start.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.performer_id and self.started_on:
            try:
                self.performer.ensure_accepts_records_on(self.started_on)
            except ValidationError as error:
                errors["performer"] = error.messages
            holds_members = self.performer.kind.holds_members
            if self.body == PerformingBody.CELL and not holds_members:
                errors["body"] = _("Only a party cell acts as a cell; choose one of its bodies.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.performing_level = self.performer.kind.level
        self.search_text = fold(
            f"{self.decision_number} {self.content} {self.performer.name} {self.performer.code}"
        )[:400]
        super().save(*args, **kwargs)


class OversightSubjectQuerySet(ScopedQuerySet):
    """A subject belongs to the organization inspected, or to the member's cell then."""

    scope_path = "organization__path"

    def members(self):
        return self.filter(member__isnull=False)

    def organizations(self):
        return self.filter(member__isnull=True)

    def in_year(self, year: int):
        return self.filter(event__started_on__year=year)

    def under_regulation_22(self):
        """Leave out the checks of a committee's boards, which Quy định 22 does not count."""
        return self.exclude(event__body=PerformingBody.BOARD)

    def violations(self):
        return self.filter(conclusion=self.model.event_model().violation_conclusion)

    def disciplined(self):
        """Subjects on whom discipline followed (only inspections lead to discipline)."""
        if not self.model.leads_to_discipline:
            return self.none()
        return self.filter(Q(discipline__isnull=False) | ~Q(organization_discipline=""))

    def for_display(self):
        """With everything a subject table shows, in the same query."""
        subjects = self.select_related("event__performer", "organization", "member")
        if self.model.leads_to_discipline:
            return subjects.select_related("discipline")
        return subjects.select_related("follow_up__performer")

    def event_order(self):
        """As an event's page lists them: organizations first, then members by name."""
        return self.order_by(
            F("member__name_sort_key").asc(nulls_first=True), "organization__path", "pk"
        )

    def count_by_conclusion(self) -> dict:
        return dict(self.order_by().values_list("conclusion").annotate(count=Count("pk")))

    def one_per_subject(self):
        """Keep one row per organization or member, so the list matches a distinct count."""
        members = self.members().values("member").annotate(first=models.Min("pk"))
        organizations = self.organizations().values("organization").annotate(first=models.Min("pk"))
        return self.filter(
            Q(pk__in=members.values("first")) | Q(pk__in=organizations.values("first"))
        )


class OversightSubject(StableIdentityModel):
    """An organization or a member the event looked at, and what it concluded."""

    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("organization"),
        help_text=_("The organization looked at, or the member's cell on the start date."),
    )
    member = models.ForeignKey(
        PartyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("party member"),
    )
    committee_level = models.CharField(
        _("committee member at"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        editable=False,
        help_text=_("The highest committee the member sat on at the start date."),
    )
    was_key_cadre = models.BooleanField(_("key cadre"), default=False, editable=False)
    note = models.TextField(_("note"), blank=True)

    objects = OversightSubjectQuerySet.as_manager()

    history = History(inherit=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=Q(member__isnull=False),
                name="%(class)s_member_once",
            ),
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(member__isnull=True),
                name="%(class)s_organization_once",
            ),
        ]

    leads_to_discipline = False

    def __str__(self):
        return str(self.member or self.organization)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @classmethod
    def event_model(cls):
        return cls._meta.get_field("event").related_model

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def is_violation(self) -> bool:
        return self.conclusion == self.event.violation_conclusion

    def take_snapshot(self):
        """Fill the member's cell, committee level and key-cadre flag as of the start date."""
        snapshot = member_snapshots([self.member_id], self.event.started_on).get(self.member_id)
        if snapshot is None:
            raise ValidationError(
                {
                    "member": _("%(name)s was not an active member on %(date)s.")
                    % {
                        "name": self.member,
                        "date": formats.date_format(self.event.started_on, "SHORT_DATE_FORMAT"),
                    }
                }
            )
        self.organization_id, self.committee_level, self.was_key_cadre = snapshot

    def clean_fields(self, exclude=None):
        # A member's organization is their cell on the start date: take the snapshot
        # before the fields are checked. It is taken once; editing the conclusion later
        # keeps the snapshot the subject had.
        exclude = set(exclude or ())
        errors = {}
        needs_snapshot = self._state.adding or not self.organization_id
        if self.member_id and self.event_id and needs_snapshot:
            try:
                self.take_snapshot()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
                exclude.add("organization")
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        if not self.event_id:
            return
        event = self.event
        if self.member_id:
            if not self.organization_id:
                return  # no snapshot: clean_fields has said why
            organization = PartyOrganization.objects.get(pk=self.organization_id)
            if not organization.path.startswith(event.performer.path):
                raise ValidationError(
                    {"member": _("%(name)s is not under %(performer)s.")
                     % {"name": self.member, "performer": event.performer}}
                )  # fmt: skip
        elif self.organization_id:
            organization = self.organization
            inside = organization.path.startswith(event.performer.path)
            if not inside or organization.pk == event.performer_id:
                raise ValidationError(
                    {"organization": _("%(name)s is not under %(performer)s.")
                     % {"name": organization, "performer": event.performer}}
                )  # fmt: skip
            if organization.founded_on and organization.founded_on > event.started_on:
                raise ValidationError(
                    {"organization": _("%(name)s was only founded on %(date)s.")
                     % {"name": organization,
                        "date": formats.date_format(organization.founded_on)}}
                )  # fmt: skip
        else:
            raise ValidationError(_("Choose an organization or a member."))
        self.clean_outcome()

    def clean_outcome(self):
        """Rules on what may follow the conclusion; each concrete model adds its own."""


def member_snapshots(member_ids, day: datetime.date) -> dict:
    """{member id: (cell id, committee level, key cadre?)} as of `day`, in two queries.

    Members with no cell on `day` (not yet admitted, left, or transferred out) are
    missing from the result.
    """
    member_ids = list(member_ids)
    snapshots = {}
    memberships = Membership.objects.on(day).filter(member_id__in=member_ids)
    for member_id, cell_id in memberships.values_list("member_id", "organization_id"):
        snapshots[member_id] = [cell_id, "", False]
    positions = Position.objects.on(day).filter(member_id__in=list(snapshots))
    for member_id, role, level in positions.values_list(
        "member_id", "role", "organization__kind__level"
    ):
        snapshot = snapshots[member_id]
        if role == Position.Role.KEY_CADRE:
            snapshot[2] = True
        elif LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(snapshot[1], 0):
            snapshot[1] = level
    return {member_id: tuple(values) for member_id, values in snapshots.items()}


class Inspection(OversightEvent):
    kind = models.CharField(_("kind"), max_length=30, choices=InspectionKind.choices)

    url_prefix = "inspection"
    violation_conclusion = InspectionConclusion.VIOLATION

    class Meta(OversightEvent.Meta):
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["started_on"])]


class InspectionSubject(OversightSubject):
    event = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("inspection")
    )
    conclusion = models.CharField(
        _("conclusion"),
        max_length=30,
        choices=InspectionConclusion.choices,
        default=InspectionConclusion.NO_VIOLATION,
    )
    discipline_required = models.BooleanField(
        _("discipline warranted"),
        default=False,
        help_text=_("The violation is serious enough to require discipline."),
    )
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_subjects",
        verbose_name=_("discipline imposed"),
    )
    organization_discipline = models.CharField(
        _("discipline of the organization"),
        max_length=20,
        choices=OrganizationDisciplineForm.choices,
        blank=True,
    )

    leads_to_discipline = True

    class Meta(OversightSubject.Meta):
        verbose_name = _("inspection subject")
        verbose_name_plural = _("inspection subjects")

    @property
    def is_disciplined(self) -> bool:
        return bool(self.discipline_id or self.organization_discipline)

    def clean_outcome(self):
        errors = {}
        violation = self.conclusion == InspectionConclusion.VIOLATION
        if not violation and (self.discipline_required or self.is_disciplined):
            errors["conclusion"] = _("Discipline follows only a violation.")
        if self.discipline_id and self.discipline.member_id != self.member_id:
            errors["discipline"] = _("This discipline belongs to another member.")
        if self.organization_discipline and self.member_id:
            errors["organization_discipline"] = _("A member's discipline is linked above.")
        if errors:
            raise ValidationError(errors)


class Supervision(OversightEvent):
    kind = models.CharField(_("kind"), max_length=30, choices=SupervisionKind.choices)

    url_prefix = "supervision"
    violation_conclusion = SupervisionConclusion.SIGNS_OF_VIOLATION

    class Meta(OversightEvent.Meta):
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        indexes = [models.Index(fields=["started_on"])]


class SupervisionSubject(OversightSubject):
    event = models.ForeignKey(
        Supervision,
        on_delete=models.CASCADE,
        related_name="subjects",
        verbose_name=_("supervision"),
    )
    conclusion = models.CharField(
        _("conclusion"),
        max_length=30,
        choices=SupervisionConclusion.choices,
        default=SupervisionConclusion.NO_SIGNS,
    )
    follow_up = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prompted_by",
        verbose_name=_("follow-up inspection"),
        help_text=_("The inspection that signs of violation led to."),
    )

    class Meta(OversightSubject.Meta):
        verbose_name = _("supervision subject")
        verbose_name_plural = _("supervision subjects")

    is_disciplined = False

    def clean_outcome(self):
        if self.follow_up_id and self.conclusion != SupervisionConclusion.SIGNS_OF_VIOLATION:
            raise ValidationError(
                {"follow_up": _("An inspection follows only signs of violation.")}
            )
