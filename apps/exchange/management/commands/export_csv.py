"""`manage.py export_csv KIND`: a kind's records as CSV, the same file as the page gives."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from apps.core.management.importing import ImportCommand
from apps.exchange.docs import describe_kinds
from apps.exchange.files import kind_path, write_rows
from apps.exchange.registry import get_kind, kinds
from apps.organizations.models import PartyOrganization


class _Unterminated:
    """Command output that adds no line endings: the CSV writer brings its own."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Export one kind of record (or `all`, into a directory) as CSV that import_csv reads "
        "back unchanged. Without --user the export has no scope limit."
    )

    get_actor = ImportCommand.get_actor

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", nargs="?", help="A kind (see --describe) or `all` with --output DIR."
        )
        parser.add_argument("--org", help="Only records within this organization (its code).")
        parser.add_argument(
            "--output", type=Path, help="The file (for `all`: the directory); default stdout."
        )
        parser.add_argument("--user", help="Export as this user, within their scope.")
        parser.add_argument(
            "--describe",
            action="store_true",
            help="Print every kind with its columns, as the README documents them.",
        )

    def handle(self, *args, kind, org, output, user, describe, **options):
        if describe:
            self.stdout.write(describe_kinds())
            return
        if not kind:
            raise CommandError("Name a kind, `all`, or use --describe.")
        actor = self.get_actor(user)
        organization = None
        if org:
            organization = PartyOrganization.objects.visible_to(actor).filter(code=org).first()
            if organization is None:
                raise CommandError(f"No organization with code {org!r} in scope.")
        if kind == "all":
            if output is None:
                raise CommandError("`all` writes one file per kind: give --output DIRECTORY.")
            output.mkdir(parents=True, exist_ok=True)
            for each in kinds():
                path = kind_path(output, each)
                with path.open("w", encoding="utf-8", newline="") as stream:
                    count = write_rows(stream, each.rows(actor, organization))
                self.stderr.write(f"{path}: {count} rows")
            return
        try:
            csv_kind = get_kind(kind)
        except LookupError:
            names = ", ".join(each.name for each in kinds())
            raise CommandError(f"Unknown kind {kind!r}. Kinds: {names}, or all.") from None
        rows = csv_kind.rows(actor, organization)
        if output is None:
            write_rows(_Unterminated(self.stdout), rows)
            return
        with output.open("w", encoding="utf-8", newline="") as stream:
            count = write_rows(stream, rows)
        self.stderr.write(f"{output}: {count} rows")
