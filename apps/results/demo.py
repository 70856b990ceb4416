"""Demo resolutions and targets, chosen so that 2023 reads as the seed article does.

The article (Báo An Giang, 24/04/2024) says that in 2023 Thoại Sơn exceeded three
targets of its resolution and met one, and that the 133 admissions were "nearly 122%"
of the target (so about 109) and "100% of the standing committee's 2023–2025 plan". The
article names neither the other three targets nor the resolution's number, so the
targets below are plausible choices among the figures it gives, and the resolutions
carry descriptive titles and no number. Other years' targets give the review page a
year before to compare with, with a target not met among them.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from apps.organizations.models import PartyOrganization

from .models import ManualValue, Resolution, ResolutionKind, Target
from .registry import Direction

# year -> {indicator code: target}, all "at least"
DISTRICT_TARGETS = {
    2021: {
        "members.admitted": 100,
        "studies.yearly_topic_rate": 98,
        "mobilization.models_renewed": 340,
        "oversight.district_orgs_inspected": 4,
    },
    2022: {
        "members.admitted": 105,
        "studies.yearly_topic_rate": 97,
        "mobilization.models_renewed": 360,
        "oversight.district_orgs_inspected": 5,
    },
    2023: {
        "members.admitted": 109,
        "studies.yearly_topic_rate": 98,
        "mobilization.models_renewed": 380,
        "oversight.district_orgs_inspected": 6,
    },
    2024: {
        "members.admitted": 125,
        "studies.yearly_topic_rate": 98,
        "mobilization.models_renewed": 400,
        "oversight.district_orgs_inspected": 5,
    },
}
# The standing committee's plan for party development, 2023–2025 (400 admissions).
PLAN_TARGETS = {2023: 133, 2024: 133, 2025: 134}
VONG_THE_TARGETS = {
    2022: {
        "members.admitted": 5,
        "studies.yearly_topic_rate": 97,
        "mobilization.models_renewed": 25,
    },
    2023: {
        "members.admitted": 4,
        "studies.yearly_topic_rate": 97,
        "mobilization.models_renewed": 24,
    },
}
# Figures the Fatherland Front reports, typed in by the district office.
MANUAL_VALUES = {
    2022: {"front.welfare_works": 22, "front.great_unity_houses": 41},
    2023: {"front.welfare_works": 26, "front.great_unity_houses": 48},
}


def _resolution(organization, kind, first_year, last_year, title, adopted_on):
    resolution, _created = Resolution.objects.update_or_create(
        organization=organization,
        kind=kind,
        first_year=first_year,
        defaults={"title": title, "last_year": last_year, "adopted_on": adopted_on},
    )
    return resolution


def _targets(resolution, year, values):
    for code, value in values.items():
        Target.objects.update_or_create(
            resolution=resolution,
            indicator_code=code,
            year=year,
            defaults={"value": Decimal(value), "direction": Direction.AT_LEAST},
        )


def _yearly(organization, targets, body):
    for year, values in targets.items():
        resolution = _resolution(
            organization,
            ResolutionKind.YEARLY,
            year,
            year,
            f"Nghị quyết của {body} về phương hướng, nhiệm vụ năm {year}",
            datetime.date(year - 1, 12, 20),
        )
        _targets(resolution, year, values)


def load_results() -> int:
    """Resolutions, targets and typed-in figures; returns the number of targets."""
    district = PartyOrganization.objects.get(code="TS")
    vong_the = PartyOrganization.objects.get(code="TS-VTH")
    _yearly(district, DISTRICT_TARGETS, "Ban Chấp hành Đảng bộ huyện")
    _yearly(vong_the, VONG_THE_TARGETS, "Ban Chấp hành Đảng bộ xã Vọng Thê")
    plan = _resolution(
        district,
        ResolutionKind.PLAN,
        2023,
        2025,
        "Kế hoạch phát triển đảng viên giai đoạn 2023 - 2025 của Ban Thường vụ Huyện ủy",
        datetime.date(2023, 4, 10),
    )
    for year, value in PLAN_TARGETS.items():
        _targets(plan, year, {"members.admitted": value})
    clerk = get_user_model().objects.filter(username="admin").first()
    for year, values in MANUAL_VALUES.items():
        for code, value in values.items():
            ManualValue.objects.update_or_create(
                indicator_code=code,
                organization=district,
                year=year,
                defaults={
                    "value": Decimal(value),
                    "source": f"Báo cáo tổng kết năm {year} của Ủy ban MTTQ Việt Nam huyện",
                    "entered_by": clerk,
                },
            )
    return Target.objects.filter(resolution__organization__in=[district, vong_the]).count()
