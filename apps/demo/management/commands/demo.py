"""`manage.py demo`: migrate, load the Thoại Sơn demo and print the demo logins."""

from django.core.management import BaseCommand, call_command

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
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded (Thoại Sơn, An Giang)."))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with:")
        for login in logins:
            self.stdout.write(f"  {login.username} / {login.password}  ({login.description})")
