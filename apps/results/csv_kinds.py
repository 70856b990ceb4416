"""Resolutions, their targets and the typed-in figures as CSV kinds (see apps/exchange)."""

from apps.exchange.registry import CsvKind, register

from .models import ManualValue, Resolution, Target

register(CsvKind("resolutions", Resolution, order=600))
register(CsvKind("targets", Target, order=610))
register(CsvKind("manual_values", ManualValue, order=620))
