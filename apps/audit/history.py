"""Recording who changed what: the history field every record model declares.

django-simple-history keeps a full copy of a record after every save and delete. This
module adds what the app needs on top of it: who acted when there is no web request
(commands, services called with `by=`), why (the lifecycle action, "import",
"approval"), the bulk writes of services, and a switch that turns recording off for
the demo load. Nothing here ever changes a history row once written.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

_actor: ContextVar = ContextVar("audit_actor", default=None)
_reason: ContextVar = ContextVar("audit_reason", default=None)
_disabled: ContextVar = ContextVar("audit_disabled", default=False)

# Change reasons the app writes; shown as they are, translated on display.
IMPORT = "import"
APPROVAL = "approval"
REOPENING = "reopening"


@contextmanager
def acting(user=None, reason=None):
    """Record the changes made inside the block as made by `user`, for `reason`.

    An inner block's user or reason wins; None keeps the outer one (or the request's
    signed-in user, which the middleware hands to the library).
    """
    tokens = []
    # A stand-in user that is not stored (the commands' "command-line") names nobody.
    if user is not None and getattr(user, "pk", None) is not None:
        tokens.append((_actor, _actor.set(user)))
    if reason:
        tokens.append((_reason, _reason.set(str(reason)[:100])))
    try:
        yield
    finally:
        for variable, token in reversed(tokens):
            variable.reset(token)


@contextmanager
def without_history():
    """Write without recording history (the demo load: tens of thousands of rows)."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


def recording() -> bool:
    return not _disabled.get()


# Columns computed from others (search text, sort keys, tree paths): never typed, never
# shown, and rewritten in bulk, so their copies would only be noise.
DERIVED_FIELDS = ["search_text", "name_sort_key", "path", "depth"]


class History(HistoricalRecords):
    """The history field of a record model: `history = History()`.

    HistoricalRecords that also takes the acting user and reason from `acting()` and
    leaves out derived columns. Abstract bases pass `inherit=True`.
    """

    def __init__(self, **kwargs):
        # Fields a model leaves out besides the derived ones (a user's password hash).
        self.own_exclusions = list(kwargs.pop("excluded_fields", ()))
        super().__init__(excluded_fields=[*DERIVED_FIELDS, *self.own_exclusions], **kwargs)

    def create_history_model(self, model, inherited):
        # Only the derived columns this model has (the library looks each one up).
        names = {field.name for field in model._meta.fields}
        self.excluded_fields = [
            name for name in [*DERIVED_FIELDS, *self.own_exclusions] if name in names
        ]
        return super().create_history_model(model, inherited)

    def get_history_user(self, instance):
        actor = _actor.get()
        if actor is not None:
            return actor
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or (
            _reason.get()
        )

    def post_save(self, instance, created, using=None, **kwargs):
        # A save of left-out fields only (a login's last_login) is no change to keep.
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        if recording():
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if recording():
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if recording():
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def bulk_create(model, objs, **kwargs):
    """`bulk_create` that records a "created" history row for each object."""
    objs = list(objs)
    if not recording():
        return model._default_manager.bulk_create(objs, **kwargs)
    return bulk_create_with_history(
        objs, model, default_change_reason=_reason.get(), **_batch(kwargs)
    )


def bulk_update(model, objs, fields, **kwargs):
    """`bulk_update` that records a "changed" history row for each object."""
    objs = list(objs)
    if not recording():
        return model._default_manager.bulk_update(objs, fields, **kwargs)
    return bulk_update_with_history(
        objs, model, fields, default_change_reason=_reason.get(), **_batch(kwargs)
    )


def _batch(kwargs):
    return {"batch_size": kwargs.get("batch_size")}


def recorded(reason):
    """Run a service function inside `acting(by, reason)`: its `by=` is who acted."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with acting(kwargs.get("by"), reason):
                return function(*args, **kwargs)

        return wrapper

    return decorate
