"""Permissions from roles: what `user.has_perm()` answers for every page, admin and command."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from .roles import permissions_of


class AccountBackend(ModelBackend):
    """Django's model backend (passwords, permissions given to a user or a group), with
    two reads of every page folded into the ones before them: the signed-in user comes
    with their home organization, which the header shows, and the permissions given
    directly and through groups come in one query, not two."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("home_organization")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            names = permissions.order_by().values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache


class RoleBackend(BaseBackend):
    """Grants the permissions of the roles a user holds (see roles.py).

    It authenticates no one; the model backend still checks passwords and adds any
    permission an administrator gave a user or group directly. Where a permission
    applies is a separate question, answered by `User.paths_with()`.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            granted = set()
            for role, _path in user_obj.held_roles:
                granted |= permissions_of(role)
            user_obj._role_perm_cache = granted
        return user_obj._role_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
