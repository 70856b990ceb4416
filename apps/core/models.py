"""Shared model pieces: the scoped queryset every record type builds on."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .text import search_terms

# The years a record can belong to: from the Party's founding, nothing is older.
FIRST_RECORD_YEAR, LAST_RECORD_YEAR = 1930, 2100


def outermost_paths(paths) -> list[str]:
    """Drop every path that lies inside another one of the set (its filter adds nothing)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def ancestor_paths(paths) -> list[str]:
    """Every strict ancestor of the given tree paths ("1.7." has the ancestor "1.")."""
    ancestors = set()
    for path in paths:
        parts = path.split(".")[:-1]
        ancestors.update(".".join(parts[:depth]) + "." for depth in range(1, len(parts)))
    return sorted(ancestors)


def paths_condition(lookup: str, paths) -> Q:
    """A condition true for rows whose `lookup` path lies under any of `paths`."""
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    return condition


def model_permission(model, action: str) -> str:
    """The Django permission to `action` (view, add, change, delete) a model's records."""
    meta = model._meta.concrete_model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def record_path(instance) -> str | None:
    """The tree path of the organization a record belongs to, by its queryset's
    `scope_path` ("organization__path"), read on the instance; None if unplaced."""
    queryset = type(instance)._default_manager.all()
    value = instance
    for part in getattr(queryset, "scope_path", "").split("__"):
        if value is None or not part:
            return None
        value = getattr(value, part, None)
    return value or None


def may_write(user, instance, action: str = "change") -> bool:
    """Whether the user may `action` this record where it lies (or will lie, unsaved)."""
    if user.is_superuser:
        return True
    permission = model_permission(type(instance), action)
    if not user.has_perm(permission):
        return False
    path = record_path(instance)
    if path is None and getattr(instance, "parent", None) is not None:
        path = instance.parent.path  # a new organization lies under its parent
    return path is not None and any(path.startswith(p) for p in user.paths_with(permission))


def user_paths_condition(user, lookup: str) -> Q:
    """`paths_condition` for what `user` may see (none for one who sees everything)."""
    if user.sees_everything:
        return Q()
    return paths_condition(lookup, outermost_paths(user.scope_paths)) or Q(pk__in=[])


def subquery_count(related, link: str):
    """How many rows of `related` point (by `link`) at the outer row, as a subquery.

    A `Count()` annotation joins and groups every row of a list before the page is cut
    to 25; a subquery is computed for the rows shown only (PostgreSQL evaluates it after
    the LIMIT), which at a province's size is the difference between 50 ms and 1.
    """
    counted = (
        related.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(count=Count("*"))  # COUNT(*): an index on (link, …) suffices
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def bounded_count(queryset, limit: int) -> int:
    """The rows of `queryset`, counted no further than `limit` + 1.

    For lists that only grow (the audit trail, a province's ratings), where an exact
    count reads every row: a result above `limit` says "more than `limit`".
    """
    return queryset.order_by()[: limit + 1].count()


def in_one_order(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` in its own order, and then by primary key.

    Rows of equal sort keys (members of the same name: most of a province's) otherwise
    come in whatever order the query plan gives: a list's pages could repeat or skip
    them, and an export's file would change with the plan (`reading_every_row()` plans
    a sort where a short read walks an index). With the key, the order is one.
    """
    query = queryset.query
    if not queryset.ordered or query.distinct or query.combinator or query.is_sliced:
        return queryset
    if query.extra_order_by:
        return queryset
    ordering = list(query.order_by or (query.get_meta().ordering if query.default_ordering else ()))
    primary_key = {"pk", query.get_meta().pk.name, query.get_meta().pk.attname}
    if any(isinstance(term, str) and term.lstrip("-") in primary_key for term in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a party organization, found through `scope_path`.

    `scope_path` names the lookup to the owning organization's materialised path
    (`"path"` for organizations themselves, `"organization__path"` for most records).
    Every view, export, admin page and command goes through `visible_to`, so a user's
    organization scope cannot be forgotten.
    """

    scope_path = "organization__path"

    def visible_to(self, user):
        """Rows the user may see: all for a superuser or a user holding a role at every
        root of the tree (`User.sees_everything`), else those of their subtree(s)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        return self.under_paths(user.scope_paths)

    def writable_by(self, user, action: str = "change"):
        """Rows the user may `action` (add, change, delete): those under the organizations
        where they hold a role carrying that permission on this model (apps/accounts)."""
        return self.allowing(user, model_permission(self.model, action))

    def allowing(self, user, permission: str):
        """Rows under the organizations where the user's roles carry `permission`."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.under_paths(user.paths_with(permission))

    def search(self, query: str):
        """Accent-insensitive search on the folded `search_text` column: every word must occur."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def under_paths(self, paths):
        """Rows whose organization lies under any of the given tree paths."""
        paths = outermost_paths(paths)
        if not paths:
            return self.none()
        return self.filter(paths_condition(self.scope_path, paths))


def running_on(day: datetime.date) -> Q:
    """A period running on `day`: from `started_on` until (not including) `ended_on`."""
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def in_years(lookup: str, years) -> Q:
    """The date `lookup` falls in one of `years`: a range per year (which an index
    serves, where `__year__in` would not)."""
    condition = Q()
    for year in years:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        condition |= Q(**{f"{lookup}__range": (first, last)})
    return condition


class PeriodQuerySet(ScopedQuerySet):
    """Rows that run from `started_on` until (not including) `ended_on`, open if empty."""

    def on(self, day):
        """The periods running on `day`."""
        return self.filter(running_on(day))


class TimestampedModel(models.Model):
    """Adds creation and last-change times, which every register shows."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class StableIdentityModel(models.Model):
    """Adds `uid`, which names the record in any database, unlike its primary key.

    A commune's records move between installations as CSV (apps/exchange): a row whose
    `uid` is known updates that record, an unknown one creates it with the same `uid`,
    so moving data twice never duplicates it.
    """

    uid = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class PendingImport(models.Model):
    """An uploaded file waiting for its preview to be confirmed.

    Kept in the database rather than the session, so that preview and confirmation work
    across processes; deleted once applied. Each user sees only their own.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
