"""An indicator over the years as an SVG bar chart, drawn on the server.

The app runs on networks without internet, so there is no charting library to load:
the geometry is computed here and `templates/results/includes/chart.svg.html` draws it
as inline SVG, which prints as well as it shows. Each year is a bar (coloured by its
status against the target) with a tick at the target.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 36


@dataclass
class Bar:
    year: int
    value: Decimal | None
    target: Decimal | None
    status: str
    url: str
    x: float
    width: float
    y: float
    height: float
    target_y: float | None
    target_x: float
    target_width: float
    label_x: float
    value_y: float


def bar_chart(history) -> dict:
    """Geometry for `history` (a list of `review.Result`, oldest first)."""
    values = [result.value for result in history if result.value is not None]
    targets = [result.target_value for result in history if result.target_value is not None]
    top = max([*values, *targets, Decimal(0)])
    if history and history[0].indicator.is_percent:
        top = max(top, Decimal(100))
    top = top or Decimal(1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(history), 1)
    bar_width = slot * 0.56
    overhang = slot * 0.08
    bars = []
    for index, result in enumerate(history):
        x = LEFT + index * slot + (slot - bar_width) / 2
        value = result.value or Decimal(0)
        height = float(value / top) * plot_height
        target_y = None
        if result.target_value is not None:
            target_y = TOP + plot_height - float(result.target_value / top) * plot_height
        bars.append(
            Bar(
                year=result.year,
                value=result.value,
                target=result.target_value,
                status=result.status,
                url=result.url,
                x=round(x, 1),
                width=round(bar_width, 1),
                y=round(TOP + plot_height - height, 1),
                height=round(height, 1),
                target_y=None if target_y is None else round(target_y - 1.5, 1),
                target_x=round(x - overhang, 1),
                target_width=round(bar_width + 2 * overhang, 1),
                label_x=round(x + bar_width / 2, 1),
                value_y=round(TOP + plot_height - height - 6, 1),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": TOP + plot_height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "year_y": HEIGHT - BOTTOM + 18,
        "bars": bars,
    }
