"""Resolutions and their targets, and the figures typed in by hand."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    FIRST_RECORD_YEAR,
    LAST_RECORD_YEAR,
    ScopedQuerySet,
    TimestampedModel,
)
from apps.organizations.models import PartyOrganization

from .registry import Direction, get_indicator, indicator_choices

FIRST_YEAR, LAST_YEAR = FIRST_RECORD_YEAR, LAST_RECORD_YEAR
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class ResolutionKind(models.TextChoices):
    """What sets the targets, in the order a review prefers them."""

    YEARLY = "yearly", _("Yearly resolution of the executive committee")
    CONGRESS = "congress", _("Congress resolution for the term")
    PLAN = "plan", _("Plan or programme of the standing committee")


def _validate_indicator(code):
    if get_indicator(code) is None:
        raise ValidationError(
            _("There is no indicator with the code %(code)s."), params={"code": code}
        )


def main_first(resolutions) -> list:
    """Resolutions in the order a review prefers them: by kind, then by adoption."""
    kinds = list(ResolutionKind.values)
    return sorted(resolutions, key=lambda item: (kinds.index(item.kind), item.adopted_on or ""))


class ResolutionQuerySet(ScopedQuerySet):
    def for_year(self, organization, year):
        """The resolutions of exactly `organization` with targets for `year`, main first."""
        return main_first(
            self.filter(organization=organization, first_year__lte=year, last_year__gte=year)
        )

    def main_by_year(self, organization, years) -> dict:
        """{year: the main resolution of `organization` for it} over `years`, in one query
        (`for_year(...)[0]` for each year; years without a resolution are left out)."""
        years = list(years)
        if not years:
            return {}
        found = list(
            self.filter(
                organization=organization, first_year__lte=max(years), last_year__gte=min(years)
            )
        )
        main = {}
        for year in years:
            covering = main_first(
                item for item in found if item.first_year <= year <= item.last_year
            )
            if covering:
                main[year] = covering[0]
        return main


class Resolution(TimestampedModel):
    """A resolution (or plan) of a party organization that sets yearly targets."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("party organization"),
        help_text=_("The organization whose results the targets are set for."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ResolutionKind.choices, default=ResolutionKind.YEARLY
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("until year"), validators=YEAR_VALIDATORS)

    objects = ResolutionQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-first_year", "organization__path", "kind", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="resolution_years_in_order",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def get_absolute_url(self):
        return reverse("results:resolution-detail", args=[self.pk])

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year comes before the first.")})
        if self.pk and self.first_year and self.last_year:
            outside = self.targets.exclude(year__range=(self.first_year, self.last_year))
            years = sorted(set(outside.values_list("year", flat=True)))
            if years:
                raise ValidationError(
                    _("Targets are set for %(years)s, outside these years; change them first."),
                    params={"years": ", ".join(str(year) for year in years)},
                )


class TargetQuerySet(ScopedQuerySet):
    scope_path = "resolution__organization__path"


class Target(models.Model):
    """One target of a resolution: an indicator, a year, a value and its direction."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="targets", verbose_name=_("resolution")
    )
    indicator_code = models.CharField(
        _("indicator"), max_length=60, choices=indicator_choices, validators=[_validate_indicator]
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["year", "indicator_code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "indicator_code", "year"], name="target_once_per_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator_code} {self.year}: {self.get_direction_display()} {self.value}"

    @property
    def indicator(self):
        return get_indicator(self.indicator_code)

    def clean(self):
        resolution = getattr(self, "resolution", None) if self.resolution_id else None
        if resolution and self.year and self.year not in resolution.years:
            raise ValidationError(
                {
                    "year": _("The resolution covers %(first)s–%(last)s.")
                    % {"first": resolution.first_year, "last": resolution.last_year}
                }
            )
        indicator = self.indicator
        if indicator and indicator.is_percent and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot be above 100.")})
        # The form leaves the resolution out, so the unique constraint is checked here.
        twins = Target.objects.filter(
            resolution_id=self.resolution_id, indicator_code=self.indicator_code, year=self.year
        ).exclude(pk=self.pk)
        if self.resolution_id and twins.exists():
            raise ValidationError(
                {
                    "indicator_code": _(
                        "The resolution already has a target for this indicator in %(year)s."
                    )
                    % {"year": self.year}
                }
            )


class ManualValueQuerySet(ScopedQuerySet):
    pass


class ManualValue(models.Model):
    """A figure the records cannot give (reported by the Fatherland Front, say), typed in."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator_code = models.CharField(_("indicator"), max_length=60)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="manual_values",
        verbose_name=_("party organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Who reported the figure, e.g. Ủy ban MTTQ huyện, báo cáo số …"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = ManualValueQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-year", "organization__path", "indicator_code"]
        verbose_name = _("figure entered by hand")
        verbose_name_plural = _("figures entered by hand")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_code", "organization", "year"], name="manual_value_once"
            )
        ]

    def __str__(self):
        return f"{self.indicator_code} {self.year}: {self.value}"

    def get_absolute_url(self):
        return reverse("results:value-update", args=[self.pk])

    @property
    def indicator(self):
        return get_indicator(self.indicator_code)

    def clean(self):
        indicator = self.indicator
        if indicator is None or not indicator.manual:
            raise ValidationError(
                {"indicator_code": _("This indicator is computed from the records.")}
            )
        if indicator.is_percent and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot be above 100.")})
