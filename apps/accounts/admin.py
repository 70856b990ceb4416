from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.core.models import outermost_paths
from apps.organizations.models import PartyOrganization

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    """The roles a user holds, each at an organization within the administrator's scope."""

    model = RoleAssignment
    extra = 1
    fields = ["role", "organization"]
    autocomplete_fields = []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = PartyOrganization.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, their home organization and roles; a non-superuser manages only their scope.

    Only a superuser grants superuser status or permissions outside the roles: a district
    administrator cannot raise anyone, themselves included, above what roles give.
    """

    inlines = [RoleAssignmentInline]
    superuser_only_fields = ("is_superuser", "groups", "user_permissions")

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [
                field for field in options["fields"] if field not in self.superuser_only_fields
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "home_organization":
            kwargs["queryset"] = PartyOrganization.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Every role held, to review who may do what; a non-superuser sees only their scope."""

    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            organization__in=PartyOrganization.objects.visible_to(request.user),
            user__is_superuser=False,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = PartyOrganization.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
