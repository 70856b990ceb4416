"""`manage.py import_positions FILE`: members' positions from a CSV file."""

from apps.core.management.importing import ImportCommand
from apps.members.imports import PositionImporter


class Command(ImportCommand):
    help = "Import members' positions (committee member, secretary, key cadre …) from CSV."
    importer_class = PositionImporter
