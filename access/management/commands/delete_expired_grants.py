from django.core.management.base import BaseCommand

from access.services import grants_delete_expired


class Command(BaseCommand):
    help = (
        "Remove grants whose last day has passed (they already count for nothing); "
        "each removal is a history row. Safe to run daily."
    )

    def handle(self, *args, **options):
        count = grants_delete_expired()
        self.stdout.write(f"{count} expired grant(s) removed.")
