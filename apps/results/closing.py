"""A closed year makes its targets and typed-in figures read-only, like every record."""

from apps.closing.locks import register

from .models import ManualValue, Target


def target_points(target):
    if target.resolution_id and target.year:
        yield target.resolution.organization.path, target.year


def manual_value_points(value):
    if value.organization_id and value.year:
        yield value.organization.path, value.year


def register_locks():
    register(Target, target_points)
    register(ManualValue, manual_value_points)
