"""No lost updates: a form carries the record as it was shown, and the save checks it.

An edit, action or delete page puts a signed fingerprint of the record's stored values
into its form. On POST the view reads the row again under a lock (`select_for_update`,
inside the transaction that saves) and compares. If anything changed since the form was
opened, nothing is saved and the form says what changed, with the value the clerk started
from and the value now stored, and offers to reload it.

The rule is deliberately simple: any change to a watched field refuses the save, also a
change to a field the clerk did not touch, because their whole form was filled in against
what they saw. No version column is needed.

The values of fields the form shows travel in clear (the clerk sees them anyway); the
others only as a keyed digest, so that the page's source does not disclose a field the
user may not see (members' personal data).
"""

import hashlib
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from .presentation import display_value

FIELD_NAME = "record_fingerprint"
SALT = "apps.core.concurrency"


@dataclass(frozen=True)
class Watched:
    """A value beside the record's own fields that an action depends on (its timeline,
    an attendance list): compared by `value`, shown as `text`."""

    label: str
    value: str
    text: str


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: a field the user may not see, named without its values
    after: str | None


class RecordChanged(ValidationError):
    """The record changed since the form was opened (or the form's fingerprint is bad).

    Its messages are the form's non-field errors; `reason` ("changed", "deleted",
    "invalid") is exposed to the page as `data-conflict`, `reload_url` as the link.
    """

    def __init__(self, messages, *, reason, reload_url, changes=()):
        super().__init__(messages)
        self.reason = reason
        self.reload_url = reload_url
        self.changes = list(changes)


def watched_fields(model, names=None):
    """The fields a fingerprint covers: every concrete editable field and many-to-many
    field (or only those named), never the primary key or the derived columns."""
    fields = [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and not field.primary_key
    ]
    if names is not None:
        fields = [field for field in fields if field.name in names]
    return fields


def raw_value(obj, field):
    """A field's stored value as text (None for NULL); linked ids, sorted, for a
    many-to-many field."""
    if field.many_to_many:
        if obj.pk is None:
            return ""
        return ",".join(
            sorted(str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True))
        )
    if field.value_from_object(obj) is None:
        return None
    return field.value_to_string(obj)


def _digest(name, value) -> str:
    return salted_hmac(SALT, f"{name}={value!r}").hexdigest()[:24]


def _short(text) -> str:
    return Truncator(" ".join(str(text).split())).chars(80)


def fingerprint(obj, *, fields=None, private=(), extra=None) -> str:
    """The signed fingerprint of `obj` as stored now, for a form's hidden field.

    `fields` limits the watched fields (None: all), `private` names those carried only
    as digests, `extra` maps names to `Watched` values read beside the record.
    """
    values, digests = {}, {}
    for field in watched_fields(type(obj), fields):
        raw = raw_value(obj, field)
        if field.name in private:
            digests[field.name] = _digest(field.name, raw)
        else:
            values[field.name] = raw
    watched = {
        name: [str(item.label), _digest(name, item.value), _short(item.text)]
        for name, item in (extra or {}).items()
    }
    payload = {"m": obj._meta.label_lower, "pk": str(obj.pk), "v": values, "d": digests}
    if watched:
        payload["x"] = watched
    return signing.dumps(payload, salt=SALT, compress=True)


def read_fingerprint(token, obj):
    """The payload of a fingerprint made for `obj`, or None if missing or altered."""
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("m") != obj._meta.label_lower or payload.get("pk") != str(obj.pk):
        return None
    return payload


def shown_value(model, field, raw) -> str:
    """A stored value (as `raw_value` gives it) as a clerk reads it."""
    if raw is None or raw == "":
        return "—"
    if field.many_to_many:
        related = field.related_model._base_manager.filter(pk__in=raw.split(","))
        return _short(", ".join(sorted(str(obj) for obj in related))) or "—"
    instance = model()
    try:
        setattr(instance, field.attname, field.to_python(raw))
        value, _url = display_value(instance, field.name)
    except (ObjectDoesNotExist, ValidationError):
        value = raw
    return _short(value)


def changes_since(payload, stored, extra=None) -> list[Change]:
    """What differs between the fingerprint's values and the stored record."""
    model = type(stored)
    changes = []
    for field in watched_fields(model):
        name, label = field.name, capfirst(field.verbose_name)
        if name in payload["v"]:
            before, now = payload["v"][name], raw_value(stored, field)
            if before != now:
                changes.append(
                    Change(label, shown_value(model, field, before), shown_value(model, field, now))
                )
        elif name in payload["d"] and payload["d"][name] != _digest(name, raw_value(stored, field)):
            changes.append(Change(label, None, None))
    extra = extra or {}
    for name, (label, digest, text) in payload.get("x", {}).items():
        item = extra.get(name)
        if item is None or digest != _digest(name, item.value):
            changes.append(Change(label, text, _short(item.text) if item else "—"))
    return changes


def last_saved(stored) -> str:
    """Who last saved the record and when, from its history (or its `updated_at`)."""
    entry = None
    history = getattr(stored, "history", None)
    if history is not None and hasattr(history, "order_by"):
        entry = history.order_by("-history_date").first()
    who = getattr(entry, "history_user", None) if entry is not None else None
    when = getattr(entry, "history_date", None) or getattr(stored, "updated_at", None)
    if when is None:
        return ""
    when = formats.date_format(when, "SHORT_DATETIME_FORMAT")
    if who is not None:
        return _("Last saved by %(user)s on %(when)s.") % {"user": who.display_name, "when": when}
    return _("Last saved on %(when)s.") % {"when": when}


def ensure_unchanged(token, obj, *, reload_url, extra=None):
    """Lock `obj`'s row and raise `RecordChanged` unless it is as the fingerprint says.

    Must run inside the transaction that then saves, so that no other save can come
    between the comparison and this one. `extra` is a function of the stored record
    that gives the `Watched` values beside it.
    """
    stored = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    payload = read_fingerprint(token, obj)
    if payload is None:
        raise RecordChanged(
            [
                _(
                    "This form lacks its record of the values it was opened with, or that "
                    "record was altered, so nothing was saved. Reload the form and make "
                    "your change again."
                )
            ],
            reason="invalid",
            reload_url=reload_url,
        )
    if stored is None:
        raise RecordChanged(
            [_("Someone deleted this record after you opened the form; nothing was saved.")],
            reason="deleted",
            reload_url=reload_url,
        )
    changes = changes_since(payload, stored, extra(stored) if extra else None)
    if not changes:
        return stored
    messages = [
        _(
            "Someone else changed this record after you opened the form, so nothing was "
            "saved. Reload the form to see the current values, then make your change again."
        )
    ]
    for change in changes:
        if change.before is None:
            messages.append(_("%(field)s was changed.") % {"field": change.label})
        else:
            messages.append(
                _("%(field)s: “%(before)s” when you opened the form, now “%(after)s”.")
                % {"field": change.label, "before": change.before, "after": change.after}
            )
    saved = last_saved(stored)
    if saved:
        messages.append(saved)
    raise RecordChanged(messages, reason="changed", reload_url=reload_url, changes=changes)


def digest_rows(rows) -> str:
    """One comparable value for a list of rows (an attendance list)."""
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


class UnchangedRecordMixin:
    """For a view whose POST changes one record: refuse the save if the record changed
    since its form was opened.

    The view's form carries `form.fingerprint` (rendered as a hidden field by
    `core/includes/form_fields.html`); on a refusal `form.conflict` holds the
    `RecordChanged`, and the page shows its messages with a link to reload the form.
    A view with its own `form_valid` starts it with `refuse_if_changed`.
    """

    # None: every editable field; a list: only those (an action that depends on a few).
    watched_fields = None

    def guarded_object(self):
        obj = getattr(self, "object", None)
        return obj if obj is not None else self.get_object()

    def watched_extra(self, stored) -> dict:
        """`Watched` values beside the record (its timeline, a list), read from `stored`."""
        return {}

    def private_fields(self, form) -> set:
        """Watched fields carried only as digests: on an edit page, those the form does
        not show (personal data a user may not see)."""
        if isinstance(form, forms.ModelForm):
            names = {field.name for field in watched_fields(type(self.guarded_object()))}
            return names - set(form.fields)
        return set()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.conflict = None
        if form.is_bound:
            form.fingerprint = self.request.POST.get(FIELD_NAME, "")
        else:
            obj = self.guarded_object()
            form.fingerprint = fingerprint(
                obj,
                fields=self.watched_fields,
                private=self.private_fields(form),
                extra=self.watched_extra(obj),
            )
        return form

    def check_unchanged(self, form):
        """Inside the saving transaction: lock the row and compare; returns it as stored."""
        return ensure_unchanged(
            form.fingerprint,
            self.guarded_object(),
            reload_url=self.request.get_full_path(),
            extra=self.watched_extra,
        )

    def post(self, request, *args, **kwargs):
        # Lock the row before the view reads it: the form is then checked against, and
        # saves over, the same committed state, with no other save in between.
        with transaction.atomic():
            self.lock_record()
            return super().post(request, *args, **kwargs)

    def lock_record(self):
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        if pk is not None and hasattr(self, "get_queryset"):
            model = self.get_queryset().model
            list(model._base_manager.select_for_update().filter(pk=pk).values_list("pk"))

    def refuse_if_changed(self, form):
        """The form shown again with what changed, or None if the record is as it was.

        `post` runs in a transaction with the row locked, so the save that follows sees
        the same record. Views that write their own `form_valid` call this first.
        """
        try:
            self.check_unchanged(form)
        except RecordChanged as refusal:
            form.conflict = refusal
            for message in refusal.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        return None

    def form_valid(self, form):
        refused = self.refuse_if_changed(form)
        return refused if refused is not None else super().form_valid(form)


class UnchangedFormMixin:
    """The same check inside a model form itself, for the admin's change form (whose
    view runs in a transaction): the fingerprint is `form.fingerprint`, posted back as
    `record_fingerprint`, and the check is made while the form validates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.is_bound:
            self.fingerprint = self.data.get(FIELD_NAME, "")
        else:
            names = {field.name for field in watched_fields(type(self.instance))}
            self.fingerprint = fingerprint(self.instance, private=names - set(self.fields))

    def clean(self):
        cleaned = super().clean()
        try:
            ensure_unchanged(self.fingerprint, self.instance, reload_url="")
        except RecordChanged as refusal:
            self.conflict = refusal
            for message in refusal.messages:
                self.add_error(None, message)
        return cleaned


def with_unchanged_check(form_class):
    """`form_class`, refusing while it validates a change to a record changed meanwhile."""
    if issubclass(form_class, UnchangedFormMixin):
        return form_class
    return type(form_class.__name__, (UnchangedFormMixin, form_class), {})
