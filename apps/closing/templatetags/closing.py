"""`{% year_status organization year as status %}`: a year's approval and what the user may do."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from apps.closing.locks import approval_message
from apps.closing.models import current_approval, is_approvable
from apps.closing.services import in_scope

register = template.Library()


@register.simple_tag(takes_context=True)
def year_status(context, organization, year):
    """The approval closing `organization`'s `year` (its own or one above), and the links
    to approve or reopen that the signed-in user is allowed to follow."""
    status = {"approval": None, "message": "", "approve_url": None, "reopen_url": None}
    if organization is None or year in (None, ""):
        return status
    user = context["request"].user
    year = int(year)
    approval = current_approval(organization, year)
    status.update(approval=approval, message=approval_message(approval) if approval else "")
    if approval is None:
        allowed = user.has_perm("closing.approve_year") and is_approvable(organization)
        if allowed and in_scope(user, organization, "closing.approve_year"):
            query = urlencode({"organization": organization.pk, "year": year})
            status["approve_url"] = f"{reverse('closing:approve')}?{query}"
    elif user.has_perm("closing.reopen_year") and in_scope(
        user, approval.organization, "closing.reopen_year"
    ):
        status["reopen_url"] = reverse("closing:reopen", args=[approval.pk])
    return status
