import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contacts.importing import ImportFileError, ImportReport, SourceSpec, import_file
from contacts.models import Source


class Command(BaseCommand):
    help = (
        "Import companies, addresses and contact persons from a CSV or Excel "
        "(.xlsx) file. Rejected rows are listed with their line number and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="CSV or .xlsx file; the first row has headings"
        )
        parser.add_argument("--source-kind", required=True, choices=Source.Kind.values)
        parser.add_argument(
            "--source-name", required=True, help="e.g. “Hannover Messe 2026”"
        )
        parser.add_argument("--source-date", help="YYYY-MM-DD")
        parser.add_argument(
            "--licence-reference",
            default="",
            help="Contract or licence of bought addresses (required for a broker)",
        )
        parser.add_argument(
            "--licence-expires",
            help="YYYY-MM-DD: last day the bought addresses may be used",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report everything, then save nothing.",
        )
        parser.add_argument("--user", help="Username recorded in the history")

    def handle(self, *args, **options):
        source = SourceSpec(
            kind=options["source_kind"],
            name=_source_name(options["source_name"]),
            date=_date(options["source_date"], "--source-date"),
            licence_reference=options["licence_reference"].strip(),
            licence_expires_on=_date(options["licence_expires"], "--licence-expires"),
        )
        if source.kind == Source.Kind.ADDRESS_BROKER and not (
            source.licence_reference and source.licence_expires_on
        ):
            raise CommandError(
                _(
                    "Addresses from a broker need --licence-reference and "
                    "--licence-expires (GDPR Art. 14: where the data comes from "
                    "and on what terms)."
                )
            )
        user = _user(options["user"])

        try:
            report = import_file(
                options["file"], source=source, user=user, dry_run=options["dry_run"]
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

        verbosity = options["verbosity"]
        if verbosity > 0:
            self._write_header(report)
            self._write_rows(report, show_all=verbosity > 1)
        self._write_summary(report)

    def _write_header(self, report: ImportReport) -> None:
        self.stdout.write(
            _("File: %(name)s (%(details)s)")
            % {
                "name": report.filename,
                "details": ", ".join(_file_details(report)),
            }
        )
        used = ", ".join(
            f"{heading} → {label}" for heading, label in report.recognised_columns
        )
        self.stdout.write(_("Columns used: %(columns)s") % {"columns": used or "-"})
        if report.unknown_columns:
            self.stdout.write(
                self.style.WARNING(
                    _("Columns not recognised (ignored): %(columns)s")
                    % {"columns": ", ".join(report.unknown_columns)}
                )
            )
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))

    def _write_rows(self, report: ImportReport, *, show_all: bool) -> None:
        for outcome in report.outcomes:
            if not outcome.imported:
                self.stdout.write(
                    self.style.ERROR(
                        _("Line %(line)s: rejected: %(reason)s")
                        % {"line": outcome.line, "reason": outcome.reason}
                    )
                )
            elif outcome.warnings or show_all:
                self.stdout.write(_("Line %(line)s: imported") % {"line": outcome.line})
            for warning in outcome.warnings:
                self.stdout.write(
                    self.style.WARNING(
                        _("Line %(line)s: warning: %(warning)s")
                        % {"line": outcome.line, "warning": warning}
                    )
                )

    def _write_summary(self, report: ImportReport) -> None:
        counts = [
            (_("Rows read"), report.rows_read),
            (_("Rows imported"), report.imported),
            (_("Companies created"), report.companies_created),
            (
                _("Companies reused (same name and place earlier in the file)"),
                report.companies_reused,
            ),
            (_("Addresses created"), report.addresses_created),
            (_("Contact persons created"), report.persons_created),
            (_("Rows rejected"), report.rejected),
            (_("Warnings"), report.warnings),
            (_("Columns not recognised"), len(report.unknown_columns)),
        ]
        self.stdout.write(_("Summary:"))
        for label, count in counts:
            self.stdout.write(f"  {label}: {count}")
        if report.dry_run:
            self.stdout.write(
                self.style.WARNING(
                    _("Dry run: everything was rolled back, nothing saved.")
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Import saved.")))


def _file_details(report: ImportReport) -> list[str]:
    details = [report.file_format]
    if report.encoding:
        details.append(report.encoding)
    if report.delimiter:
        delimiter = _("tab") if report.delimiter == "\t" else report.delimiter
        details.append(_("delimiter %(delimiter)s") % {"delimiter": delimiter})
    return details


def _source_name(value: str) -> str:
    name = value.strip()
    max_length = Source._meta.get_field("name").max_length
    if not name or len(name) > max_length:
        raise CommandError(
            _("--source-name must have 1 to %(max)s characters.") % {"max": max_length}
        )
    return name


def _date(value: str | None, option: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(option)s must be a date like 2026-04-20, not “%(value)s”.")
            % {"option": option, "value": value}
        ) from None


def _user(username: str | None):
    if not username:
        return None
    User = get_user_model()
    try:
        return User.objects.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(
            _("Unknown user “%(username)s”.") % {"username": username}
        ) from None
