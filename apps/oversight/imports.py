"""CSV import of an event's subjects: members by card number, personal ID or name.

A row names a member (party card number, else personal ID, else full name together
with the cell code) or, when it names no member, an organization by its code. Its
conclusion is written as the list exports it ('Chưa phát hiện vi phạm'), with or
without diacritics, or left blank for the usual one. The import reads the same
columns the subject list exports, so a list can be exported, completed in Excel and
imported back.
"""

import copy

from django.utils import formats
from django.utils.translation import gettext as _

from apps.core.importing import Importer, RowResult, choice_lookup
from apps.core.imports import ImportColumn as C
from apps.core.models import model_permission
from apps.core.text import fold
from apps.members.models import Membership, PartyMember
from apps.organizations.models import PartyOrganization

from .models import member_snapshots

YES = {fold(word) for word in ("x", "1", "có", "yes", "true", "đúng")}
NO = {fold(word) for word in ("", "0", "không", "no", "false")}

COLUMNS = [
    C("organization", "Mã", aliases=("Mã tổ chức", "Mã chi bộ", "Organization code", "Code")),
    C("card_number", "Số thẻ đảng viên", aliases=("Party card number", "Số thẻ Đảng", "Số thẻ")),
    C("personal_id", "Số định danh cá nhân", aliases=("Personal ID number", "CCCD")),
    C("full_name", "Đảng viên", aliases=("Họ và tên", "Họ tên", "Party member", "Full name")),
    C("conclusion", "Kết luận", aliases=("Conclusion",)),
    C("note", "Ghi chú", aliases=("Note",)),
]
DISCIPLINE_COLUMN = C(
    "discipline_required",
    "Đến mức phải kỷ luật",
    aliases=("Discipline warranted", "Phải xử lý kỷ luật"),
)


class SubjectImporter(Importer):
    """Subjects of one event; the subject model is set by `subject_importer()`."""

    subject_model = None

    def __init__(self, user, event):
        super().__init__(user)
        self.event = event
        self.conclusions = choice_lookup(self.subject_model._meta.get_field("conclusion").choices)
        self.default_conclusion = self.subject_model._meta.get_field("conclusion").default
        self.members = PartyMember.objects.visible_to(user)
        self.organizations = PartyOrganization.objects.visible_to(user).filter(
            path__startswith=event.performer.path
        )
        self.existing = {
            (subject.member_id, subject.organization_id if not subject.member_id else None): subject
            for subject in event.subjects.all()
        }

    def find_member(self, values, result):
        if values["card_number"]:
            member = self.members.filter(card_number=values["card_number"]).first()
        elif values["personal_id"]:
            member = self.members.filter(personal_id=values["personal_id"]).first()
        else:
            member = self.member_by_name(values, result)
            if member is None:
                return None
        if member is None:
            result.add_error(
                self.header("card_number"),
                _("No member with this card number or personal ID in your scope."),
            )
        return member

    def member_by_name(self, values, result):
        """A member named in the row, in the cell the row's code names, on the start date."""
        cell = self.organizations.filter(code__iexact=values["organization"]).first()
        if cell is None:
            result.add_error(
                self.header("organization"),
                _("Without a card number, give the code of the member's cell."),
            )
            return None
        in_cell = Membership.objects.on(self.event.started_on).filter(organization=cell)
        wanted = fold(values["full_name"])
        matches = [
            member
            for member in PartyMember.objects.filter(pk__in=in_cell.values("member_id"))
            if fold(member.full_name) == wanted
        ]
        if len(matches) != 1:
            result.add_error(
                self.header("full_name"),
                _("%(count)d members of %(cell)s are called “%(name)s”; give the card number.")
                % {"count": len(matches), "cell": cell, "name": values["full_name"]},
            )
            return None
        return matches[0]

    def check_member(self, member, result):
        snapshot = member_snapshots([member.pk], self.event.started_on).get(member.pk)
        performer = self.event.performer
        if snapshot is None:
            result.add_error(
                self.header("full_name"),
                _("%(name)s was not an active member on %(date)s.")
                % {"name": member, "date": formats.date_format(self.event.started_on)},
            )
            return None
        cell = PartyOrganization.objects.get(pk=snapshot[0])
        if not cell.path.startswith(performer.path):
            result.add_error(
                self.header("full_name"),
                _("%(name)s is not under %(performer)s.")
                % {"name": member, "performer": performer},
            )
            return None
        return (member.pk, None)

    def check_organization(self, values, result):
        organization = self.organizations.filter(code__iexact=values["organization"]).first()
        if organization is None or organization.pk == self.event.performer_id:
            result.add_error(
                self.header("organization"),
                _("No organization with code “%(code)s” under %(performer)s.")
                % {"code": values["organization"], "performer": self.event.performer},
            )
            return None
        result.label = str(organization)
        return (None, organization.pk)

    def check_row(self, row) -> RowResult:
        values = row.values
        result = RowResult(number=row.number, label=values["full_name"])
        names_member = any(values[key] for key in ("card_number", "personal_id", "full_name"))
        if names_member:
            member = self.find_member(values, result)
            key = self.check_member(member, result) if member else None
            result.label = str(member or values["full_name"])
        elif values["organization"]:
            key = self.check_organization(values, result)
        else:
            result.add_error("", _("The row names neither a member nor an organization."))
            key = None
        conclusion = self.default_conclusion
        if values["conclusion"]:
            conclusion = self.conclusions.get(fold(values["conclusion"]))
            if conclusion is None:
                result.add_error(
                    self.header("conclusion"),
                    _("Unknown conclusion “%s”.") % values["conclusion"],
                )
        changes = {"conclusion": conclusion, "note": values["note"]}
        if self.subject_model.leads_to_discipline:
            flag = fold(values["discipline_required"])
            if flag not in YES | NO:
                result.add_error(DISCIPLINE_COLUMN.header, _("Write “x” or leave the cell empty."))
            changes["discipline_required"] = flag in YES
            violation = conclusion == self.event.violation_conclusion
            if changes["discipline_required"] and not violation:
                result.add_error(
                    DISCIPLINE_COLUMN.header, _("Discipline follows only a violation.")
                )
        if result.errors:
            return result
        existing = self.existing.get(key)
        # A column the file lacks keeps the stored value.
        changes = {
            name: value
            for name, value in changes.items()
            if name in self.present or (name == "conclusion" and existing is None)
        }
        if existing is None:
            result.action = "create"
        elif all(getattr(existing, name) == value for name, value in changes.items()):
            result.action = "unchanged"
        else:
            result.action = "update"
        result.payload = {"key": key, "existing": existing, "changes": changes}
        if result.action != "unchanged":
            self.refuse_if_closed(result, self.pending_subject(result.payload))
        return result

    def pending_subject(self, data):
        """The subject as `apply_row` would save it, unsaved: for the closed-year check."""
        subject = copy.copy(data["existing"]) if data["existing"] is not None else None
        if subject is None:
            member_id, organization_id = data["key"]
            subject = self.subject_model(
                event=self.event, member_id=member_id, organization_id=organization_id
            )
            if member_id:
                subject.take_snapshot()  # the member's cell on the start date
        for name, value in data["changes"].items():
            setattr(subject, name, value)
        return subject

    def check_file(self, results):
        seen = {}
        for result in results:
            key = result.payload.get("key")
            if key is None:
                continue
            if key in seen:
                result.add_error("", _("Same subject as row %d.") % seen[key])
                result.payload = {}
            else:
                seen[key] = result.number

    def apply_row(self, result):
        data = result.payload
        subject = data["existing"]
        if subject is None:
            member_id, organization_id = data["key"]
            subject = self.subject_model(
                event=self.event, member_id=member_id, organization_id=organization_id
            )
        for name, value in data["changes"].items():
            setattr(subject, name, value)
        subject.full_clean()
        subject.save()
        return subject


def subject_importer(subject_model):
    """The importer class for the subjects of one subject model."""
    columns = list(COLUMNS)
    if subject_model.leads_to_discipline:
        columns.insert(-1, DISCIPLINE_COLUMN)
    prefix = subject_model.event_model().url_prefix
    return type(
        f"{subject_model.__name__}Importer",
        (SubjectImporter,),
        {
            "subject_model": subject_model,
            "columns": columns,
            "kind": f"{prefix}-subjects",
            "permissions": (model_permission(subject_model, "add"),),
        },
    )
