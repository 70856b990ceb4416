from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Commune, OrganizationKind, OrganizationSuccession, PartyOrganization


@admin.register(OrganizationKind)
class OrganizationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "level", "may_be_root", "holds_members", "position"]
    list_filter = ["level", "may_be_root", "holds_members"]
    search_fields = ["name", "name_en", "code"]
    filter_horizontal = ["allowed_parents"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "district", "province", "abolished_on"]
    list_filter = ["kind", "district", "province"]
    search_fields = ["name", "code"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "parent", "commune", "founded_on", "dissolved_on"]
    list_filter = ["kind", "kind__level", "commune", ("dissolved_on", admin.EmptyFieldListFilter)]
    list_select_related = ["kind", "parent", "commune"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth", "created_at", "updated_at"]
    ordering = ["path"]


@admin.register(OrganizationSuccession)
class OrganizationSuccessionAdmin(ScopedAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on", "decision"]
    list_filter = ["kind", "effective_on"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__name", "successor__name", "decision"]
    date_hierarchy = "effective_on"
