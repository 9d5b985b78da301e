from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacy import retention


class Command(BaseCommand):
    help = (
        "List contact persons without activity for N years (a dry run); with "
        "--erase --reference REF erase them as the retention page does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=settings.RETENTION_YEARS)
        parser.add_argument("--erase", action="store_true")
        parser.add_argument(
            "--reference", default="", help="Request or review reference; no names."
        )
        parser.add_argument(
            "--by", default="", help="Username the erasures are recorded under."
        )

    def handle(self, *args, **options):
        if options["years"] < 1:
            raise CommandError("--years must be 1 or more.")
        if options["erase"] and not options["reference"].strip():
            raise CommandError("--erase needs --reference (a ticket or review id).")
        user = self._user(options["by"])
        cutoff = retention.cutoff_for(years=options["years"])

        rows, total = retention.retention_report(cutoff=cutoff, limit=None)
        for row in rows:
            self.stdout.write(
                f"#{row.person.pk}\t{row.person.full_name}\t"
                f"{row.person.company.display_name}\t{row.last_activity:%Y-%m-%d}\t"
                f"{row.activity_label}"
            )
        self.stdout.write(
            f"{total} contact persons without activity since {cutoff:%Y-%m-%d}"
        )
        if not options["erase"]:
            self.stdout.write("Dry run: nothing erased.")
            return

        erased = 0
        ids = [row.person.pk for row in rows]
        # One transaction per chunk: a long run commits as it goes.
        for start in range(0, len(ids), retention.PAGE_LIMIT):
            try:
                erased += len(
                    retention.inactive_erase(
                        user=user,
                        cutoff=cutoff,
                        ids=ids[start : start + retention.PAGE_LIMIT],
                        request_reference=options["reference"],
                    )
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Erased: {erased}")

    def _user(self, username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
