"""The command-line side of CSV imports: same checks as the web, with a progress bar."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from tqdm import tqdm


class ImportCommand(BaseCommand):
    """Subclasses set `importer_class`; every row is checked before anything is written."""

    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            help="Import as this user: their organization scope applies and they are recorded "
            "as having made the changes. Default: without scope limits.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def get_actor(self, username):
        user_model = get_user_model()
        if not username:
            return user_model(username="command-line", is_superuser=True, is_active=True)
        try:
            return user_model.objects.get(username=username, is_active=True)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No active user named {username!r}.") from error

    def handle(self, *args, file, user, dry_run, verbosity, **options):
        actor = self.get_actor(user)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        with tqdm(total=0, unit=" rows", disable=verbosity == 0, file=self.stderr._out) as bar:

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                report = self.importer_class(actor).run(data, commit=not dry_run, progress=progress)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        for number, header, message in report.errors:
            self.stderr.write(f"row {number}: {header}: {message}")
        counts = report.counts
        summary = (
            f"{counts['create']} new, {counts['update']} updated, {counts['unchanged']} unchanged"
        )
        if report.errors:
            # The first reason in the error itself: a refusal (a closed year) is often the
            # only one, and a script's log keeps just this line.
            number, header, message = report.errors[0]
            where = f"row {number}" + (f", {header}" if header else "")
            raise CommandError(
                f"{len(report.errors)} errors; nothing was written ({summary}). "
                f"First, {where}: {message}"
            )
        if dry_run:
            self.stdout.write(f"Checked, nothing written: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
