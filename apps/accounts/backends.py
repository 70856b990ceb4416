"""Permissions from roles: what `user.has_perm()` answers for every page, admin and command."""

from django.contrib.auth.backends import BaseBackend

from .roles import permissions_of


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
