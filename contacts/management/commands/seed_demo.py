from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contacts import demo


class Command(BaseCommand):
    help = (
        "Fill the database with a seeded, realistic German demo data set. "
        "Does nothing but list the demo users when data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies",
            type=int,
            default=demo.DEFAULT_COMPANIES,
            help="How many companies to create (default %(default)s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="The same seed gives the same data (default %(default)s).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL companies with their history, and the demo users, "
            "teams and sources, then seed again.",
        )

    def handle(self, *args, companies, seed, reset, **options):
        if companies < 0:
            raise CommandError("--companies must not be negative")
        # The demo creates a superuser with a printed password and --reset wipes
        # every company: never on a production database.
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG=true (local use).")

        result = demo.demo_seed(companies=companies, seed=seed, reset=reset)

        if result.skipped:
            self.stdout.write("Demo data or companies already present; nothing added.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {result.companies_created} demo companies (seed {seed})."
                )
            )
        for username in result.kept_users:
            self.stdout.write(
                self.style.WARNING(
                    f"User {username} already existed; its password was not changed."
                )
            )
        self._write_users()

    def _write_users(self):
        rows = [("username", "role", "team", "password"), *demo.demo_users_table()]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
