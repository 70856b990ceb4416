"""The one place that decides whether a change touches a closed year.

Every record model says, through `register(model, points, fields)`, which *points*
(organization path, date or year) it feeds. An approval of organization O for year Y
closes every point whose path lies under O's path and whose date falls in Y. A create,
update or delete that would add, remove or change a closed point is refused:

- forms and the admin ask `refusal()` while validating and show its message;
- `pre_save`, `pre_delete` and `m2m_changed` receivers raise `YearClosedError` for
  every registered model, the last line of defence for services, commands and the
  shell;
- code that writes in bulk (`bulk_create`, `QuerySet.update`), which sends no signal,
  calls `ensure_open()` first.

A model may be registered several times, one rule per group of fields: a member's
admission date is governed by the admission's point, their leaving by the leaving
date's point, so recognising in 2024 a member admitted in a closed 2023 is allowed,
while changing the 2023 admission date is not.

The check costs one small query on the approvals table (a few rows a year), and none
beyond it when no year is closed.
"""

import contextvars
import datetime
import functools
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

# Columns that `save()` recomputes or that name a record rather than describe it: a
# difference in them alone is not a change of the record. (`uid` is the identifier
# that moves records between installations.)
DERIVED_FIELDS = {"search_text", "name_sort_key", "path", "depth", "uid"}


@dataclass(frozen=True)
class Rule:
    """Points a record feeds, and the fields whose change the points govern."""

    points: Callable
    fields: frozenset | None  # field names; None: every field
    attnames: frozenset | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Closure:
    """What an approval closes in a stored record: all of it, or only some fields."""

    approval: object
    fields: frozenset | None  # None: the whole record is read-only

    @property
    def message(self) -> str:
        return approval_message(self.approval)


_rules: dict[type, list[Rule]] = {}
_cached_approvals = contextvars.ContextVar("closing_cached_approvals", default=None)


class YearClosedError(ValidationError):
    """A change refused because it touches a year whose results are approved."""

    def __init__(self, approval):
        self.approval = approval
        super().__init__(approval_message(approval), code="year_closed")


# --- registration --------------------------------------------------------------------


def register(model, points: Callable, fields: Iterable[str] | None = None):
    """Govern `model` by a rule: `points(instance)` yields (organization path, date or year).

    `points` sees the record as it is in memory (a new or changed row before it is
    saved, the stored row when it is compared) and must not fail on a half-filled one:
    it skips what it cannot place. `fields`, if given, are the only fields whose change
    the rule refuses; None means any change. Calling it again adds another rule.
    """
    fields = None if fields is None else frozenset(fields)
    attnames = None
    if fields is not None:
        attnames = frozenset(model._meta.get_field(name).attname for name in fields)
    rules = _rules.setdefault(model, [])
    rules.append(Rule(points=points, fields=fields, attnames=attnames))
    if len(rules) > 1:
        return
    uid = f"closing:{model._meta.label}"
    pre_save.connect(_refuse_save, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    pre_delete.connect(_refuse_delete, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    if model._meta.auto_created:
        m2m_changed.connect(_refuse_link, sender=model, weak=False, dispatch_uid=f"{uid}:m2m")


def registered_models() -> list:
    """The models a closed year makes read-only, in registration order."""
    return list(_rules)


def rules_for(model) -> list[Rule]:
    return _rules.get(model._meta.concrete_model, []) if hasattr(model, "_meta") else []


# --- approvals in force ----------------------------------------------------------------


def _load_approvals() -> list:
    from .models import YearApproval

    approvals = YearApproval.objects.current().select_related("organization", "approved_by")
    # The widest approval first: a district's approval names the district, not a commune.
    return sorted(approvals, key=lambda a: (len(a.organization.path), a.approved_at))


def _approvals() -> list:
    cached = _cached_approvals.get()
    return cached if cached is not None else _load_approvals()


@contextmanager
def cached_approvals():
    """Read the approvals once for a run of many checks (an import of thousands of rows).

    Only for a short operation: an approval made meanwhile is seen by the next run.
    """
    if _cached_approvals.get() is not None:
        yield
        return
    token = _cached_approvals.set(_load_approvals())
    try:
        yield
    finally:
        _cached_approvals.reset(token)


def _year(when) -> int | None:
    if when is None or isinstance(when, bool):
        return None
    if isinstance(when, int):
        return when
    if isinstance(when, datetime.date):
        return when.year
    raise TypeError(f"A closing point needs a date or a year, not {when!r}.")


def _closing(points, approvals):
    """The first approval (widest first) that closes any of the points."""
    wanted = {(path, _year(when)) for path, when in points if path}
    wanted = {(path, year) for path, year in wanted if year is not None}
    for approval in approvals:
        prefix = approval.organization.path
        for path, year in wanted:
            if year == approval.year and path.startswith(prefix):
                return approval
    return None


# --- deciding --------------------------------------------------------------------------


@functools.cache
def _data_attnames(model) -> frozenset:
    """The columns whose change is a change of the record (for rules on every field)."""
    names = set()
    for model_field in model._meta.concrete_fields:
        automatic = getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        )
        if model_field.primary_key or automatic or model_field.name in DERIVED_FIELDS:
            continue
        names.add(model_field.attname)
    return frozenset(names)


def _changed(rule: Rule, stored, instance, update_fields) -> bool:
    names = rule.attnames if rule.attnames is not None else _data_attnames(type(instance))
    if update_fields is not None:
        meta = type(instance)._meta
        names = names & {meta.get_field(name).attname for name in update_fields}
    return any(getattr(stored, name) != getattr(instance, name) for name in names)


def _stored(instance):
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def closing_for(instance, deleting: bool = False, *, update_fields=None):
    """The current approval a create, update or delete of `instance` would break, or None.

    An update is compared with the stored row: it is refused if a governed field
    changed and the old *or* the new points are closed (a 2023 record can be neither
    changed nor moved to 2024). A create is refused if its points are closed, a delete
    if the points of the record as it is are.
    """
    rules = rules_for(type(instance))
    if not rules:
        return None
    approvals = _approvals()
    if not approvals:
        return None
    if deleting:
        return _closing([point for rule in rules for point in rule.points(instance)], approvals)
    stored = _stored(instance)
    for rule in rules:
        if stored is None:
            points = list(rule.points(instance))
        elif _changed(rule, stored, instance, update_fields):
            points = [*rule.points(stored), *rule.points(instance)]
        else:
            continue
        approval = _closing(points, approvals)
        if approval is not None:
            return approval
    return None


def refusal(instance, deleting: bool = False) -> str | None:
    """The message refusing this create, update or delete, or None if it is allowed."""
    approval = closing_for(instance, deleting)
    return approval_message(approval) if approval is not None else None


def closure(instance) -> Closure | None:
    """What is read-only in the stored `instance`: the whole record, some fields, or nothing.

    Pages use it to say so before a clerk types anything.
    """
    rules = rules_for(type(instance))
    if not rules or instance.pk is None:
        return None
    approvals = _approvals()
    if not approvals:
        return None
    first, fields = None, set()
    for rule in rules:
        approval = _closing(list(rule.points(instance)), approvals)
        if approval is None:
            continue
        if rule.fields is None:
            return Closure(approval, None)
        first = first or approval
        fields |= rule.fields
    return Closure(first, frozenset(fields)) if first else None


_UNSET = object()


def notice(instance, known=_UNSET) -> str | None:
    """What a page says about a stored record of a closed year, or None if it is open.

    `known`, the record's closure if already looked up, saves looking it up again.
    """
    found = closure(instance) if known is _UNSET else known
    if found is None:
        return None
    if found.fields is None:
        return found.message
    names = sorted(str(instance._meta.get_field(name).verbose_name) for name in found.fields)
    return _("%(message)s These fields can no longer be changed: %(fields)s.") % {
        "message": found.message,
        "fields": ", ".join(names),
    }


def ensure_open(path: str, day_or_year):
    """Refuse (YearClosedError) a bulk write at one point: for code that sends no signal."""
    ensure_points_open([(path, day_or_year)])


def ensure_points_open(points):
    """`ensure_open` for many points at once, with a single look at the approvals."""
    points = list(points)
    if not points:
        return
    approval = _closing(points, _approvals())
    if approval is not None:
        raise YearClosedError(approval)


def approval_message(approval) -> str:
    """The refusal in words: the year, the organization, who approved it and when."""
    approved_at = timezone.localtime(approval.approved_at)
    return _(
        "The results of %(year)s of %(organization)s were approved by %(name)s at "
        "%(time)s on %(date)s: the records of that year can be read but not changed."
    ) % {
        "year": approval.year,
        "organization": approval.organization.name,
        "name": approval.approver_name,
        "time": approved_at.strftime("%H:%M"),
        "date": approved_at.strftime("%d/%m/%Y"),
    }


# --- the receivers ---------------------------------------------------------------------


def _refuse_save(sender, instance, raw=False, update_fields=None, **kwargs):
    # Fixtures (raw saves) restore data as it was: loaddata is a backup's restore.
    if raw:
        return
    approval = closing_for(instance, update_fields=update_fields)
    if approval is not None:
        raise YearClosedError(approval)


def _refuse_delete(sender, instance, **kwargs):
    approval = closing_for(instance, deleting=True)
    if approval is not None:
        raise YearClosedError(approval)


def _link_field_names(through):
    """(source field, target field) of an automatically created many-to-many table."""
    source = through._meta.auto_created
    m2m = next(f for f in source._meta.many_to_many if f.remote_field.through is through)
    return m2m.m2m_field_name(), m2m.m2m_reverse_field_name()


def _refuse_link(sender, instance, action, reverse, pk_set, **kwargs):
    """Links added or removed through `.add()`, `.remove()`, `.set()` and `.clear()`."""
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    own, other = _link_field_names(sender)
    if reverse:
        own, other = other, own
    if action == "pre_add":
        rows = [sender(**{own: instance, f"{other}_id": pk}) for pk in pk_set or ()]
        deleting = False
    else:
        rows = sender._base_manager.filter(**{own: instance})
        if action == "pre_remove":
            rows = rows.filter(**{f"{other}__in": pk_set or ()})
        deleting = True
    with cached_approvals():
        for row in rows:
            approval = closing_for(row, deleting=deleting)
            if approval is not None:
                raise YearClosedError(approval)
