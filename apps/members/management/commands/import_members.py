"""`manage.py import_members FILE`: the register's CSV import from the command line."""

from apps.core.management.importing import ImportCommand
from apps.members.imports import MemberImporter


class Command(ImportCommand):
    help = "Import party members from a CSV file (the columns of the member list's export)."
    importer_class = MemberImporter
