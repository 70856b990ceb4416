"""A hand-counted year of inspections and supervisions in the small test district.

2023, counted by hand (see `world`):
- the district's standing committee inspects the base committees of Vọng Thê and Óc Eo
  and one key cadre (Cao);
- Vọng Thê's standing committee inspects its cell 01, a cell dissolved later in 2023,
  and members An, Bảo (a base committee member then, who loses the post in June) and
  Dung; then its inspection commission inspects cell 01 again, An again (violation,
  reprimanded) and Bảo again (no longer on the committee);
- Óc Eo's committee supervises its cell 01 and member Em;
- 2022: Vọng Thê inspected Dung, which 2023 must not count.
"""

import datetime

import pytest

from apps.members.models import Discipline, Position
from apps.oversight.models import Inspection, InspectionSubject, Supervision, SupervisionSubject
from apps.oversight.services import add_members
from tests.factories import cell

D = datetime.date


def inspection(performer, started_on, **fields):
    fields.setdefault("body", "standing_committee")
    fields.setdefault("kind", "compliance")
    fields.setdefault("content", "Kiểm tra việc chấp hành Điều lệ Đảng")
    event = Inspection(performer=performer, started_on=started_on, **fields)
    event.full_clean()
    event.save()
    return event


def supervision(performer, started_on, **fields):
    fields.setdefault("body", "executive_committee")
    fields.setdefault("kind", "thematic")
    fields.setdefault("content", "Giám sát chuyên đề")
    event = Supervision(performer=performer, started_on=started_on, **fields)
    event.full_clean()
    event.save()
    return event


def subject(event, *, organization=None, member=None, **fields):
    """A validated subject, as the pages create them."""
    model = InspectionSubject if isinstance(event, Inspection) else SupervisionSubject
    row = model(event=event, organization=organization, member=member, **fields)
    row.full_clean()
    row.save()
    return row


def build_world(tree, people):
    district, vong_the, oc_eo = tree["district"], tree["vong_the"], tree["oc_eo"]
    bao_post = Position.objects.create(
        member=people["bao"],
        role=Position.Role.COMMITTEE_MEMBER,
        organization=vong_the,
        started_on=D(2020, 9, 1),
    )
    Position.objects.create(
        member=people["cao"],
        role=Position.Role.KEY_CADRE,
        organization=district,
        started_on=D(2020, 9, 1),
    )
    dissolved = cell(
        vong_the,
        code="TS-VTH-09",
        name="Chi bộ Ấp Giải Thể",
        founded_on=D(2000, 1, 1),
        dissolved_on=D(2023, 10, 1),
    )

    district_inspection = inspection(district, D(2023, 3, 1), decision_number="35-QĐ/HU")
    subject(district_inspection, organization=vong_the)
    subject(district_inspection, organization=oc_eo)
    subject(district_inspection, member=people["cao"])

    first = inspection(vong_the, D(2023, 5, 2), decision_number="12-QĐ/ĐU")
    subject(first, organization=tree["vong_the_1"])
    subject(first, organization=dissolved, conclusion="shortcomings")
    add_members(first, [people["an"].pk, people["bao"].pk, people["dung"].pk])

    # Bảo loses the post in June: the May inspection still counts him as a committee member.
    bao_post.ended_on = D(2023, 6, 30)
    bao_post.save()

    reprimand = Discipline.objects.create(
        member=people["an"],
        form=Discipline.Form.REPRIMAND,
        decided_on=D(2023, 10, 1),
        deciding_body="Đảng ủy xã Vọng Thê",
    )
    second = inspection(
        vong_the,
        D(2023, 8, 1),
        body="inspection_commission",
        kind="signs_of_violation",
        decision_number="03-QĐ/UBKTĐU",
    )
    subject(second, organization=tree["vong_the_1"])
    subject(
        second,
        member=people["an"],
        conclusion="violation",
        discipline_required=True,
        discipline=reprimand,
    )
    subject(second, member=people["bao"])

    oc_eo_supervision = supervision(oc_eo, D(2023, 6, 1))
    subject(oc_eo_supervision, organization=tree["oc_eo_1"])
    subject(oc_eo_supervision, member=people["em"])

    earlier = inspection(vong_the, D(2022, 11, 5))
    subject(earlier, member=people["dung"])

    return {
        "district_inspection": district_inspection,
        "first": first,
        "second": second,
        "supervision": oc_eo_supervision,
        "earlier": earlier,
        "dissolved": dissolved,
        "reprimand": reprimand,
    }


@pytest.fixture
def world(tree, people):
    """The hand-counted year above (`build_world` is also used by the results tests)."""
    return build_world(tree, people)
