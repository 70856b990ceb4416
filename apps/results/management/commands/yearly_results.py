"""Print a year's results against the targets, as CSV or as the written summary."""

import csv

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.organizations.models import PartyOrganization
from apps.results.review import review_csv_rows, yearly_review
from apps.results.summary import write_summary


class Command(BaseCommand):
    help = (
        "Print the results of a year for an organization's subtree: the review table as "
        "CSV, or the written summary in Vietnamese."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", help="The organization's code (default: the top of the tree).")
        parser.add_argument("--format", choices=["csv", "text"], default="csv")
        parser.add_argument(
            "--user",
            help="Compute as this user, within their scope (default: everything).",
        )

    def handle(self, *args, year, org, format, user, **options):
        viewer = self.viewer(user)
        organization = self.organization(org, viewer)
        with translation.override("vi"):
            review = yearly_review(viewer, organization, year)
            if format == "text":
                self.stdout.write(write_summary(review).as_text(), ending="")
                return
            writer = csv.writer(self.stdout, lineterminator="\n")
            for row in review_csv_rows(review):
                writer.writerow(row)

    def viewer(self, username):
        users = get_user_model().objects
        if username:
            found = users.filter(username=username, is_active=True).first()
            if found is None:
                raise CommandError(f"No active user {username!r}.")
            return found
        # The command line runs with the server's rights: everything, like a superuser.
        return users.model(username="command-line", is_superuser=True, is_active=True)

    def organization(self, code, viewer):
        organizations = PartyOrganization.objects.visible_to(viewer)
        if code:
            found = organizations.filter(code=code).first()
            if found is None:
                raise CommandError(f"No organization with the code {code!r} in scope.")
            return found
        found = organizations.order_by("depth", "path").first()
        if found is None:
            raise CommandError("There is no organization yet.")
        return found
