"""`manage.py import_csv KIND FILE`: the page's import of a CSV kind, from the command line.

`import_csv all DIR` imports every kind's file found in the directory, in dependency
order, inside one transaction: if any file has an error, nothing at all is written.
"""

from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.db import transaction
from tqdm import tqdm

from apps.core.management.importing import ImportCommand
from apps.exchange.files import kind_path
from apps.exchange.importer import KindImporter
from apps.exchange.registry import get_kind, kinds


class _Failed(Exception):
    """Raised inside the transaction of `all` to roll every kind back."""


class Command(ImportCommand):
    help = (
        "Import one kind of record from a CSV file written by export_csv (or `all` from a "
        "directory). Rows are matched by uid; every row is checked before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="A kind (see export_csv --describe) or `all`.")
        super().add_arguments(parser)

    def handle(self, *args, kind, file, user, dry_run, verbosity, **options):
        if kind == "all":
            return self.import_directory(file, user, dry_run, verbosity)
        try:
            self.importer_class = KindImporter.for_kind(get_kind(kind))
        except LookupError:
            names = ", ".join(each.name for each in kinds())
            raise CommandError(f"Unknown kind {kind!r}. Kinds: {names}, or all.") from None
        return super().handle(file=file, user=user, dry_run=dry_run, verbosity=verbosity)

    def import_directory(self, directory, username, dry_run, verbosity):
        actor = self.get_actor(username)
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        found = [(kind, kind_path(directory, kind)) for kind in kinds()]
        found = [(kind, path) for kind, path in found if path.exists()]
        if not found:
            raise CommandError(f"No file named after a kind (such as members.csv) in {directory}.")
        totals = {"create": 0, "update": 0, "unchanged": 0}
        try:
            # Each kind is checked and written before the next is read, so that later
            # files may refer to records the earlier ones create; one transaction
            # around them all keeps the whole import all or nothing.
            with transaction.atomic():
                for kind, path in found:
                    report = self.import_one(kind, path, actor, verbosity)
                    for number, header, message in report.errors:
                        self.stderr.write(f"{path.name}: row {number}: {header}: {message}")
                    if report.errors:
                        raise _Failed(f"{path.name}: {len(report.errors)} errors")
                    counts = report.counts
                    for action in totals:
                        totals[action] += counts[action]
                    self.stdout.write(f"{path.name}: {self.summary(counts)}")
                if dry_run:
                    transaction.set_rollback(True)
        except _Failed as failure:
            raise CommandError(f"{failure}; nothing was written.") from None
        if dry_run:
            self.stdout.write(f"Checked, nothing written: {self.summary(totals)}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {self.summary(totals)}."))

    def import_one(self, kind, path, actor, verbosity):
        importer = KindImporter.for_kind(kind)(actor)
        bar = tqdm(
            total=0, unit=" rows", desc=kind.name, disable=verbosity == 0, file=self.stderr._out
        )
        with bar:

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                return importer.run(path.read_bytes(), commit=True, progress=progress)
            except ValidationError as error:
                raise _Failed(f"{path.name}: {' '.join(error.messages)}") from None

    @staticmethod
    def summary(counts) -> str:
        return (
            f"{counts['create']} new, {counts['update']} updated, {counts['unchanged']} unchanged"
        )
