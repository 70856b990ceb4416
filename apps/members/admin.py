from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import (
    Badge,
    Candidate,
    Discipline,
    Exemption,
    MemberEvent,
    MemberRating,
    Membership,
    OrganizationRating,
    PartyMember,
    Position,
)


class MemberScopedAdmin(ScopedAdmin):
    """Side records are scoped through their member's cell."""

    def get_queryset(self, request):
        queryset = super(ScopedAdmin, self).get_queryset(request)
        return queryset.filter(member__in=PartyMember.objects.visible_to(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = PartyMember.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PartyMember)
class PartyMemberAdmin(ScopedAdmin):
    list_display = ["family_name", "given_name", "card_number", "cell", "status", "admitted_on",
                    "official_on"]  # fmt: skip
    list_filter = ["status", "gender", "political_theory"]
    list_select_related = ["cell"]
    search_fields = ["family_name", "given_name", "card_number"]
    ordering = ["name_sort_key"]
    date_hierarchy = "admitted_on"
    # Lifecycle fields change through the actions on the member's page, which record them.
    readonly_fields = ["status", "cell", "admitted_on", "official_on", "left_on"]

    def has_add_permission(self, request):
        return False  # admission is an action on the members' page


@admin.register(Membership)
class MembershipAdmin(MemberScopedAdmin):
    list_display = ["member", "organization", "started_on", "ended_on"]
    list_select_related = ["member", "organization"]
    search_fields = ["member__family_name", "member__given_name", "organization__name"]
    list_filter = ["started_on"]


@admin.register(MemberEvent)
class MemberEventAdmin(MemberScopedAdmin):
    list_display = ["member", "kind", "happened_on", "organization", "recorded_by", "recorded_at"]
    list_select_related = ["member", "organization", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["member__family_name", "member__given_name", "decision"]

    def has_change_permission(self, request, obj=None):
        return False  # the timeline is a record of what was done


@admin.register(Position)
class PositionAdmin(MemberScopedAdmin):
    list_display = ["member", "role", "organization", "started_on", "ended_on"]
    list_select_related = ["member", "organization"]
    list_filter = ["role"]
    search_fields = ["member__family_name", "member__given_name", "organization__name"]


@admin.register(MemberRating)
class MemberRatingAdmin(MemberScopedAdmin):
    list_display = ["member", "year", "grade"]
    list_select_related = ["member"]
    list_filter = ["year", "grade"]
    search_fields = ["member__family_name", "member__given_name"]


@admin.register(OrganizationRating)
class OrganizationRatingAdmin(ScopedAdmin):
    list_display = ["organization", "year", "grade"]
    list_select_related = ["organization"]
    list_filter = ["year", "grade"]
    search_fields = ["organization__name", "organization__code"]


@admin.register(Badge)
class BadgeAdmin(MemberScopedAdmin):
    list_display = ["member", "years", "awarded_on", "decision"]
    list_select_related = ["member"]
    list_filter = ["years"]
    search_fields = ["member__family_name", "member__given_name", "decision"]


@admin.register(Discipline)
class DisciplineAdmin(MemberScopedAdmin):
    list_display = ["member", "form", "decided_on", "deciding_body"]
    list_select_related = ["member"]
    list_filter = ["form"]
    search_fields = ["member__family_name", "member__given_name", "deciding_body"]


@admin.register(Exemption)
class ExemptionAdmin(MemberScopedAdmin):
    list_display = ["member", "started_on", "ended_on", "reason"]
    list_select_related = ["member"]
    search_fields = ["member__family_name", "member__given_name", "reason"]
    list_filter = ["started_on"]


@admin.register(Candidate)
class CandidateAdmin(ScopedAdmin):
    list_display = ["family_name", "given_name", "organization", "identified_on",
                    "sympathiser_on", "course_completed_on", "admitted_member"]  # fmt: skip
    list_select_related = ["organization", "admitted_member"]
    search_fields = ["family_name", "given_name"]
    list_filter = ["identified_on"]
