from django.core.management.base import BaseCommand

from contacts.duplicates.scan import duplicates_scan


class Command(BaseCommand):
    help = (
        "Scan all companies and contact persons for possible duplicates and list "
        "them on the duplicates page. Nothing is merged."
    )

    def handle(self, *args, **options):
        for kind, label in (("company", "companies"), ("person", "contact persons")):
            result = duplicates_scan(kind=kind)
            if options["verbosity"]:
                self.stdout.write(
                    f"{label}: {result.found} possible duplicate pairs, "
                    f"{result.new} new, {result.dropped} no longer found"
                )
