"""`manage.py demo`: migrate, load the Thoại Sơn demo and print the demo logins."""

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError, call_command

from apps.demo.services import load_demo


class Command(BaseCommand):
    help = "Migrate the database, load the Thoại Sơn demo data and create the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-migrate", action="store_true", help="Skip `migrate` (the schema is current)."
        )

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            logins = load_demo()
        except ValidationError as error:
            # E.g. a year approved in this database: its records are not reloaded.
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS("Demo data loaded (Thoại Sơn, An Giang)."))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with:")
        for login in logins:
            self.stdout.write(f"  {login.username} / {login.password}  ({login.description})")
