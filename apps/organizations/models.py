"""The party-organization tree and the administrative units organizations belong to.

The tree is stored twice on purpose: `parent` is the truth that forms and the admin
edit, and `path` is a materialised copy ("00000001.00000007.") kept in step by
`save()`, so that a whole subtree is one indexed prefix match on SQLite and PostgreSQL
alike. Paths are built from primary keys, so they never change unless the parent does.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    ScopedQuerySet,
    StableIdentityModel,
    TimestampedModel,
    outermost_paths,
)
from apps.core.text import fold, sort_key

PATH_STEP = 8  # digits per tree level: room for 10^8 organizations


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


class OrganizationKind(models.Model):
    """A kind of party organization, and which kinds it may sit under.

    Kinds are data: an administrator can add a provincial committee above the district
    or a new kind of cell without a code change.
    """

    class Level(models.TextChoices):
        # The Statute's three tiers; statistics group performers by them.
        SUPERIOR = "superior", _("Above the base level")
        BASE = "base", _("Base level")
        BELOW_BASE = "below_base", _("Below the base level")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    may_be_root = models.BooleanField(
        _("may stand at the top"),
        default=False,
        help_text=_("Whether an organization of this kind may have no parent."),
    )
    holds_members = models.BooleanField(
        _("members are active here"),
        default=False,
        help_text=_("Whether party members belong directly to organizations of this kind."),
    )
    allowed_parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="allowed_children",
        verbose_name=_("may sit under"),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = History()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("organization kind")
        verbose_name_plural = _("organization kinds")

    def __str__(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Commune(models.Model):
    """A commune-level administrative unit (xã, thị trấn, phường)."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        TOWN = "town", _("Town")
        WARD = "ward", _("Ward")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    district = models.CharField(_("district"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    name_sort_key = models.CharField(max_length=255, editable=False, db_index=True)

    history = History()

    class Meta:
        ordering = ["name_sort_key"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def save(self, *args, **kwargs):
        self.name_sort_key = sort_key(self.name)
        super().save(*args, **kwargs)


class OrganizationQuerySet(ScopedQuerySet):
    scope_path = "path"

    def active_on(self, day: datetime.date):
        """Organizations that existed on `day` (founded by then, not yet dissolved)."""
        return self.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=day),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        )

    def active(self):
        return self.active_on(timezone.localdate())

    def dissolved(self):
        return self.filter(dissolved_on__isnull=False, dissolved_on__lte=timezone.localdate())

    def lineage_paths(self, paths) -> list[str]:
        """The given subtrees plus those of every organization they succeeded.

        A commune formed by a merger inherits its predecessors' records for earlier
        years: their subtrees are added, and theirs in turn, until none is new.
        """
        known = outermost_paths(paths)
        frontier = list(known)
        while frontier:
            condition = Q()
            for path in frontier:
                condition |= Q(successor__path__startswith=path)
            found = OrganizationSuccession.objects.filter(condition).values_list(
                "predecessor__path", flat=True
            )
            frontier = [path for path in found if not any(path.startswith(k) for k in known)]
            known = outermost_paths(known + frontier)
        return known

    def subtree(self, organization, *, with_predecessors: bool = False):
        """The organization and everything under it, in one query."""
        if with_predecessors:
            return self.under_paths(self.lineage_paths([organization.path]))
        return self.filter(path__startswith=organization.path)


class PartyOrganization(TimestampedModel):
    """A party organization: district committee, base committee or cell, and the like."""

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use only unaccented letters, digits, '.', '-' and '_'."),
            )
        ],
        help_text=_("A short unique code, e.g. TS-VT-01."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        OrganizationKind,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("kind"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("commune or town"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(
        _("dissolved on"),
        null=True,
        blank=True,
        help_text=_("The first day on which the organization no longer exists."),
    )
    notes = models.TextField(_("notes"), blank=True)

    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # Indexed for the top depth of a long list of organizations (`choices.list_sizes`).
    depth = models.PositiveSmallIntegerField(editable=False, default=0, db_index=True)
    search_text = models.CharField(max_length=500, editable=False, default="")
    name_sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = OrganizationQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["path"]
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gt=F("founded_on")),
                name="organization_dissolved_after_founded",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.pk])

    # --- state -----------------------------------------------------------------

    def is_active_on(self, day: datetime.date) -> bool:
        if self.founded_on and self.founded_on > day:
            return False
        return not (self.dissolved_on and self.dissolved_on <= day)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    def ensure_accepts_records_on(self, day: datetime.date | None = None):
        """Refuse a new record dated `day` if the organization did not exist then.

        Every app calls this before attaching a record to an organization, so a
        dissolved cell takes no new members, inspections or sessions.
        """
        day = day or timezone.localdate()
        if self.dissolved_on and self.dissolved_on <= day:
            raise ValidationError(
                _("%(name)s was dissolved on %(date)s and takes no new records."),
                code="dissolved",
                params={"name": self.name, "date": formats.date_format(self.dissolved_on)},
            )
        if self.founded_on and self.founded_on > day:
            raise ValidationError(
                _("%(name)s was only founded on %(date)s."),
                code="not_founded",
                params={"name": self.name, "date": formats.date_format(self.founded_on)},
            )

    # --- tree ------------------------------------------------------------------

    def ancestors(self):
        """The organizations above this one, from the top down, in one query."""
        step = PATH_STEP + 1
        prefixes = [self.path[:end] for end in range(step, len(self.path), step)]
        return PartyOrganization.objects.filter(path__in=prefixes).select_related("kind")

    def descendants(self, include_self: bool = False):
        queryset = PartyOrganization.objects.filter(path__startswith=self.path)
        return queryset if include_self else queryset.exclude(pk=self.pk)

    def is_within(self, other: "PartyOrganization") -> bool:
        return bool(self.path) and self.path.startswith(other.path)

    # --- validation ------------------------------------------------------------

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        kind = self.kind if self.kind_id else None
        parent = self.parent if self.parent_id else None
        stored = (
            PartyOrganization.objects.filter(pk=self.pk).values("path", "parent_id").first()
            if self.pk
            else None
        )

        if parent is not None:
            if stored and (parent.pk == self.pk or parent.path.startswith(stored["path"])):
                errors.setdefault("parent", []).append(
                    _("An organization cannot be placed under itself or one of its own units.")
                )
            moved = stored is None or stored["parent_id"] != parent.pk
            if moved and parent.dissolved_on:
                errors.setdefault("parent", []).append(
                    ValidationError(
                        _("%(name)s was dissolved on %(date)s and takes no new units."),
                        params={
                            "name": parent.name,
                            "date": formats.date_format(parent.dissolved_on),
                        },
                    )
                )
            if parent.founded_on and self.founded_on and self.founded_on < parent.founded_on:
                errors.setdefault("founded_on", []).append(
                    ValidationError(
                        _("An organization cannot be founded before its parent (%(date)s)."),
                        params={"date": formats.date_format(parent.founded_on)},
                    )
                )

        if kind is not None:
            if parent is None and not kind.may_be_root:
                errors.setdefault("parent", []).append(
                    ValidationError(
                        _("An organization of kind “%(kind)s” must have a parent organization."),
                        params={"kind": kind},
                    )
                )
            if parent is not None and not kind.allowed_parents.filter(pk=parent.kind_id).exists():
                allowed = ", ".join(str(k) for k in kind.allowed_parents.all()) or "—"
                errors.setdefault("parent", []).append(
                    ValidationError(
                        _(
                            "A “%(kind)s” cannot sit under a “%(parent_kind)s”. "
                            "It may sit under: %(allowed)s."
                        ),
                        params={"kind": kind, "parent_kind": parent.kind, "allowed": allowed},
                    )
                )
            if self.pk:
                misfits = (
                    PartyOrganization.objects.filter(parent=self.pk)
                    .exclude(kind__allowed_parents=kind)
                    .values_list("name", flat=True)[:5]
                )
                if misfits:
                    errors.setdefault("kind", []).append(
                        ValidationError(
                            _("These units cannot sit under a “%(kind)s”: %(names)s."),
                            params={"kind": kind, "names": ", ".join(misfits)},
                        )
                    )

        if self.founded_on and self.dissolved_on and self.dissolved_on <= self.founded_on:
            errors.setdefault("dissolved_on", []).append(
                _("The dissolution date must be after the founding date.")
            )
        if self.pk and self.dissolved_on:
            still_active = self.children.active_on(self.dissolved_on).values_list(
                "name", flat=True
            )[:5]
            if still_active:
                errors.setdefault("dissolved_on", []).append(
                    ValidationError(
                        _(
                            "These units are still active on that date; dissolve or merge "
                            "them first: %(names)s."
                        ),
                        params={"names": ", ".join(still_active)},
                    )
                )
        if errors:
            raise ValidationError(errors)

    # --- persistence -----------------------------------------------------------

    def refresh_derived_fields(self):
        """Fill the search and sort columns from the fields a clerk edits."""
        commune = str(self.commune) if self.commune_id else ""
        self.search_text = fold(f"{self.code} {self.name} {commune}")[:500]
        self.name_sort_key = sort_key(self.name)

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            parent_path = ""
            if self.parent_id:
                parent_path = (
                    PartyOrganization.objects.filter(pk=self.parent_id)
                    .values_list("path", flat=True)
                    .get()
                )
                if old_path and parent_path.startswith(old_path):
                    raise ValueError("An organization cannot be moved under its own subtree.")
            new_path = parent_path + path_segment(self.pk)
            if new_path == old_path:
                return
            new_depth = new_path.count(".") - 1
            PartyOrganization.objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
            if old_path:
                # Carry the whole subtree along in one statement.
                PartyOrganization.objects.filter(path__startswith=old_path).exclude(
                    pk=self.pk
                ).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (new_depth - self.depth),
                )
            self.path, self.depth = new_path, new_depth


class SuccessionQuerySet(ScopedQuerySet):
    # A link is seen by whoever sees the successor: it explains that organization's past.
    scope_path = "successor__path"


class OrganizationSuccession(StableIdentityModel):
    """A predecessor → successor link: how records outlive mergers and splits."""

    class Kind(models.TextChoices):
        MERGER = "merger", _("Merger")
        SPLIT = "split", _("Split")

    predecessor = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="successor_links",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="predecessor_links",
        verbose_name=_("successor"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    objects = SuccessionQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-effective_on", "predecessor__name"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({formats.date_format(self.effective_on)})"
