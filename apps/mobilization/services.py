"""Changes that span a model and its renewal years, each checked and atomic."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.audit import history
from apps.closing.locks import ensure_points_open

from .models import FIRST_YEAR, LAST_YEAR, ModelRenewal, check_years_active

_SEPARATORS = re.compile(r"[,;\s]+")
_YEAR = re.compile(r"^\d{4}$")


def parse_years(text: str) -> list[int]:
    """The years of a clerk's list such as "2021, 2022; 2023", sorted, each once.

    Commas, semicolons and spaces separate years; anything that is not a four-digit
    year in range is refused by name, so the clerk sees what to correct.
    """
    tokens = [token for token in _SEPARATORS.split(text or "") if token]
    bad = [
        token
        for token in tokens
        if not _YEAR.match(token) or not FIRST_YEAR <= int(token) <= LAST_YEAR
    ]
    if bad:
        raise ValidationError(
            _("Not a year: %(tokens)s. Write years separated by commas, e.g. 2021, 2022; 2023."),
            code="not_a_year",
            params={"tokens": ", ".join(f"“{token}”" for token in bad)},
        )
    return sorted({int(token) for token in tokens})


@transaction.atomic
def set_renewal_years(model, years) -> None:
    """Make `years` the model's renewal years: keep those already recorded (and their
    notes), add the missing ones, delete the others. Every year must lie within the
    model's active years, or nothing changes."""
    years = set(years)
    check_years_active(years, model.registered_year, model.ended_year)
    recorded = set(model.renewals.values_list("year", flat=True))
    # bulk_create sends no signal: every year added or removed is checked first.
    ensure_points_open((model.organization.path, year) for year in years ^ recorded)
    model.renewals.exclude(year__in=years).delete()
    history.bulk_create(
        ModelRenewal, (ModelRenewal(model=model, year=year) for year in sorted(years - recorded))
    )
