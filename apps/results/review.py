"""A year's results against the targets, for one organization's subtree.

`yearly_review()` is what the review page, its CSV, the `yearly_results` command and
the written summary all read: every registered indicator with its value, the target of
the chosen resolution, the percentage and the status, and the same for the year before.
Its cost in queries does not depend on the number of records (each source of figures
runs once per year).
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .figures import Figures
from .models import Resolution, Target
from .registry import Indicator, Measure, Section, Status, all_indicators, judge


@dataclass
class Result:
    """One indicator in one year."""

    indicator: Indicator
    year: int
    measure: Measure
    target: Target | None = None
    status: str = Status.NO_TARGET
    percent: Decimal | None = None

    @property
    def value(self):
        return self.indicator.quantize(self.measure.value)

    @property
    def target_value(self):
        return None if self.target is None else self.indicator.quantize(self.target.value)

    @property
    def url(self) -> str:
        return self.measure.url

    def get_status_display(self):
        return Status(self.status).label


@dataclass
class ReviewRow:
    indicator: Indicator
    current: Result
    previous: Result

    @property
    def change(self):
        """This year's value minus last year's, when both exist."""
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


@dataclass
class Review:
    organization: object
    year: int
    resolution: Resolution | None
    resolutions: list
    previous_resolution: Resolution | None
    figures: Figures
    rows: list = field(default_factory=list)
    previous_figures: Figures | None = None

    @property
    def counts(self) -> Counter:
        """Targets of the chosen resolution by status, this year."""
        return Counter(row.current.status for row in self.rows if row.current.target)

    @property
    def targeted_rows(self):
        return [row for row in self.rows if row.current.target]

    def sections(self):
        """[(section label, rows)] in report order, empty sections left out."""
        grouped = []
        for value, label in Section.choices:
            rows = [row for row in self.rows if row.indicator.section == value]
            if rows:
                grouped.append((label, rows))
        return grouped

    def row(self, code) -> ReviewRow:
        return next(row for row in self.rows if row.indicator.code == code)

    def counts_sentence(self) -> str:
        """'3 chỉ tiêu vượt, 1 chỉ tiêu đạt', the way the report states it."""
        counts = self.counts
        parts = []
        for status, template in [
            (Status.EXCEEDED, _("%(count)s targets exceeded")),
            (Status.MET, _("%(count)s targets met")),
            (Status.NOT_MET, _("%(count)s targets not met")),
        ]:
            if counts[status]:
                parts.append(template % {"count": counts[status]})
        return ", ".join(parts)


def targets_by_code(resolution: Resolution | None, year: int) -> dict:
    if resolution is None:
        return {}
    return {target.indicator_code: target for target in resolution.targets.filter(year=year)}


def evaluate(indicator: Indicator, figures: Figures, target: Target | None) -> Result:
    measure = indicator.compute(figures)
    result = Result(indicator, figures.year, measure, target)
    if target is not None:
        result.status, result.percent = judge(
            indicator, measure.value, target.value, target.direction
        )
    return result


def yearly_review(user, organization, year: int, resolution: Resolution | None = None) -> Review:
    """The review of `year` for `organization`'s subtree against `resolution`.

    Without a resolution, the organization's main one for the year is taken (a yearly
    resolution before the congress resolution of the term, before plans). The previous
    year is judged against the same resolution if it covers that year, else against
    that year's main resolution.
    """
    resolutions = Resolution.objects.for_year(organization, year)
    if resolution is None and resolutions:
        resolution = resolutions[0]
    if resolution is not None and year - 1 in resolution.years:
        previous_resolution = resolution
    else:
        candidates = Resolution.objects.for_year(organization, year - 1)
        previous_resolution = candidates[0] if candidates else None
    current_targets = targets_by_code(resolution, year)
    previous_targets = targets_by_code(previous_resolution, year - 1)
    current = Figures(user, organization, year)
    previous = current.for_year(year - 1)
    review = Review(organization, year, resolution, resolutions, previous_resolution, current)
    review.previous_figures = previous
    for indicator in all_indicators():
        review.rows.append(
            ReviewRow(
                indicator,
                evaluate(indicator, current, current_targets.get(indicator.code)),
                evaluate(indicator, previous, previous_targets.get(indicator.code)),
            )
        )
    return review


def indicator_history(user, organization, indicator: Indicator, years, known=()) -> list[Result]:
    """The indicator in each of `years`, against each year's main resolution.

    `known` takes the `Figures` a review has already computed (this year's and last
    year's), so the chart reuses them; the other years compute only the sources this
    indicator reads, together where a source is batched. The targets come in two
    queries, whatever the number of years.
    """
    years = list(years)
    if not years:
        return []
    main = Resolution.objects.main_by_year(organization, years)
    targets = {}
    if main:
        found = Target.objects.filter(
            resolution__in=set(main.values()), indicator_code=indicator.code, year__in=years
        )
        by_key = {(target.resolution_id, target.year): target for target in found}
        targets = {year: by_key.get((main[year].pk, year)) for year in main}
    known = [item for item in known if item is not None]
    first = known[0] if known else Figures(user, organization, years[0])
    # Every year's figures first, so that a batched source computes the missing years
    # in one query.
    figures = {year: first.for_year(year) for year in years}
    return [evaluate(indicator, figures[year], targets.get(year)) for year in years]


CSV_HEADER = ["indicator_code", "indicator", "unit", "target", "actual", "percent", "status"]


def plain(value) -> str:
    """A number as a machine reads it: no thousands separator, '.' before decimals."""
    if value is None:
        return ""
    return format(value, "f")


def review_csv_rows(review: Review):
    """The review table as CSV rows, every indicator, targeted ones first."""
    yield CSV_HEADER
    rows = review.targeted_rows + [row for row in review.rows if not row.current.target]
    for row in rows:
        result = row.current
        yield [
            row.indicator.code,
            str(row.indicator.label),
            row.indicator.unit,
            plain(result.target_value),
            plain(result.value),
            plain(result.percent),
            result.status,
        ]
