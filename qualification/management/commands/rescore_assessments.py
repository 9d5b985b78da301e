from django.core.management.base import BaseCommand

from qualification.services import assessments_rescore


class Command(BaseCommand):
    help = (
        "Store score and priority afresh for every assessment, after criteria "
        "points or priority thresholds changed."
    )

    def handle(self, *args, **options):
        changed = assessments_rescore(user=None)
        self.stdout.write(f"{changed} assessments changed.")
