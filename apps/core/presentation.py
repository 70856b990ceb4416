"""Turning model fields into the label/value pairs a detail page shows."""

import datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _


def display_value(obj, field_name: str):
    """The value of one field as a clerk should read it, and a link if it has one."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field_name)
    url = None
    if field.choices:
        value = getattr(obj, f"get_{field_name}_display")()
    elif isinstance(field, models.ForeignKey):
        url = (
            value.get_absolute_url()
            if value is not None and hasattr(value, "get_absolute_url")
            else None
        )
    elif isinstance(field, models.BooleanField):
        value = _("Yes") if value else _("No")
    elif isinstance(value, datetime.datetime):
        value = formats.date_format(value, "SHORT_DATETIME_FORMAT")
    elif isinstance(value, datetime.date):
        value = formats.date_format(value, "SHORT_DATE_FORMAT")
    if value in (None, ""):
        value = "—"
    return value, url


def describe_fields(obj, field_names):
    """[(label, value, url), …] for the named fields of `obj`."""
    rows = []
    for name in field_names:
        label = obj._meta.get_field(name).verbose_name
        value, url = display_value(obj, name)
        rows.append((label, value, url))
    return rows
