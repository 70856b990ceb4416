"""Shared model pieces: the scoped queryset every record type builds on."""

from django.db import models
from django.db.models import Q


def outermost_paths(paths) -> list[str]:
    """Drop every path that lies inside another one of the set (its filter adds nothing)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a party organization, found through `scope_path`.

    `scope_path` names the lookup to the owning organization's materialised path
    (`"path"` for organizations themselves, `"organization__path"` for most records).
    Every view, export, admin page and command goes through `visible_to`, so a user's
    organization scope cannot be forgotten.
    """

    scope_path = "organization__path"

    def visible_to(self, user):
        """Rows the user may see: everything for a superuser, else their subtree(s)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.under_paths(user.scope_paths)

    def under_paths(self, paths):
        """Rows whose organization lies under any of the given tree paths."""
        paths = outermost_paths(paths)
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{self.scope_path}__startswith": path})
        return self.filter(condition)


class TimestampedModel(models.Model):
    """Adds creation and last-change times, which every register shows."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
