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
class MembershipAdmin(ScopedAdmin):
    list_display = ["member", "organization", "started_on", "ended_on"]
    list_select_related = ["member", "organization"]
    search_fields = ["member__family_name", "member__given_name", "organization__name"]
    list_filter = ["started_on"]


@admin.register(MemberEvent)
class MemberEventAdmin(ScopedAdmin):
    list_display = ["member", "kind", "happened_on", "organization", "recorded_by", "recorded_at"]
    list_select_related = ["member", "organization", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["member__family_name", "member__given_name", "decision"]

    def has_change_permission(self, request, obj=None):
        return False  # the timeline is a record of what was done


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    list_display = ["member", "role", "organization", "started_on", "ended_on"]
    list_select_related = ["member", "organization"]
    list_filter = ["role"]
    search_fields = ["member__family_name", "member__given_name", "organization__name"]


@admin.register(MemberRating)
class MemberRatingAdmin(ScopedAdmin):
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
class BadgeAdmin(ScopedAdmin):
    list_display = ["member", "years", "awarded_on", "decision"]
    list_select_related = ["member"]
    list_filter = ["years"]
    search_fields = ["member__family_name", "member__given_name", "decision"]


@admin.register(Discipline)
class DisciplineAdmin(ScopedAdmin):
    list_display = ["member", "form", "decided_on", "deciding_body"]
    list_select_related = ["member"]
    list_filter = ["form"]
    search_fields = ["member__family_name", "member__given_name", "deciding_body"]


@admin.register(Exemption)
class ExemptionAdmin(ScopedAdmin):
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
