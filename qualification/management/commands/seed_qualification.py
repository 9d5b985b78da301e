from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qualification.demo import qualification_seed


class Command(BaseCommand):
    help = (
        "Qualify part of the demo companies (after seed_demo): profiles, "
        "answers, calls and handovers. Does nothing once assessments exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, seed, **options):
        if not settings.DEBUG:
            raise CommandError("seed_qualification only runs with DEBUG=true.")
        count = qualification_seed(seed=seed)
        if count:
            self.stdout.write(self.style.SUCCESS(f"Qualified {count} companies."))
        else:
            self.stdout.write("Assessments already present; nothing added.")
