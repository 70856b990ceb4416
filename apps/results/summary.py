"""The year's written summary, in Vietnamese, in the register of a district report.

The wording lives in `templates/results/summary_vi.txt` (text for readers, not code);
this module hands it the figures already written the Vietnamese way (4.515; 99,3%),
whatever language the page is shown in, and turns the rendered text into paragraphs.
Paragraphs are separated in the template by a line holding only `@@`; line breaks and
indentation inside a paragraph are the template's and are folded into single spaces.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils import translation

from apps.organizations.models import OrganizationKind

from .figures import study_topic_figures
from .registry import Status, judge

PARAGRAPH_BREAK = "@@"


def vi_number(value, decimals: int = 0) -> str:
    """A number as Vietnamese writes it: '.' between thousands, ',' before decimals."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vi_percent(value) -> str:
    return "—" if value is None else f"{vi_number(value, 1)}%"


@dataclass
class Summary:
    title: str
    paragraphs: list

    def as_text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"


class _Figure:
    """One indicator's result as the template writes it."""

    def __init__(self, row):
        current, previous = row.current, row.previous
        percent = self.is_percent = row.indicator.is_percent
        self.value = current.value
        self.text = vi_percent(current.value) if percent else vi_number(current.value)
        self.previous = vi_percent(previous.value) if percent else vi_number(previous.value)
        self.target = current.target
        self.target_text = (
            vi_percent(current.target_value) if percent else vi_number(current.target_value)
        )
        self.percent = vi_percent(current.percent)
        self.status = current.status
        self.change = row.change
        change = abs(row.change) if row.change is not None else None
        self.change_text = vi_percent(change) if percent else vi_number(change)

    def __bool__(self):
        return bool(self.value)

    def __str__(self):
        return self.text


def write_summary(review) -> Summary:
    # Template variables cannot contain dots: members.admitted is f.members_admitted.
    figures = {row.indicator.code.replace(".", "_"): _Figure(row) for row in review.rows}
    counts = review.counts
    targeted = len(review.targeted_rows)
    not_met = [row for row in review.targeted_rows if row.current.status == Status.NOT_MET]
    organization = review.organization
    is_district = organization.kind.level == OrganizationKind.Level.SUPERIOR
    other_targets = []  # the year's targets in its other resolutions and plans
    for resolution in review.resolutions:
        if resolution == review.resolution:
            continue
        for target in resolution.targets.filter(year=review.year):
            row = review.row(target.indicator_code)
            status, percent = judge(
                row.indicator, row.current.value, target.value, target.direction
            )
            other_targets.append(
                {
                    "resolution": resolution,
                    "code": target.indicator_code,
                    "status": status,
                    "percent": vi_percent(percent),
                }
            )
    topics = review.figures.get(study_topic_figures)
    context = {
        "review": review,
        "organization": organization,
        "is_district": is_district,
        "year_text": str(review.year),
        "previous_year_text": str(review.year - 1),
        "f": figures,
        "exceeded": counts[Status.EXCEEDED],
        "met": counts[Status.MET],
        "not_met_count": counts[Status.NOT_MET],
        "met_or_exceeded": counts[Status.EXCEEDED] + counts[Status.MET],
        "targeted": targeted,
        "not_met": [
            {"label": row.indicator.label, "figure": figures[row.indicator.code.replace(".", "_")]}
            for row in not_met
        ],
        "other_targets": other_targets,
        "yearly_topics": topics.get("yearly_topic", []),
        "works": topics.get("work", []),
        "resolutions_studied": topics.get("central_resolution", []),
        "manual": [
            {"label": row.indicator.label, "value": figures[row.indicator.code.replace(".", "_")]}
            for row in review.rows
            if row.indicator.manual and row.current.value is not None
        ],
    }
    with translation.override("vi"):
        context["counts_text"] = review.counts_sentence()
        text = render_to_string("results/summary_vi.txt", context)
    paragraphs = [" ".join(part.split()) for part in text.split(PARAGRAPH_BREAK)]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    return Summary(title=paragraphs[0], paragraphs=paragraphs[1:])
