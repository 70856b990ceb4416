"""What an imported row may point at, looked up once per value within the user's scope."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.importing import choice_lookup
from apps.core.models import ancestor_paths, model_permission, outermost_paths
from apps.core.text import fold
from apps.organizations.models import PartyOrganization

from .columns import Pending


class References:
    """The records an import by `user` may refer to.

    Organizations are those the user sees and those above them: a commune's clerk
    exports their base committee with its parent's code, and sessions of the district's
    topics. Other records are those `visible_to` the user; users are found by username.
    A code that an earlier row of the same file creates is `Pending` until that row is
    written. Whether the user may *write* a record is the kind's question.
    """

    def __init__(self, user):
        self.user = user
        self._pending: dict[tuple, int] = {}
        self._organizations = None
        self._records = {}
        self._visible = {}
        self._choices = {}
        self._named = {}
        self._users = {}

    def mark_pending(self, model, code: str, row: int):
        """Row `row` of the file being checked creates the `model` record `code`."""
        self._pending[(model, code)] = row

    def pending_row(self, model, code: str) -> int | None:
        return self._pending.get((model, code))

    @property
    def paths(self) -> list[str] | None:
        """The user's outermost scope paths; None for a superuser, who has no limit."""
        if self.user.is_superuser:
            return None
        return outermost_paths(self.user.scope_paths)

    def in_scope(self, path: str) -> bool:
        paths = self.paths
        return paths is None or any(path.startswith(scope) for scope in paths)

    def write_paths(self, model) -> list[str] | None:
        """Where the user's roles let them change `model`'s records; None: anywhere."""
        if self.user.is_superuser:
            return None
        return outermost_paths(self.user.paths_with(model_permission(model, "change")))

    def may_write(self, model, path: str) -> bool:
        paths = self.write_paths(model)
        return paths is None or any(path.startswith(scope) for scope in paths)

    def organization(self, code: str):
        if self._organizations is None:
            organizations = PartyOrganization.objects.all()
            if self.paths is not None:
                organizations = organizations.visible_to(self.user) | organizations.filter(
                    path__in=ancestor_paths(self.paths)
                )
            self._organizations = {org.code: org for org in organizations.select_related("kind")}
            self._folded_codes = {code.lower(): org for code, org in self._organizations.items()}
        found = self._organizations.get(code) or self._folded_codes.get(code.lower())
        if found is not None:
            return found
        row = self.pending_row(PartyOrganization, code)
        if row is not None:
            return Pending(code, row)
        raise ValidationError(
            _("No party organization with code “%(code)s” that you can see."),
            params={"code": code},
        )

    def record(self, model, uid):
        key = (model, uid)
        if key not in self._records:
            self._records[key] = (
                model._default_manager.visible_to(self.user).filter(uid=uid).first()
            )
        found = self._records[key]
        if found is None:
            raise ValidationError(
                _("No %(record)s with identifier %(uid)s that you can see."),
                params={"record": model._meta.verbose_name, "uid": uid},
            )
        return found

    def visible_pks(self, model) -> set:
        if model not in self._visible:
            visible = model._default_manager.visible_to(self.user)
            self._visible[model] = set(visible.values_list("pk", flat=True))
        return self._visible[model]

    def user_named(self, username: str):
        if username not in self._users:
            user_model = get_user_model()
            self._users[username] = user_model._default_manager.filter(
                **{user_model.USERNAME_FIELD: username}
            ).first()
        found = self._users[username]
        if found is None:
            raise ValidationError(_("No user named “%(name)s”."), params={"name": username})
        return found

    def named(self, model, text: str):
        """Reference data (kinds, communes) by code, else by its only name that matches."""
        if model not in self._named:
            by_code, by_name = {}, {}
            for obj in model._default_manager.all():
                by_code[obj.code.lower()] = obj
                for name in {getattr(obj, "name", ""), getattr(obj, "name_en", "")} - {""}:
                    by_name.setdefault(fold(name), []).append(obj)
            self._named[model] = (by_code, by_name)
        by_code, by_name = self._named[model]
        found = by_code.get(text.lower())
        if found is not None:
            return found
        matches = {obj.pk: obj for obj in by_name.get(fold(text), [])}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            raise ValidationError(
                _("Several %(records)s are named “%(value)s”; write the code."),
                params={"records": model._meta.verbose_name_plural, "value": text},
            )
        raise ValidationError(
            _("No %(record)s with code or name “%(value)s”."),
            params={"record": model._meta.verbose_name, "value": text},
        )

    def choices(self, field) -> dict:
        if field not in self._choices:
            self._choices[field] = choice_lookup(field.flatchoices)
        return self._choices[field]
