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

The check costs one small query on the approvals table: the approvals of the record's
years at its organization and the organizations above it.
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

from apps.core.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, ancestor_paths

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


class ApprovalIndex:
    """Current approvals by (organization path, year).

    Which approval closes a point is a lookup of the point's path and of its ancestors'
    paths, however many approvals there are: a province where every base committee
    approves its years holds ten thousand of them.
    """

    def __init__(self, approvals):
        self.by_point = {}
        for approval in approvals:
            key = (approval.organization.path, approval.year)
            known = self.by_point.get(key)
            if known is None or approval.approved_at < known.approved_at:
                self.by_point[key] = approval

    def __bool__(self):
        return bool(self.by_point)

    def closing(self, points):
        """The approval (the widest, then the earliest) that closes any of the points."""
        found = [
            self.by_point[key]
            for path, year in _wanted(points)
            for key in ((prefix, year) for prefix in _path_and_ancestors(path))
            if key in self.by_point
        ]
        return min(found, key=_widest_first, default=None)


def _widest_first(approval):
    # A district's approval names the district in a refusal, not one of its communes.
    return (len(approval.organization.path), approval.approved_at)


@functools.lru_cache(maxsize=8192)
def _path_and_ancestors(path: str) -> tuple[str, ...]:
    # Cached: an import checks thousands of rows in the same few hundred cells.
    return (path, *ancestor_paths([path]))


def _current_approvals():
    from .models import YearApproval

    return YearApproval.objects.current().select_related("organization", "approved_by")


def _approvals_for(points) -> ApprovalIndex:
    """The approvals that could close `points`: those of the points' years at the
    points' organizations and their ancestors, in one small query (none without a
    point), or all of them where a run of checks has read them once."""
    cached = _cached_approvals.get()
    if cached is not None:
        return cached
    # No approval lies outside the years a record can have: a year typed out of range
    # (a form's 10**20) is no point to look up, and no number the database could take.
    wanted = {
        (path, year)
        for path, year in _wanted(points)
        if FIRST_RECORD_YEAR <= year <= LAST_RECORD_YEAR
    }
    if not wanted:
        return ApprovalIndex(())
    paths = {prefix for path, _year in wanted for prefix in _path_and_ancestors(path)}
    years = {year for _path, year in wanted}
    return ApprovalIndex(_current_approvals().filter(year__in=years, organization__path__in=paths))


def _none_approved() -> bool:
    """Whether a run of checks has read the approvals and found none: its rows' points
    need not even be worked out (an import into an installation that closed no year)."""
    cached = _cached_approvals.get()
    return cached is not None and not cached


@contextmanager
def cached_approvals():
    """Read the approvals once for a run of many checks (an import of thousands of rows).

    Only for a short operation: an approval made meanwhile is seen by the next run.
    """
    if _cached_approvals.get() is not None:
        yield
        return
    token = _cached_approvals.set(ApprovalIndex(_current_approvals()))
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
    if isinstance(when, str):
        # A date given as text, which a save converts ("2023-04-24"); other text is
        # no date, and the save itself refuses it.
        try:
            return datetime.date.fromisoformat(when).year
        except ValueError:
            return None
    raise TypeError(f"A closing point needs a date or a year, not {when!r}.")


def _wanted(points) -> set[tuple[str, int]]:
    """The (organization path, year) of every point that has both."""
    wanted = {(path, _year(when)) for path, when in points if path}
    return {(path, year) for path, year in wanted if year is not None}


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
    if not rules or _none_approved():
        return None
    stored = None if deleting else _stored(instance)
    if stored is None:  # a delete or a new row: the points of the record as it is
        points = [point for rule in rules for point in rule.points(instance)]
        return _approvals_for(points).closing(points)
    # Each rule whose fields changed, with the points of the old row and the new one.
    changed = [
        [*rule.points(stored), *rule.points(instance)]
        for rule in rules
        if _changed(rule, stored, instance, update_fields)
    ]
    approvals = _approvals_for([point for points in changed for point in points])
    for points in changed:
        approval = approvals.closing(points)
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
    if not rules or instance.pk is None or _none_approved():
        return None
    points_by_rule = [list(rule.points(instance)) for rule in rules]
    approvals = _approvals_for([point for points in points_by_rule for point in points])
    if not approvals:
        return None
    first, fields = None, set()
    for rule, points in zip(rules, points_by_rule, strict=True):
        approval = approvals.closing(points)
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
    approval = _approvals_for(points).closing(points)
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
