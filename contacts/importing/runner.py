"""Import an address list row by row through the services, and report on it."""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import reasons, services
from contacts.duplicates import finding
from contacts.duplicates.scan import pair_propose
from contacts.importing.mapping import ColumnMap, map_columns
from contacts.importing.reading import ImportFileError, Table, open_table
from contacts.importing.rows import RowData, RowRejected, parse_row
from contacts.models import Address, Company, ContactPerson, Source

logger = logging.getLogger(__name__)

_PERSON_FIELDS = {"first_name", "last_name"}


@dataclass(frozen=True)
class SourceSpec:
    kind: str
    name: str
    date: datetime.date | None = None
    # Required for addresses from a broker (GDPR Art. 14); Source.clean says so.
    licence_reference: str = ""
    licence_expires_on: datetime.date | None = None

    def __post_init__(self):
        if self.kind not in Source.Kind.values:
            raise ValueError(f"unknown source kind {self.kind!r}")


@dataclass
class RowOutcome:
    line: int
    imported: bool
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    filename: str
    file_format: str
    encoding: str
    delimiter: str
    dry_run: bool
    recognised_columns: list[tuple[str, str]]
    unknown_columns: list[str]
    notes: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    companies_created: int = 0
    companies_reused: int = 0
    addresses_created: int = 0
    persons_created: int = 0

    @property
    def rows_read(self) -> int:
        return len(self.outcomes)

    @property
    def imported(self) -> int:
        return sum(outcome.imported for outcome in self.outcomes)

    @property
    def rejected(self) -> int:
        return self.rows_read - self.imported

    @property
    def warnings(self) -> int:
        return sum(len(outcome.warnings) for outcome in self.outcomes)


def import_file(
    path, *, source: SourceSpec, user=None, dry_run: bool = False
) -> ImportReport:
    """Import every row it can; a rejected row leaves nothing behind.

    Raises ImportFileError when the file as a whole cannot be imported.
    """
    path = Path(path)
    # The start time tells two runs of the same file apart in history.
    # TODO: an import batch record that can be undone in one step, once an
    # import page for inside sales exists to offer it.
    started = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    reason = reasons.with_detail(reasons.IMPORT, f"{path.name} ({started})")
    with open_table(path) as table:
        columns = map_columns(table.headings)
        report = _new_report(path, table, columns, dry_run)

        with transaction.atomic():
            saved_source = services.source_get_or_create(
                kind=source.kind,
                name=source.name,
                date=source.date,
                licence_reference=source.licence_reference,
                licence_expires_on=source.licence_expires_on,
            )
            importer = _RowImporter(
                columns=columns,
                report=report,
                source=saved_source,
                user=user,
                reason=reason,
            )
            for line, cells in table.rows:
                report.outcomes.append(importer.run(line, cells))
            if dry_run:
                transaction.set_rollback(True)

    _log(report, saved_source.pk)
    return report


def _new_report(path: Path, table: Table, columns: ColumnMap, dry_run: bool):
    if not columns.has("company_name"):
        if not _PERSON_FIELDS & columns.positions.keys():
            raise ImportFileError(
                _(
                    "No column with the company name found (expected a heading such"
                    " as Firma, Company or Unternehmen). Headings in the file: "
                    "%(headings)s"
                )
                % {"headings": ", ".join(h for h in table.headings if h)}
            )
        table.notes.append(
            _(
                "The file has no company column. Contact persons are only imported"
                " together with their company, so every row will be rejected."
            )
        )
    return ImportReport(
        filename=path.name,
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        dry_run=dry_run,
        recognised_columns=columns.recognised(),
        unknown_columns=columns.unknown,
        notes=table.notes,
    )


@dataclass
class _Created:
    company: Company
    row: RowData
    line: int


class _RowImporter:
    def __init__(self, *, columns, report, source, user, reason):
        self.columns = columns
        self.report = report
        self.source = source
        self.user = user
        self.reason = reason
        # The same company (name, legal form, place) twice in one file is one
        # company with several contact persons.
        self.created: dict[tuple, _Created] = {}

    def run(self, line: int, cells: list) -> RowOutcome:
        if _has_values_beyond(cells, len(self.columns.headings)):
            return RowOutcome(line, False, _too_many_values())
        try:
            row = parse_row(self.columns.pick(cells), self.columns)
            earlier = self.created.get(_company_key(row))
            with transaction.atomic():
                company = earlier.company if earlier else self._create_company(row)
                if row.person is not None:
                    person = self._create_person(company, row.person)
                    if person.suppressed:
                        row.warnings.append(_suppressed_warning())
        except RowRejected as exc:
            return RowOutcome(line, False, exc.reason)

        self._count(row, company, earlier, line)
        if earlier:
            row.warnings.extend(_reuse_warnings(row, earlier))
        return RowOutcome(line, True, warnings=row.warnings)

    def _create_company(self, row: RowData) -> Company:
        data = {**row.company, "source": self.source}
        candidates = finding.company_candidates(
            user=self.user, data=data, address=row.address
        )
        try:
            company = services.company_create(
                user=self.user,
                data=data,
                address=row.address,
                reason=self.reason,
                check_duplicates=False,
            )
        except ValidationError as exc:
            raise RowRejected(_describe(exc)) from exc
        # An import never merges: possible duplicates are saved, proposed on
        # the duplicates page and named in the report.
        for candidate in candidates.all:
            pair_propose(
                records=(company, candidate.record),
                reasons=candidate.reasons,
                score=candidate.score,
            )
        row.warnings.extend(_duplicate_warning(c) for c in candidates.visible)
        if candidates.hidden:
            row.warnings.append(
                _("possible duplicate in records you cannot see; proposed for review")
            )
        return company

    def _create_person(self, company: Company, data: dict) -> ContactPerson:
        try:
            return services.contact_person_create(
                user=self.user,
                company=company,
                data={**data, "source": self.source},
                reason=self.reason,
                # A person of a new company has no twin there; the scan finds
                # the same person at another company by e-mail and phone.
                check_duplicates=False,
            )
        except ValidationError as exc:
            raise RowRejected(_describe(exc)) from exc

    def _count(self, row: RowData, company: Company, earlier, line: int) -> None:
        if earlier:
            self.report.companies_reused += 1
        else:
            self.created[_company_key(row)] = _Created(company, row, line)
            self.report.companies_created += 1
            self.report.addresses_created += row.address is not None
        self.report.persons_created += row.person is not None


def _duplicate_warning(candidate) -> str:
    return _("possible duplicate of company #%(id)s (%(reasons)s)") % {
        "id": candidate.record.pk,
        "reasons": ", ".join(candidate.reason_labels),
    }


def _company_key(row: RowData) -> tuple:
    address = row.address or {}
    place = address.get("postal_code") or address.get("city", "").casefold()
    return (
        row.company["name"].casefold(),
        row.company["legal_form"],
        row.company["legal_form_other"].casefold(),
        place,
    )


def _reuse_warnings(row: RowData, earlier: _Created) -> list[str]:
    line = {"line": earlier.line}
    if row.person:
        message = _("company already imported from line %(line)s; person added there")
    else:
        message = _("company already imported from line %(line)s; nothing new saved")
    warnings = [message % line]
    if _conflicting(row.company, earlier.row.company) or _conflicting(
        row.address, earlier.row.address
    ):
        warnings.append(
            _("company details differ from line %(line)s; those were kept") % line
        )
    return warnings


def _conflicting(later: dict | None, earlier: dict | None) -> bool:
    """Whether a later row says something else; a blank cell says nothing."""
    if not later or not earlier:
        return False
    return any(value and earlier.get(key) != value for key, value in later.items())


def _has_values_beyond(cells: list, width: int) -> bool:
    return any(cell is not None and str(cell).strip() for cell in cells[width:])


def _too_many_values() -> str:
    return _(
        "more values than column headings (check the delimiter and the quotes"
        " around values)"
    )


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD_ERRORS else f"{_label(name)}: {text}")
    return "; ".join(parts)


def _label(name: str) -> str:
    for model in (Company, Address, ContactPerson):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _log(report: ImportReport, source_id: int) -> None:
    logger.info(
        "import of %s for source %s%s: %s rows, %s companies created, %s reused, "
        "%s addresses, %s contact persons, %s rejected, %s warnings",
        report.filename,
        source_id,
        " (dry run, rolled back)" if report.dry_run else "",
        report.rows_read,
        report.companies_created,
        report.companies_reused,
        report.addresses_created,
        report.persons_created,
        report.rejected,
        report.warnings,
    )


def _suppressed_warning() -> str:
    return _(
        "the person objected to direct marketing before (suppression list); "
        "every channel is set to objected"
    )
