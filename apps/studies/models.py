"""Political study: what is studied (topics) and each session that studied it.

A session keeps three counts, as the district's reports give them: attendee-visits
(lượt đại biểu, anyone present), member-visits (lượt đảng viên) and the members
expected (the organizing subtree's members on that date, less those exempted from
activities). Where a clerk records the attendance list member by member, the last two
come from the list. The participation rate of a topic is member-visits over members
expected, summed over its sessions.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    ScopedQuerySet,
    StableIdentityModel,
    TimestampedModel,
    ancestor_paths,
    model_permission,
    outermost_paths,
    paths_condition,
)
from apps.core.text import fold
from apps.members.models import Exemption, Membership, PartyMember
from apps.organizations.models import PartyOrganization

YEAR_VALIDATORS = [MinValueValidator(1930), MaxValueValidator(2100)]


class TopicKind(models.TextChoices):
    CENTRAL_RESOLUTION = "central_resolution", _("Resolution of the Central Committee")
    COMMITTEE_RESOLUTION = "committee_resolution", _("Resolution of a party committee")
    YEARLY_TOPIC = "yearly_topic", _("Yearly topic under Directive 05-CT/TW")
    WORK = "work", _("Work or book")
    OTHER = "other", _("Other topic")


class StudyTopicQuerySet(ScopedQuerySet):
    """A topic belongs to the organization that keeps it in the catalogue.

    It is seen by that organization's subtree and by every organization above the
    user's (a commune's clerk studies the district's and the province's topics too),
    and changed only within the keeper's subtree (`editable_by`).
    """

    scope_path = "owner__path"

    def under_paths(self, paths):
        paths = outermost_paths(paths)
        if not paths:
            return self.none()
        return self.filter(
            paths_condition("owner__path", paths) | Q(owner__path__in=ancestor_paths(paths))
        )

    def editable_by(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # Where the user's roles allow changing topics (apps/accounts/roles.py).
        return super().under_paths(user.paths_with(model_permission(self.model, "change")))


class StudyTopic(StableIdentityModel, TimestampedModel):
    """A resolution, a yearly topic, a work or another subject of political study."""

    kind = models.CharField(_("kind"), max_length=30, choices=TopicKind.choices)
    title = models.CharField(_("title"), max_length=400)
    short_title = models.CharField(
        _("short title"),
        max_length=120,
        blank=True,
        help_text=_("As reports name it, for example “Chuyên đề năm 2023”."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    term = models.CharField(
        _("term"), max_length=60, blank=True, help_text=_("For example “khóa XIII”.")
    )
    issuing_body = models.CharField(
        _("issued by"),
        max_length=200,
        help_text=_("The body that issued it, or the author of a work."),
    )
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("For example 05-CT/TW.")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="study_topics",
        verbose_name=_("kept by"),
        help_text=_("The organization that keeps this topic in its catalogue."),
    )
    # How the study of this topic was carried out was inspected (oversight issue).
    inspections = models.ManyToManyField(
        "oversight.Inspection",
        blank=True,
        related_name="study_topics",
        verbose_name=_("inspections of how it was studied"),
    )
    search_text = models.CharField(max_length=600, editable=False, default="")

    objects = StudyTopicQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("study topic")
        verbose_name_plural = _("study topics")

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        return reverse("studies:topic-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.year is None and not self.term:
            errors["year"] = _("Give the year or the term of the topic.")
        if self.kind == TopicKind.YEARLY_TOPIC and self.year is None:
            errors["year"] = _("A yearly topic needs its year.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = fold(
            " ".join(
                [self.title, self.short_title, self.term, self.issuing_body, self.document_number]
            )
        )[:600]
        super().save(*args, **kwargs)


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online, with connected points")


def expected_members(organization: PartyOrganization, day: datetime.date):
    """The members a session of `organization` on `day` is for.

    Everyone active in its subtree that day, less those exempted from activities.
    """
    exempted = Exemption.objects.on(day).filter(member=OuterRef("pk"))
    in_subtree = Membership.objects.on(day).filter(
        organization__path__startswith=organization.path, member=OuterRef("pk")
    )
    return PartyMember.objects.filter(Exists(in_subtree)).exclude(Exists(exempted))


class StudySessionQuerySet(ScopedQuerySet):
    scope_path = "organizer__path"

    def in_year(self, year: int):
        return self.filter(held_on__year=year)

    @staticmethod
    def _figures():
        return {
            "sessions": models.Count("pk"),
            "attendee_visits": Sum("attendee_visits", default=0),
            "member_visits": Sum("member_visits", default=0),
            "members_expected": Sum("members_expected", default=0),
            "listed_sessions": models.Count("pk", filter=Q(has_attendance_list=True)),
        }

    def totals(self) -> dict:
        """Sessions, visits, members expected and the rate over the rows, in one query."""
        totals = self.order_by().aggregate(**self._figures())
        totals["rate"] = participation_rate(totals["member_visits"], totals["members_expected"])
        return totals

    def totals_by(self, *fields) -> list[dict]:
        """The same figures for each value of `fields` (a topic, a year), in one query."""
        rows = list(self.order_by().values(*fields).annotate(**self._figures()))
        for row in rows:
            row["rate"] = participation_rate(row["member_visits"], row["members_expected"])
        return rows


def participation_rate(member_visits: int, members_expected: int):
    """Member-visits over members expected, as a percentage (None when nobody was expected)."""
    if not members_expected:
        return None
    return 100 * member_visits / members_expected


class StudySession(StableIdentityModel, TimestampedModel):
    """One session (conference, political activity, deployment of a topic) and its counts."""

    topic = models.ForeignKey(
        StudyTopic, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("topic")
    )
    organizer = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="study_sessions",
        verbose_name=_("organized by"),
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(
        _("name of the session"),
        max_length=300,
        blank=True,
        help_text=_("For example “Hội nghị học tập, quán triệt Nghị quyết Trung ương 8”."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    connected_points = models.PositiveSmallIntegerField(
        _("connected points"), null=True, blank=True
    )
    attendee_visits = models.PositiveIntegerField(
        _("attendee-visits"), help_text=_("Everyone who attended, members or not (lượt đại biểu).")
    )
    member_visits = models.PositiveIntegerField(
        _("member-visits"), help_text=_("Party members who attended (lượt đảng viên).")
    )
    members_expected = models.PositiveIntegerField(
        _("members expected"),
        help_text=_(
            "Leave empty to count the organizing unit's members on that date, less those "
            "exempted; correct it if the session was for fewer."
        ),
    )
    # The count the app made when the session was saved, kept to show a correction.
    members_counted = models.PositiveIntegerField(_("members counted"), editable=False, default=0)
    has_attendance_list = models.BooleanField(
        _("attendance list recorded"), default=False, editable=False
    )
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=800, editable=False, default="")

    objects = StudySessionQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        indexes = [
            models.Index(fields=["topic", "held_on"]),
            # The list's newest-first order, read off the index rather than sorted.
            models.Index(fields=["held_on", "id"], name="session_held_order"),
            # A topic's sessions in the user's organizations, counted from the index alone.
            models.Index(fields=["topic", "organizer"], name="session_topic_organizer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_visits__lte=models.F("members_expected")),
                name="session_members_within_expected",
            ),
            models.CheckConstraint(
                condition=Q(member_visits__lte=models.F("attendee_visits")),
                name="session_members_among_attendees",
            ),
        ]

    def __str__(self):
        return f"{self.topic} — {self.organizer.name} ({formats.date_format(self.held_on)})"

    def get_absolute_url(self):
        return reverse("studies:session-detail", args=[self.pk])

    @property
    def rate(self):
        return participation_rate(self.member_visits, self.members_expected)

    def count_expected_members(self) -> int:
        return expected_members(self.organizer, self.held_on).count()

    def clean(self):
        errors = {}
        if self.organizer_id and self.held_on:
            try:
                self.organizer.ensure_accepts_records_on(self.held_on)
            except ValidationError as error:
                errors["organizer"] = error.messages
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A session is recorded once it has taken place.")
        if self.format == SessionFormat.IN_PERSON and self.connected_points:
            errors["connected_points"] = _("Only an online session has connected points.")
        visits, expected = self.member_visits, self.members_expected
        if visits is not None and expected is not None and visits > expected:
            errors["member_visits"] = _(
                "%(visits)d members attending is more than the %(expected)d expected. "
                "Correct the number expected if the session was for more members."
            ) % {"visits": visits, "expected": expected}
        attendees = self.attendee_visits
        if visits is not None and attendees is not None and visits > attendees:
            errors["attendee_visits"] = _(
                "Attendee-visits count everyone present, so they cannot be fewer than "
                "the %(visits)d member-visits."
            ) % {"visits": visits}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = fold(
            f"{self.title} {self.topic.title} {self.topic.short_title} {self.organizer.name}"
        )[:800]
        super().save(*args, **kwargs)


class AttendanceQuerySet(ScopedQuerySet):
    """A row belongs to the member's cell on the session's date."""

    scope_path = "organization__path"

    def missed(self):
        """Absent rows of members who attended no other session of the same topic that year."""
        attended = self.model.objects.filter(
            member=OuterRef("member"),
            session__topic=OuterRef("session__topic"),
            session__held_on__year=OuterRef("session__held_on__year"),
            present=True,
        )
        return self.filter(present=False).exclude(Exists(attended))

    def one_per_member(self):
        """Keep each member's latest row, so that a list matches a count of members."""
        latest = self.order_by().values("member").annotate(last=models.Max("pk"))
        return self.filter(pk__in=latest.values("last"))


class Attendance(StableIdentityModel):
    """One expected member on a session's attendance list: present or not."""

    session = models.ForeignKey(
        StudySession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("session"),
    )
    member = models.ForeignKey(
        PartyMember,
        on_delete=models.PROTECT,
        related_name="study_attendance",
        verbose_name=_("party member"),
    )
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party cell"),
        help_text=_("The member's cell on the session's date."),
    )
    present = models.BooleanField(_("present"), default=False)
    note = models.CharField(_("reason for absence"), max_length=200, blank=True)

    objects = AttendanceQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["session", "member__name_sort_key", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_member_once")
        ]
        indexes = [models.Index(fields=["member", "present"])]

    def __str__(self):
        return f"{self.member} — {self.session}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()
