"""The audit app's only model: a name for its permission.

The history itself lives in one table per record model (django-simple-history's
`Historical…` models, declared by `History()` on each record model); there is nothing
of its own to store here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """Carries `audit.view_all_changes`, the right to read every change of every user."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_all_changes", _("Can see all changes made by every user"))]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self):
        return str(self._meta.verbose_name)
