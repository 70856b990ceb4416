"""Users, each attached to the party organization they work for."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import PartyOrganization


class User(AbstractUser):
    """A clerk, staff member or leader.

    The home organization fixes what the user sees and changes: its subtree, plus the
    subtrees it succeeded after mergers. District staff belong to the district committee
    and so see the whole district; superusers see everything.
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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    @cached_property
    def scope_paths(self) -> list[str]:
        """Tree paths of the organizations this user may see (cached per request)."""
        if self.home_organization_id is None:
            return []
        home_path = (
            PartyOrganization.objects.filter(pk=self.home_organization_id)
            .values_list("path", flat=True)
            .first()
        )
        if not home_path:
            return []
        return PartyOrganization.objects.lineage_paths([home_path])

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser
