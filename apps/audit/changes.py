"""Reading the history back: each change as a clerk reads it, before → after.

A history row is a full copy of the record after a save (or before a delete); what
changed is found by comparing it with the previous copy of the same record. Values are
shown as on the record's page: choices by their label, links to other records by their
name, dates as dd/mm/yyyy. Related records are looked up once per kind for a whole
page of rows, so a page costs the same number of queries however many rows it shows.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.urls import NoReverseMatch
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

REASONS = {
    "admission": _("admission"),
    "recognition": _("recognition as official"),
    "transfer": _("transfer to another cell"),
    "transfer_out": _("transfer out"),
    "death": _("death"),
    "removal": _("removal from the rolls"),
    "expulsion": _("expulsion"),
    "exemption": _("exemption from activities"),
    "exemption_end": _("end of exemption"),
    "dissolution": _("dissolution"),
    "merger": _("merger"),
    "split": _("split"),
    "import": _("import"),
    "approval": _("approval"),
    "reopening": _("reopening"),
}

# Bookkeeping columns every copy has; they say nothing a clerk changed.
HIDDEN_FIELDS = {"id", "uid", "created_at", "updated_at"}

# The reason of the copy taken of every record when its history began (`baseline.py`).
BASELINE = "baseline"

# model label -> [(permission, field names)]: fields shown only to holders of a permission.
_restricted: dict = {}


def restrict(model, field_names, permission: str):
    """Show the history of these fields of `model` only to users with `permission`, as
    the record's own page does (members' personal data)."""
    _restricted.setdefault(model._meta.label_lower, []).append((permission, set(field_names)))


def hidden_fields(model, user) -> set:
    hidden = set()
    for permission, names in _restricted.get(model._meta.label_lower, []):
        if user is None or not user.has_perm(permission):
            hidden |= names
    return hidden


def tracked_models() -> list:
    """Every record model whose changes are kept, in app and name order."""
    found = [model for model in apps.get_models() if _history_model(model) is not None]
    return sorted(found, key=lambda model: (model._meta.app_label, model._meta.model_name))


def _history_model(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name).model if name else None


def history_model(model):
    return _history_model(model)


def kind_key(model) -> str:
    return model._meta.label_lower


def model_for_kind(key: str):
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError):
        return None
    return model if _history_model(model) is not None else None


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    row: object
    model: type
    action: str
    changes: list = field(default_factory=list)
    earlier_unknown: bool = False

    @property
    def when(self):
        return self.row.history_date

    @property
    def user(self):
        return self.row.history_user

    @property
    def is_baseline(self):
        return self.row.history_change_reason == BASELINE

    @property
    def action_label(self):
        if self.is_baseline:
            return _("first recorded")
        return ACTIONS.get(self.action, self.action)

    @property
    def reason_label(self):
        reason = self.row.history_change_reason or ""
        if reason == BASELINE:
            return ""
        return REASONS.get(reason, reason)

    @property
    def kind_label(self):
        return capfirst(self.model._meta.verbose_name)


def shown_fields(model):
    """The fields of `model` a history shows, in the model's order."""
    history = _history_model(model)
    tracked = {f.name for f in history.tracked_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in tracked and f.name not in HIDDEN_FIELDS and not f.primary_key
    ]


class Formatter:
    """Turns stored values into text; related records are fetched once per kind."""

    def __init__(self):
        self.wanted: dict = {}
        self.names: dict = {}

    def want(self, model_field, value):
        if value is not None and model_field.is_relation:
            self.wanted.setdefault(model_field.related_model, set()).add(value)

    def load(self):
        for related, keys in self.wanted.items():
            manager = related._base_manager
            self.names[related] = {obj.pk: str(obj) for obj in manager.filter(pk__in=keys)}

    def text(self, model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            name = self.names.get(model_field.related_model, {}).get(value)
            return name if name is not None else f"#{value}"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        # Years and counts as typed (2023, not 2.023).
        return str(value)


def describe(pairs, user=None) -> list[Change]:
    """Changes from (model, row, previous row or None) triples, with values as text;
    fields `user` may not see are left out."""
    formatter = Formatter()
    planned = []
    fields_of: dict = {}
    for model, row, previous in pairs:
        if model not in fields_of:
            hidden = hidden_fields(model, user)
            fields_of[model] = [f for f in shown_fields(model) if f.name not in hidden]
        fields = fields_of[model]
        diffs = []
        if row.history_type == "+" or (row.history_type == "~" and previous is None):
            diffs = [
                (f, None, getattr(row, f.attname))
                for f in fields
                if getattr(row, f.attname) not in (None, "")
            ]
        elif row.history_type == "~":
            diffs = [
                (f, getattr(previous, f.attname), getattr(row, f.attname))
                for f in fields
                if getattr(previous, f.attname) != getattr(row, f.attname)
            ]
        for model_field, before, after in diffs:
            formatter.want(model_field, before)
            formatter.want(model_field, after)
        planned.append((model, row, previous, diffs))
    formatter.load()
    changes = []
    for model, row, previous, diffs in planned:
        earlier_unknown = row.history_type == "~" and previous is None
        changes.append(
            Change(
                row=row,
                model=model,
                action=row.history_type,
                earlier_unknown=earlier_unknown,
                changes=[
                    FieldChange(
                        label=str(capfirst(model_field.verbose_name)),
                        # Nothing before a creation, and unknown before the first copy.
                        before=""
                        if row.history_type == "+" or earlier_unknown
                        else formatter.text(model_field, before),
                        after=formatter.text(model_field, after),
                    )
                    for model_field, before, after in diffs
                ],
            )
        )
    return changes


def record_history(obj):
    """The history rows of one record, newest first, with who made each."""
    return _history_model(type(obj)).objects.filter(id=obj.pk).select_related("history_user")


def latest_changes(obj, limit: int = 10, user=None):
    """The latest `limit` changes of `obj` as `user` may read them, and whether there are
    more: one query, and one per kind of linked record the changes name."""
    rows = list(record_history(obj).order_by("-history_date", "-history_id")[: limit + 1])
    shown = rows[:limit]
    pairs = [
        (type(obj), row, rows[index + 1] if index + 1 < len(rows) else None)
        for index, row in enumerate(shown)
    ]
    return describe(pairs, user), len(rows) > limit


# --- all changes, across every record model -----------------------------------------


def feed(*, user=None, since=None, until=None, kind=None, action=None):
    """One queryset of every history row matching the filters, across all record models.

    Each row is a dict: record_kind (the model's label), history_id, history_date,
    history_type, history_user_id, history_change_reason, record_id.
    """
    models_ = [model_for_kind(kind)] if kind else tracked_models()
    parts = []
    for model in filter(None, models_):
        queryset = _history_model(model).objects.all()
        if user is not None:
            queryset = queryset.filter(history_user=user)
        if since is not None:
            queryset = queryset.filter(history_date__gte=since)
        if until is not None:
            queryset = queryset.filter(history_date__lt=until)
        if action:
            queryset = queryset.filter(history_type=action)
        parts.append(
            # No ordering inside a union: the whole is ordered.
            queryset.order_by()
            .annotate(
                record_kind=Value(kind_key(model), output_field=CharField()), record_id=F("id")
            )
            .values(
                "record_kind",
                "history_id",
                "history_date",
                "history_type",
                "history_user_id",
                "history_change_reason",
                "record_id",
            )
        )
    if not parts:
        return _history_model(tracked_models()[0]).objects.none().values("history_id")
    first, *others = parts
    return first.union(*others, all=True) if others else first


def enrich(entries, user=None) -> list[dict]:
    """Fill feed rows with their change: one query per kind of record on the page for
    the rows, one for the rows before them, and one per kind of related record."""
    entries = list(entries)
    by_kind: dict = {}
    for entry in entries:
        by_kind.setdefault(entry["record_kind"], []).append(entry)
    rows: dict = {}
    for key, group in by_kind.items():
        model = model_for_kind(key)
        history = _history_model(model)
        previous = history.objects.filter(
            id=OuterRef("id"), history_id__lt=OuterRef("history_id")
        ).order_by("-history_id")
        found = history.objects.filter(
            history_id__in=[entry["history_id"] for entry in group]
        ).annotate(previous_id=Subquery(previous.values("history_id")[:1]))
        found = {row.history_id: row for row in found.select_related("history_user")}
        earlier_ids = [row.previous_id for row in found.values() if row.previous_id]
        earlier = {
            row.history_id: row for row in history.objects.filter(history_id__in=earlier_ids)
        }
        for history_id, row in found.items():
            rows[(key, history_id)] = (model, row, earlier.get(row.previous_id))
    keyed = [(entry, rows.get((entry["record_kind"], entry["history_id"]))) for entry in entries]
    changes = attach_records(describe([triple for _entry, triple in keyed if triple], user))
    described = iter(changes)
    for entry, triple in keyed:
        entry["change"] = next(described) if triple else None
    return entries


def attach_records(changes):
    """Give each change `record`: the record as that copy holds it (unsaved), with the
    records it links to fetched once per link for all the changes, so that naming the
    records costs no query per row."""
    by_model: dict = {}
    for change in changes:
        history = _history_model(change.model)
        change.record = change.model(
            **{f.attname: getattr(change.row, f.attname) for f in history.tracked_fields}
        )
        by_model.setdefault(change.model, []).append(change.record)
    for model, records in by_model.items():
        for model_field in model._meta.concrete_fields:
            if not model_field.is_relation:
                continue
            keys = {getattr(record, model_field.attname) for record in records} - {None}
            if not keys:
                continue
            found = model_field.related_model._base_manager.in_bulk(keys)
            for record in records:
                related = found.get(getattr(record, model_field.attname))
                if related is not None:
                    model_field.set_cached_value(record, related)
    return changes


def record_label(change) -> str:
    """The record's name as it was then."""
    try:
        return str(change.record)
    except models.ObjectDoesNotExist:
        return f"#{change.row.id}"


def record_url(change):
    """The record's page, while it exists (deleted records have none)."""
    if change.action == "-" or not hasattr(change.record, "get_absolute_url"):
        return None
    try:
        return change.record.get_absolute_url()
    except NoReverseMatch:
        return None
