"""`manage.py import_members FILE`: the register's CSV import from the command line.

Same checks as the web import: every row is checked first and nothing is written if
any row is wrong; errors are printed with their row numbers.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from apps.members.imports import MemberImporter


class Command(BaseCommand):
    help = "Import party members from a CSV file (the columns of the member list's export)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            help="Import as this user (their organization scope applies, and they are recorded "
            "as having made the changes). Default: without scope limits.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file, user, dry_run, **options):
        user_model = get_user_model()
        if user:
            try:
                actor = user_model.objects.get(username=user, is_active=True)
            except user_model.DoesNotExist as error:
                raise CommandError(f"No active user named {user!r}.") from error
        else:
            actor = user_model(username="import_members", is_superuser=True, is_active=True)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error

        with tqdm(total=0, unit=" rows", disable=options["verbosity"] == 0,
                  file=self.stderr._out) as bar:  # fmt: skip

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                report = MemberImporter(actor).run(data, commit=not dry_run, progress=progress)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error

        for number, header, message in report.errors:
            self.stderr.write(f"row {number}: {header}: {message}")
        counts = report.counts
        summary = (
            f"{counts['create']} new, {counts['update']} updated, {counts['unchanged']} unchanged"
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors; nothing was written ({summary}).")
        if dry_run:
            self.stdout.write(f"Checked, nothing written: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
