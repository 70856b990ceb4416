"""CSV import of the register, with the same columns the member list exports.

Headers are recognised in Vietnamese (with or without diacritics), in English, and in
the spellings of clerks' own Excel sheets (`Họ và tên`, `Sinh ngày`, `Số thẻ Đảng`,
`Tổ chức Đảng sinh hoạt`, `Trạng thái hoạt động` …). A row matches an existing member by
party card number, else personal ID, else name and admission date; matched members get
their profile updated, never their lifecycle, which only actions change.
"""

import contextlib
import copy
import itertools

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit import history
from apps.closing import locks
from apps.core.importing import Importer, RowResult, choice_lookup, write_new
from apps.core.imports import ImportColumn, parse_date
from apps.core.text import fold, person_sort_key
from apps.organizations.models import PartyOrganization

from .models import Gender, MemberEvent, Membership, MemberStatus, PartyMember, Position

C = ImportColumn
COLUMNS = [
    C("family_name", "Họ và tên đệm", aliases=("Family and middle name", "Họ và chữ đệm")),
    C("given_name", "Tên", aliases=("Given name",)),
    C("full_name", "Họ và tên", aliases=("Full name", "Họ tên")),
    C("other_name", "Tên gọi khác", aliases=("Other name",)),
    C("card_number", "Số thẻ đảng viên", aliases=("Party card number", "Số thẻ Đảng", "Số thẻ")),
    C("personal_id", "Số định danh cá nhân", aliases=("Personal ID number", "CCCD", "Số CCCD")),
    C("gender", "Giới tính", aliases=("Gender",), required=True),
    C("birth_date", "Ngày sinh", aliases=("Date of birth", "Sinh ngày")),
    C("place_of_origin", "Quê quán", aliases=("Place of origin",)),
    C("residence", "Thường trú", aliases=("Permanent residence", "Nơi thường trú")),
    C("ethnicity", "Dân tộc", aliases=("Ethnicity",)),
    C("religion", "Tôn giáo", aliases=("Religion",)),
    C("cell", "Chi bộ", aliases=("Party cell", "Tổ chức Đảng sinh hoạt", "Chi bộ sinh hoạt")),
    C("cell_code", "Mã chi bộ", aliases=("Cell code",)),
    C("status", "Tình trạng", aliases=("Status", "Trạng thái hoạt động", "Trạng thái")),
    C("admitted_on", "Ngày vào Đảng", aliases=("Admission date",), required=True),
    C("official_on", "Ngày chính thức", aliases=("Official since",)),
    C("left_on", "Ngày ra khỏi danh sách", aliases=("Left on", "Ngày rời/mất/miễn SH")),
]
PROFILE_KEYS = [
    "family_name", "given_name", "other_name", "card_number", "personal_id", "gender",
    "birth_date", "place_of_origin", "residence", "ethnicity", "religion",
]  # fmt: skip
LIFECYCLE_KEYS = ["cell", "status", "admitted_on", "official_on", "left_on"]
DATE_KEYS = ["birth_date", "admitted_on", "official_on", "left_on"]


# Values looked up with one query each (`prepare`); rows written with one INSERT each.
LOOKUP_BATCH = 2000
WRITE_BATCH = 1000


def batched(values, size):
    """Lists of `size` values (the last one shorter): itertools.batched of Python 3.12."""
    values = iter(values)
    while batch := list(itertools.islice(values, size)):
        yield batch


STATUS_EXTRA = [("Đang sinh hoạt", ""), ("ĐSH", ""), ("Chuyển đi", MemberStatus.TRANSFERRED_OUT),
                ("CĐi", MemberStatus.TRANSFERRED_OUT), ("TT", MemberStatus.DECEASED),
                ("XT", MemberStatus.REMOVED), ("KT", MemberStatus.EXPELLED)]  # fmt: skip


class MemberImporter(Importer):
    kind = "members"
    columns = COLUMNS
    permissions = ("members.add_partymember", "members.change_partymember")

    def __init__(self, user):
        super().__init__(user)
        self.genders = choice_lookup(Gender.choices, [("Nu", Gender.FEMALE), ("F", Gender.FEMALE),
                                                       ("M", Gender.MALE)])  # fmt: skip
        self.statuses = choice_lookup(MemberStatus.choices, STATUS_EXTRA)
        visible = PartyOrganization.objects.visible_to(user).filter(kind__holds_members=True)
        self.cells_by_code = {cell.code.lower(): cell for cell in visible}
        self.cells_by_name = {}
        for cell in self.cells_by_code.values():
            self.cells_by_name.setdefault(fold(cell.name), []).append(cell)
        self.seen_cards = {}
        # The registered members the file's rows may be (see `prepare` and `_match`).
        self.by_card, self.by_personal_id, self.by_name = {}, {}, {}
        self.visible_ids = set()

    # --- the members the file may already hold -----------------------------------------

    def prepare(self, rows):
        """Find, in a few queries, every registered member a row may be: by card number,
        by personal ID, by name and admission date; and which of them the user sees."""
        cards, personal_ids, name_keys, names = set(), set(), set(), set()
        for row in rows:
            values = row.values
            cards.add(values.get("card_number", ""))
            personal_ids.add(values.get("personal_id", ""))
            family, given = (" ".join(name.split()) for name in self._names(values))
            name_keys.add(person_sort_key(given, family))
            with contextlib.suppress(ValidationError):  # the row's error, when checked
                names.add((family, given, parse_date(values.get("admitted_on", ""))))
        cards.discard("")
        personal_ids.discard("")
        # Candidates in the register's order, so that the first found is `.first()`'s.
        by_card = self._first_of("card_number", cards, ["card_number"], ~Q(card_number=""))
        by_personal_id = self._first_of("personal_id", personal_ids, ["personal_id"])
        # The sort key is derived from the two names, and indexed.
        by_name = self._first_of(
            "name_sort_key", name_keys, ["family_name", "given_name", "admitted_on"]
        )
        by_name = {key: pk for key, pk in by_name.items() if key in names}
        found = {*by_card.values(), *by_personal_id.values(), *by_name.values()}
        members = PartyMember.objects.select_related("cell")
        stored = {}
        for batch in batched(sorted(found), LOOKUP_BATCH):
            stored.update((member.pk, member) for member in members.filter(pk__in=batch))
        self.by_card = {card: stored[pk] for card, pk in by_card.items()}
        self.by_personal_id = {number: stored[pk] for number, pk in by_personal_id.items()}
        self.by_name = {key: stored[pk] for key, pk in by_name.items()}
        visible = PartyMember.objects.visible_to(self.user)
        for batch in batched(sorted(found), LOOKUP_BATCH):
            self.visible_ids.update(visible.filter(pk__in=batch).values_list("pk", flat=True))

    @staticmethod
    def _first_of(field, values, key_fields, *conditions) -> dict:
        """The first member (in the register's order) for each key (`key_fields`' values)
        among those whose `field` is one of `values`: key → primary key."""
        members = PartyMember.objects.filter(*conditions).order_by(*PartyMember._meta.ordering)
        first = {}
        for batch in batched(sorted(values), LOOKUP_BATCH):
            found = members.filter(**{f"{field}__in": batch}).values_list("pk", *key_fields)
            for pk, *key in found:
                first.setdefault(key[0] if len(key) == 1 else tuple(key), pk)
        return first

    @staticmethod
    def _names(values) -> tuple[str, str]:
        """(family and middle name, given name) of a row: from their own columns, else
        from the full name split at its last word."""
        family, given = values.get("family_name", ""), values.get("given_name", "")
        if not (family and given) and values.get("full_name"):
            words = values["full_name"].split()
            family, given = " ".join(words[:-1]), words[-1]
        return family, given

    # --- reading one row -------------------------------------------------------------

    def _cell(self, values, result):
        code = values.get("cell_code", "")
        if code:
            cell = self.cells_by_code.get(code.lower())
            if cell is None:
                result.add_error(
                    self.header("cell_code"),
                    _("No party cell with code “%s” in your organizations.") % code,
                )
            return cell
        name = values.get("cell", "")
        if not name:
            result.add_error(self.header("cell"), _("The party cell is missing."))
            return None
        matches = self.cells_by_name.get(fold(name), [])
        if not matches:
            result.add_error(
                self.header("cell"), _("No party cell named “%s” in your organizations.") % name
            )
            return None
        if len(matches) > 1:
            result.add_error(
                self.header("cell"),
                _("Several cells are named “%s”; give the cell code instead.") % name,
            )
            return None
        return matches[0]

    def check_row(self, row) -> RowResult:
        values = row.values
        result = RowResult(number=row.number)
        data = {key: values.get(key, "") for key in PROFILE_KEYS}
        # Only the columns the file has are compared and written; others keep their value.
        data["present"] = {key for key in PROFILE_KEYS if key in self.present}
        if not (data["family_name"] and data["given_name"]) and values.get("full_name"):
            data["family_name"], data["given_name"] = self._names(values)
            data["present"] |= {"family_name", "given_name"}
        if not data["given_name"]:
            result.add_error(self.header("given_name"), _("The name is missing."))
        for key in DATE_KEYS:
            try:
                data[key] = parse_date(values.get(key, ""))
            except ValidationError as error:
                result.add_error(self.header(key), " ".join(error.messages))
                data[key] = None
        gender = self.genders.get(fold(values.get("gender", "")))
        if gender is None:
            result.add_error(self.header("gender"), _("Write “Nam” or “Nữ”."))
        data["gender"] = gender
        status_text = values.get("status", "")
        status = self.statuses.get(fold(status_text)) if status_text else ""
        if status is None:
            result.add_error(self.header("status"), _("Unknown status “%s”.") % status_text)
        if not status:
            status = MemberStatus.OFFICIAL if data.get("official_on") else MemberStatus.PROBATIONARY
        data["status"] = status
        data["cell"] = self._cell(values, result)
        result.label = f"{data['family_name']} {data['given_name']}".strip()
        self._check_dates(data, result)
        card = data["card_number"]
        if card:
            if card in self.seen_cards:
                result.add_error(
                    self.header("card_number"),
                    _("The same card number is on row %d.") % self.seen_cards[card],
                )
            self.seen_cards.setdefault(card, row.number)
        result.payload = data
        if not result.errors:
            self._match(data, result)
        if not result.errors and result.action != "unchanged":
            member = self._pending_member(data)
            refused = self.refuse_if_closed(result, member, header=self.header("admitted_on"))
            if not refused and member.pk is None:
                # A new member's first membership counts them in every year it covers:
                # the preview refuses what writing it would (an admission in 2010 where
                # 2023 is approved).
                self.refuse_if_closed(
                    result, self._first_membership(data, member), header=self.header("admitted_on")
                )
        return result

    def _first_membership(self, data, member):
        return Membership(
            member=member,
            organization=data["cell"],
            started_on=data["admitted_on"],
            ended_on=data["left_on"],
        )

    def _pending_member(self, data):
        """The member as `apply_row` would save them, unsaved: for the closed-year check.
        A new one is kept in `data["new"]`: writing many (`_create`) starts from it."""
        if data.get("existing") is not None:
            member = copy.copy(data["existing"])
            for key in data["changed"]:
                setattr(member, key, data[key])
            return member
        data["new"] = self._new_member(data)
        return data["new"]

    def _check_dates(self, data, result):
        admitted, official, left = data["admitted_on"], data["official_on"], data["left_on"]
        if admitted and official and official <= admitted:
            result.add_error(
                self.header("official_on"),
                _("The official date must come after the admission date."),
            )
        leaving = data["status"] not in MemberStatus.active()
        if leaving and not left:
            result.add_error(
                self.header("left_on"), _("A member who has left needs the date they left.")
            )
        if not leaving and left:
            result.add_error(self.header("left_on"), _("An active member has no leaving date."))
        if left and admitted and left < admitted:
            result.add_error(
                self.header("left_on"), _("The leaving date must not be before the admission date.")
            )
        if data["status"] == MemberStatus.PROBATIONARY and official:
            result.add_error(
                self.header("status"), _("A probationary member has no official date.")
            )
        today = timezone.localdate()
        for key in DATE_KEYS:
            if data[key] and data[key] > today:
                result.add_error(self.header(key), _("The date is in the future."))
        cell = data["cell"]
        if cell and not leaving and cell.dissolved_on:
            result.add_error(self.header("cell"), _("This cell has been dissolved."))

    def _match(self, data, result):
        """The registered member the row is, among those `prepare` found, else a new one."""
        existing = None
        if data["card_number"]:
            existing = self.by_card.get(data["card_number"])
        if existing is None and data["personal_id"]:
            existing = self.by_personal_id.get(data["personal_id"])
        if existing is None:
            existing = self.by_name.get(
                (
                    " ".join(data["family_name"].split()),
                    " ".join(data["given_name"].split()),
                    data["admitted_on"],
                )
            )
        if existing is None:
            result.action = "create"
            return
        # A copy: an update changes it, and a later row may name the same member.
        existing = copy.copy(existing)
        if existing.pk not in self.visible_ids:
            result.add_error(
                self.header("card_number"),
                _("This member belongs to an organization outside yours."),
            )
            return
        data["existing"] = existing
        current = {"cell": existing.cell, "status": existing.status,
                   "admitted_on": existing.admitted_on, "official_on": existing.official_on,
                   "left_on": existing.left_on}  # fmt: skip
        for key in LIFECYCLE_KEYS:
            if data[key] != current[key]:
                result.add_error(
                    self.header(key),
                    _("Differs from the register; use the actions on the member's page."),
                )
        changed = [
            key
            for key in PROFILE_KEYS
            if key in data["present"] and (data[key] or "") != (getattr(existing, key) or "")
        ]
        result.action = "update" if changed else "unchanged"
        data["changed"] = changed

    # --- writing -------------------------------------------------------------------

    def apply_rows(self, results, progress=None):
        """Updates one by one, new members a batch at a time: `_create` for each batch."""
        if not connection.features.can_return_rows_from_bulk_insert:
            return super().apply_rows(results, progress)
        new = []
        for done, result in enumerate(results, start=1):
            if result.action == "create":
                new.append(result)
            elif result.action == "update":
                self.writing = result
                self.apply_row(result)
            if len(new) >= WRITE_BATCH or done == len(results):
                self._create(new)
                new = []
                if progress:
                    progress(done)
        return None

    def apply_row(self, result):
        data = result.payload
        if result.action == "update":
            member = data["existing"]
            for key in data["changed"]:
                setattr(member, key, data[key])
            member.full_clean()
            member.save()
            return member
        member = self._new_member(data)
        member.full_clean()
        member.save()
        self._first_membership(data, member).save()
        history.bulk_create(MemberEvent, self._events(data, member))
        return member

    def _new_member(self, data):
        profile = {key: data[key] for key in PROFILE_KEYS if key in data["present"]}
        return PartyMember(
            **profile,
            cell=data["cell"],
            status=data["status"],
            admitted_on=data["admitted_on"],
            official_on=data["official_on"],
            left_on=data["left_on"],
        )

    def _create(self, results):
        """Write new members with their first membership and their lifecycle events,
        as many as given in a few INSERTs, validated as `full_clean()` and the closing
        of years (`pre_save`) would validate each one saved on its own."""
        if not results:
            return
        members = []
        for result in results:
            self.writing = result
            member = result.payload.pop("new", None) or self._new_member(result.payload)
            # Checks that need no query here; those that do, for all of them below.
            member.full_clean(exclude=["cell"], validate_unique=False, validate_constraints=False)
            member.refresh_derived_fields()
            members.append(member)
        self._validate_new(results, members)
        write_new(PartyMember, members, batch_size=WRITE_BATCH)
        memberships = [
            self._first_membership(result.payload, member)
            for result, member in zip(results, members, strict=True)
        ]
        self._refuse_closed(results, memberships)
        write_new(Membership, memberships, batch_size=WRITE_BATCH)
        events = [
            event
            for result, member in zip(results, members, strict=True)
            for event in self._events(result.payload, member)
        ]
        write_new(MemberEvent, events, batch_size=WRITE_BATCH)

    def _validate_new(self, results, members):
        """What `full_clean()` checks against the stored members, for many at once: a
        card number or identifier another member has (or an earlier row of the batch),
        and the model's check; then what a closed year refuses."""
        rules = {constraint.name: constraint for constraint in PartyMember._meta.constraints}
        cell_field = PartyMember._meta.get_field("cell")
        cells = {member.cell_id for member in members}
        stored_cells = set(
            PartyOrganization._base_manager.filter(pk__in=cells).values_list("pk", flat=True)
        )
        cards = [member.card_number for member in members if member.card_number]
        taken_cards = set()
        # Blank cards excluded, as the constraint does: its partial index then serves.
        with_card = PartyMember.objects.exclude(card_number="")
        for batch in batched(cards, LOOKUP_BATCH):
            found = with_card.filter(card_number__in=batch).values_list("card_number", flat=True)
            taken_cards.update(found)
        uids = [member.uid for member in members]
        taken_uids = set()
        for batch in batched(uids, LOOKUP_BATCH):
            taken_uids.update(
                PartyMember.objects.filter(uid__in=batch).values_list("uid", flat=True)
            )
        for result, member in zip(results, members, strict=True):
            self.writing = result
            if member.cell_id not in stored_cells:
                cell_field.validate(member.cell_id, member)  # raises its own message
            if member.card_number and member.card_number in taken_cards:
                rule = rules["member_card_number_unique"]
                raise ValidationError(rule.get_violation_error_message())
            taken_cards.add(member.card_number)
            if member.uid in taken_uids:
                raise ValidationError(member.unique_error_message(PartyMember, ["uid"]))
            taken_uids.add(member.uid)
            # The model's check, "official_on IS NULL OR official_on > admitted_on".
            if member.official_on is not None and not member.official_on > member.admitted_on:
                rule = rules["member_official_after_admission"]
                raise ValidationError(rule.get_violation_error_message())
        self._refuse_closed(results, members)

    def _refuse_closed(self, results, instances):
        """Raise what `pre_save` would for the first instance a closed year refuses."""
        for result, instance in zip(results, instances, strict=True):
            self.writing = result
            approval = locks.closing_for(instance)
            if approval is not None:
                raise locks.YearClosedError(approval)

    def _events(self, data, member):
        note = _("Imported from a CSV file.")
        events = [(MemberEvent.Kind.ADMISSION, data["admitted_on"])]
        if data["official_on"]:
            events.append((MemberEvent.Kind.RECOGNITION, data["official_on"]))
        leaving_kind = {
            MemberStatus.TRANSFERRED_OUT: MemberEvent.Kind.TRANSFER_OUT,
            MemberStatus.DECEASED: MemberEvent.Kind.DEATH,
            MemberStatus.REMOVED: MemberEvent.Kind.REMOVAL,
            MemberStatus.EXPELLED: MemberEvent.Kind.EXPULSION,
        }.get(data["status"])
        if leaving_kind:
            events.append((leaving_kind, data["left_on"]))
        # By key: thousands of events are built, and they are only written.
        recorded_by = self.user.pk if self.user.pk else None
        return [
            MemberEvent(
                member_id=member.pk,
                kind=kind,
                happened_on=day,
                organization_id=data["cell"].pk,
                note=note,
                recorded_by_id=recorded_by,
            )
            for kind, day in events
        ]


POSITION_COLUMNS = [
    C("card_number", "Số thẻ đảng viên", aliases=("Party card number", "Số thẻ Đảng", "Số thẻ")),
    C("personal_id", "Số định danh cá nhân", aliases=("Personal ID number", "CCCD")),
    C("full_name", "Họ và tên", aliases=("Full name", "Họ tên")),
    C("role", "Chức vụ", aliases=("Position",), required=True),
    C("organization", "Mã tổ chức", aliases=("Organization code", "Thuộc tổ chức"), required=True),
    C("started_on", "Từ ngày", aliases=("From",), required=True),
    C("ended_on", "Đến ngày", aliases=("Until",)),
]


class PositionImporter(Importer):
    """Positions held by registered members, found by card number or personal ID."""

    kind = "positions"
    columns = POSITION_COLUMNS
    permissions = ("members.add_position",)

    def __init__(self, user):
        super().__init__(user)
        self.roles = choice_lookup(
            Position.Role.choices,
            [("Cấp ủy viên", Position.Role.COMMITTEE_MEMBER), ("Bí thư", Position.Role.SECRETARY),
             ("Phó Bí thư", Position.Role.DEPUTY_SECRETARY),
             ("Ủy viên Ban Thường vụ", Position.Role.STANDING_MEMBER),
             ("Cán bộ chủ chốt", Position.Role.KEY_CADRE)],
        )  # fmt: skip
        self.members = PartyMember.objects.visible_to(user)

    def check_row(self, row) -> RowResult:
        values = row.values
        result = RowResult(number=row.number, label=values.get("full_name", ""))
        member = None
        if values.get("card_number"):
            member = self.members.filter(card_number=values["card_number"]).first()
        elif values.get("personal_id"):
            member = self.members.filter(personal_id=values["personal_id"]).first()
        if member is None:
            result.add_error(
                self.header("card_number"),
                _("No member with this card number or personal ID in your scope."),
            )
        role = self.roles.get(fold(values.get("role", "")))
        if role is None:
            result.add_error(self.header("role"), _("Unknown position “%s”.") % values.get("role"))
        organization = PartyOrganization.objects.filter(
            code__iexact=values.get("organization", "")
        ).first()
        if organization is None:
            result.add_error(
                self.header("organization"),
                _("No organization with code “%s”.") % values.get("organization"),
            )
        dates = {}
        for key in ("started_on", "ended_on"):
            try:
                dates[key] = parse_date(values.get(key, ""))
            except ValidationError as error:
                result.add_error(self.header(key), " ".join(error.messages))
        if not dates.get("started_on") and "started_on" in dates:
            result.add_error(self.header("started_on"), _("The start date is missing."))
        started, ended = dates.get("started_on"), dates.get("ended_on")
        if started and ended and ended <= started:
            result.add_error(self.header("ended_on"), _("The end must come after the start."))
        if result.errors:
            return result
        result.label = result.label or member.full_name
        existing = Position.objects.filter(member=member, role=role, organization=organization,
                                           started_on=dates["started_on"]).first()  # fmt: skip
        if existing is None:
            result.action = "create"
        elif existing.ended_on == dates["ended_on"]:
            result.action = "unchanged"
        else:
            result.action = "update"
        result.payload = {"existing": existing, "member": member, "role": role,
                          "organization": organization, **dates}  # fmt: skip
        if result.action != "unchanged":
            self.refuse_if_closed(result, self._pending_position(result.payload))
        return result

    def _pending_position(self, data):
        """The position as `apply_row` would save it, unsaved: for the closed-year check."""
        if data["existing"] is not None:
            position = copy.copy(data["existing"])
        else:
            position = Position(
                member=data["member"],
                role=data["role"],
                organization=data["organization"],
                started_on=data["started_on"],
            )
        position.ended_on = data["ended_on"]
        return position

    def apply_row(self, result):
        data = result.payload
        position = data["existing"] or Position(
            member=data["member"],
            role=data["role"],
            organization=data["organization"],
            started_on=data["started_on"],
        )
        position.ended_on = data["ended_on"]
        position.full_clean()
        position.save()
        return position
