from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.core.models import outermost_paths
from apps.organizations.models import PartyOrganization

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, with their home organization; a non-superuser manages only their scope."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Organization"), {"fields": ("home_organization",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Organization"), {"fields": ("home_organization",)}),
    )
    list_display = [
        "username",
        "first_name",
        "last_name",
        "home_organization",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "home_organization__kind"]
    list_select_related = ["home_organization"]
    search_fields = ["username", "first_name", "last_name", "email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        paths = outermost_paths(request.user.scope_paths)
        visible = PartyOrganization.objects.under_paths(paths)
        return queryset.filter(home_organization__in=visible, is_superuser=False)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "home_organization":
            kwargs["queryset"] = PartyOrganization.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
