"""Showing indicator values in the page's language: 4.515 and 99,3% in Vietnamese."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value, indicator):
    """A count with thousands grouped, or a percentage to one decimal with its sign."""
    if value is None or value == "":
        return "—"
    if indicator.is_percent:
        return f"{number_format(value, 1, force_grouping=True)}%"
    return number_format(value, 0, force_grouping=True)


@register.filter
def signed(value, indicator):
    """A change from last year, with its sign."""
    if value is None:
        return ""
    text = figure(abs(value), indicator)
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)
