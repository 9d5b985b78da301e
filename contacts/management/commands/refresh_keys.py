from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.models import (
    ADDRESS_KEY_FIELDS,
    KEY_FIELDS,
    PERSON_KEY_FIELDS,
    Address,
    Company,
    ContactPerson,
)

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Derive the search and duplicate keys of every record again, e.g. after "
        "a normaliser changed or after a bulk load that bypassed save()."
    )

    def handle(self, *args, **options):
        for model, fields in (
            (Company, [*KEY_FIELDS, "phone"]),
            (Address, ADDRESS_KEY_FIELDS),
            (ContactPerson, [*PERSON_KEY_FIELDS, "phone", "mobile"]),
        ):
            count = self._refresh(model, fields)
            if options["verbosity"]:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")

    def _refresh(self, model, fields) -> int:
        count, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
                if not batch:
                    return count
                for record in batch:
                    record.refresh_keys()
                # Keys are not in history, and phones only change form here.
                model.objects.bulk_update(batch, fields)
            count += len(batch)
            last = batch[-1].pk
