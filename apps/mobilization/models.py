"""“Dân vận khéo” models (mô hình): who runs them, in which field, and their years.

A model is recorded under a party organization (the district committee, a commune's
committee or a cell), which fixes who sees it. It is registered in a year, may be
recognised and replicated, and is renewed and improved ("đổi mới, nâng chất") in some
later years; a discontinued model keeps its records and simply stops being active.
Yearly figures count models active, registered, renewed or recognised in a year, so
they are queryset methods here and the statistics add nothing but grouping.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import ScopedQuerySet, StableIdentityModel, TimestampedModel
from apps.core.text import fold, sort_key
from apps.organizations.models import OrganizationKind, PartyOrganization

FIRST_YEAR = 1990
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class RunnerKind(models.TextChoices):
    """Who runs the model: the party, the Front, a mass organization or the government."""

    PARTY = "party", _("Party organization")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front committee")
    FARMERS = "farmers", _("Farmers' Association")
    WOMEN = "women", _("Women's Union")
    YOUTH = "youth", _("Youth Union")
    VETERANS = "veterans", _("Veterans' Association")
    TRADE_UNION = "trade_union", _("Trade union")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class WorkField(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    CULTURE_SOCIETY = "culture_society", _("Culture and society")
    DEFENCE_SECURITY = "defence_security", _("Defence and security")
    POLITICAL_SYSTEM = "political_system", _("Building the political system")


class Holder(models.TextChoices):
    """Reports count collective models and exemplary individuals apart."""

    COLLECTIVE = "collective", _("Collective model")
    INDIVIDUAL = "individual", _("Exemplary individual")


class ModelLevel(models.TextChoices):
    """The tier of the recording organization, with the names the movement uses."""

    # Same values as OrganizationKind.Level, so that the kind's level is copied as is.
    DISTRICT = OrganizationKind.Level.SUPERIOR.value, _("District level")
    COMMUNE = OrganizationKind.Level.BASE.value, _("Commune level")
    HAMLET = OrganizationKind.Level.BELOW_BASE.value, _("Hamlet or cell level")


class ModelStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    RECOGNISED = "recognised", _("Recognised")
    REPLICATED = "replicated", _("Replicated")
    DISCONTINUED = "discontinued", _("Discontinued")


def active_years_label(registered_year: int, ended_year: int | None) -> str:
    """'2018–2022', or '2018–' for a model still running."""
    return f"{registered_year}–{ended_year or ''}"


def check_years_active(years, registered_year: int, ended_year: int | None):
    """Refuse any of `years` outside registered_year..ended_year (open-ended if None)."""
    outside = sorted(
        year
        for year in set(years)
        if year < registered_year or (ended_year is not None and year > ended_year)
    )
    if outside:
        raise ValidationError(
            _("%(years)s: outside the years the model was active (%(active)s)."),
            code="outside_active_years",
            params={
                "years": ", ".join(str(year) for year in outside),
                "active": active_years_label(registered_year, ended_year),
            },
        )


# The yearly conditions, shared by the querysets (which the list filters call) and the
# statistics (which count with them), so that a figure and its list cannot disagree.
# Renewals and recognitions are looked up with `pk__in` on the year's rows: a model
# counts once however many rows it has, and PostgreSQL reads the year's rows once (a
# hashed subplan) rather than probing them once per model, as Exists would.


def active_in_condition(year: int) -> Q:
    """Registered by `year` and not discontinued before it."""
    return Q(registered_year__lte=year) & (Q(ended_year__isnull=True) | Q(ended_year__gte=year))


def registered_in_condition(year: int) -> Q:
    return Q(registered_year=year)


def renewed_in_condition(year: int) -> Q:
    return Q(pk__in=ModelRenewal.objects.filter(year=year).values("model"))


def recognised_in_condition(year: int) -> Q:
    return Q(pk__in=ModelRecognition.objects.filter(recognised_on__year=year).values("model"))


class MobilizationModelQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def active_in(self, year: int):
        """Models running in `year`: registered by then and not discontinued before it."""
        return self.filter(active_in_condition(year))

    def registered_in(self, year: int):
        return self.filter(registered_in_condition(year))

    def renewed_in(self, year: int):
        """Models renewed and improved ("đổi mới, nâng chất") in `year`."""
        return self.filter(renewed_in_condition(year))

    def recognised_in(self, year: int):
        """Models that received at least one recognition dated in `year`."""
        return self.filter(recognised_in_condition(year))

    def for_display(self):
        """With everything the list shows (organization, renewal years, recognitions count)."""
        return (
            self.select_related("organization")
            .prefetch_related(Prefetch("renewals", queryset=ModelRenewal.objects.order_by("year")))
            .annotate(recognition_count=Count("recognitions"))
        )


class MobilizationModel(StableIdentityModel, TimestampedModel):
    """One “Dân vận khéo” model, collective or an exemplary individual."""

    name = models.CharField(_("name"), max_length=300)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="mobilization_models",
        verbose_name=_("party organization"),
        help_text=_("The party organization under which the model is recorded."),
    )
    runner_kind = models.CharField(_("run by"), max_length=30, choices=RunnerKind.choices)
    runner_name = models.CharField(
        _("running body"),
        max_length=200,
        blank=True,
        help_text=_("For example Hội Nông dân xã Vọng Thê."),
    )
    field = models.CharField(_("field"), max_length=30, choices=WorkField.choices)
    holder = models.CharField(
        _("model or individual"),
        max_length=20,
        choices=Holder.choices,
        default=Holder.COLLECTIVE,
    )
    # Copied from the organization's kind on save: statistics and filters group by it.
    level = models.CharField(_("level"), max_length=20, choices=ModelLevel.choices, editable=False)
    registered_year = models.PositiveSmallIntegerField(
        _("year registered"), validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.REGISTERED
    )
    ended_year = models.PositiveSmallIntegerField(
        _("year discontinued"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Only for a discontinued model: the last year it ran."),
    )
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="")
    name_sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = MobilizationModelQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["organization__path", "name_sort_key", "pk"]
        verbose_name = _("“Dân vận khéo” model")
        verbose_name_plural = _("“Dân vận khéo” models")
        indexes = [models.Index(fields=["registered_year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_year__gte=FIRST_YEAR, registered_year__lte=LAST_YEAR),
                name="mobilization_registered_year_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ModelStatus.DISCONTINUED, ended_year__isnull=False)
                | (~Q(status=ModelStatus.DISCONTINUED) & Q(ended_year__isnull=True)),
                name="mobilization_ended_year_iff_discontinued",
            ),
            models.CheckConstraint(
                condition=Q(ended_year__isnull=True)
                | Q(ended_year__gte=models.F("registered_year")),
                name="mobilization_ended_after_registered",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mobilization:model-detail", args=[self.pk])

    @property
    def runner(self) -> str:
        """The running body as a clerk writes it, else the kind of runner."""
        return self.runner_name or str(self.get_runner_kind_display())

    @property
    def active_years(self) -> str:
        return active_years_label(self.registered_year, self.ended_year)

    def is_active_in(self, year: int) -> bool:
        return self.registered_year <= year and (self.ended_year is None or year <= self.ended_year)

    def clean(self):
        errors = {}
        discontinued = self.status == ModelStatus.DISCONTINUED
        if discontinued and self.ended_year is None:
            errors["ended_year"] = _("Give the last year of a discontinued model.")
        elif self.ended_year is not None and not discontinued:
            errors["ended_year"] = _("Only a discontinued model has a year discontinued.")
        elif (
            self.ended_year is not None
            and self.registered_year is not None
            and self.ended_year < self.registered_year
        ):
            errors["ended_year"] = _("A model cannot be discontinued before it was registered.")
        year_valid = self.registered_year is not None and (
            FIRST_YEAR <= self.registered_year <= LAST_YEAR
        )
        if self.organization_id and year_valid:
            try:
                self.organization.ensure_accepts_records_on(
                    first_day_existing(self.organization, self.registered_year)
                )
            except ValidationError as error:
                errors["organization"] = error.messages
        if self.pk and year_valid:
            early = self.recognitions.filter(recognised_on__year__lt=self.registered_year)
            if early.exists():
                errors.setdefault("registered_year", []).append(
                    _("The model was recognised before that year; correct the recognitions first.")
                )
        if errors:
            raise ValidationError(errors)

    def refresh_derived_fields(self):
        """Fill the level, search and sort columns (also used by bulk loads)."""
        self.level = self.organization.kind.level
        self.search_text = fold(
            f"{self.name} {self.runner_name} {self.organization.name} {self.organization.code}"
        )[:600]
        self.name_sort_key = sort_key(self.name)

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)


def first_day_existing(organization: PartyOrganization, year: int) -> datetime.date:
    """The first day of `year` on which the organization existed (1 January unless founded
    later that year), so that a model registered in a founding or dissolution year is
    accepted and one registered in a year the organization never saw is not."""
    first = datetime.date(year, 1, 1)
    founded = organization.founded_on
    if founded and first < founded <= datetime.date(year, 12, 31):
        return founded
    return first


def parent_model(record) -> MobilizationModel | None:
    """The model a renewal or recognition belongs to, also while both are still unsaved
    (the admin checks inline rows before it saves the model they belong to)."""
    try:
        return record.model
    except MobilizationModel.DoesNotExist:
        return None


class ModelRecordQuerySet(ScopedQuerySet):
    """Renewals and recognitions are seen by whoever sees their model."""

    scope_path = "model__organization__path"


class ModelRenewal(StableIdentityModel):
    """A year in which the model was renewed and improved ("đổi mới, nâng chất")."""

    model = models.ForeignKey(
        MobilizationModel,
        on_delete=models.CASCADE,
        related_name="renewals",
        verbose_name=_("“Dân vận khéo” model"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ModelRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["model", "year"]
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="mobilization_renewal_once"),
        ]

    def __str__(self):
        return f"{self.model} ({self.year})"

    def get_absolute_url(self):
        return self.model.get_absolute_url()

    def clean(self):
        model = parent_model(self)
        if model is not None and model.registered_year and self.year:
            try:
                check_years_active([self.year], model.registered_year, model.ended_year)
            except ValidationError as error:
                raise ValidationError({"year": error.messages}) from error


class ModelRecognition(StableIdentityModel):
    """A recognition of the model (Giấy khen, Bằng khen …) by a named body."""

    model = models.ForeignKey(
        MobilizationModel,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("“Dân vận khéo” model"),
    )
    recognised_on = models.DateField(_("recognised on"))
    title = models.CharField(
        _("form of recognition"), max_length=200, help_text=_("For example Giấy khen, Bằng khen.")
    )
    awarded_by = models.CharField(_("awarded by"), max_length=200, blank=True)
    decision = models.CharField(
        _("decision number"), max_length=100, blank=True, help_text=_("For example 125/QĐ-UBND.")
    )

    objects = ModelRecordQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["model", "recognised_on", "pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self):
        return f"{self.title} ({self.recognised_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return self.model.get_absolute_url()

    def clean(self):
        model = parent_model(self)
        if model is not None and self.recognised_on:
            registered = model.registered_year
            if registered and self.recognised_on.year < registered:
                raise ValidationError(
                    {
                        "recognised_on": ValidationError(
                            _("The model was only registered in %(year)s."),
                            params={"year": registered},
                        )
                    }
                )
