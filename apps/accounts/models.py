"""Users, the organization they work for, and the roles they hold (see roles.py)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Count, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.organizations.models import PartyOrganization

from .roles import Role, permissions_of


class User(AbstractUser):
    """A clerk, staff member or leader.

    What the user sees and changes is fixed by the roles they hold: each role's
    organization subtree, plus the subtrees it succeeded after mergers. The home
    organization is where they work (shown beside their name, and where an
    administrator's new roles default to). Superusers see everything.
    """

    home_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("home organization"),
        help_text=_("The user sees and changes only this organization and its units."),
    )

    objects = UserManager()
    # Who gained or lost access is part of the record; password hashes are not kept.
    history = History(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        """How messages name the user: their full name, else their login."""
        return self.get_full_name() or self.get_username()

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    @cached_property
    def _roles_and_roots(self) -> tuple[list[tuple[str, str]], int | None]:
        """The user's (role, organization path) pairs and the number of roots of the
        tree, which `sees_everything` needs: one query, read once per request."""
        if self.pk is None:
            return [], None
        roots = (
            PartyOrganization.objects.filter(parent__isnull=True)
            .order_by()
            .values("parent")
            .annotate(count=Count("pk"))
            .values("count")
        )
        rows = list(
            self.role_assignments.annotate(roots=Subquery(roots)).values_list(
                "role", "organization__path", "roots"
            )
        )
        return [(role, path) for role, path, _roots in rows], (rows[0][2] if rows else None)

    @property
    def held_roles(self) -> list[tuple[str, str]]:
        """(role, organization path) of every role the user holds (read once per request)."""
        return self._roles_and_roots[0]

    @cached_property
    def scope_paths(self) -> list[str]:
        """Tree paths of the organizations this user may see (cached per request)."""
        return self.paths_with()

    def paths_with(self, permission: str | None = None) -> list[str]:
        """The subtrees where the user holds a role carrying `permission` (any role if None).

        A change is allowed only there: an inspection commission member held at the
        district writes inspections district-wide, a clerk only in their commune.
        """
        cache = self.__dict__.setdefault("_paths_with", {})
        if permission not in cache:
            paths = {
                path
                for role, path in self.held_roles
                if permission is None or permission in permissions_of(role)
            }
            if not paths and permission is not None and self._granted_directly(permission):
                # A permission an administrator gave the user (or a group) outright
                # applies wherever the user's roles let them read.
                paths = {path for _role, path in self.held_roles}
            cache[permission] = self._lineage(frozenset(paths))
        return cache[permission]

    def _lineage(self, paths: frozenset) -> list[str]:
        """`lineage_paths` once per set of organizations (most roles share one), so that
        asking for several permissions costs one succession lookup, not one each."""
        lineages = self.__dict__.setdefault("_lineages", {})
        if paths not in lineages:
            lineages[paths] = PartyOrganization.objects.lineage_paths(list(paths)) if paths else []
        return lineages[paths]

    def _granted_directly(self, permission: str) -> bool:
        from .backends import AccountBackend  # needs this model loaded

        return self.is_active and permission in AccountBackend().get_all_permissions(self)

    @cached_property
    def sees_everything(self) -> bool:
        """Whether every record lies in this user's scope: a superuser's, or a user's
        holding a role at every root of the organization tree (the district office).

        Every scoped record belongs to an organization of the tree, so such a user's
        lists need no scope condition, and a condition over a whole province is most
        of a list's time (a path match per inspection, per counted subject). The roots
        are counted in the query that reads the user's roles (`_roles_and_roots`).
        """
        if self.is_superuser:
            return True
        held_roots = {path for path in self.scope_paths if path.count(".") == 1}
        return bool(held_roots) and len(held_roots) == self._roles_and_roots[1]


class RoleAssignment(models.Model):
    """A role held by a user at a party organization, which fixes where it applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("organization"),
        help_text=_("The role applies to this organization and its units."),
    )
    history = History()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                name="role_assignment_once",
                violation_error_message=_("The user already holds this role there."),
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.organization}"
