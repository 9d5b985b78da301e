"""Import an address list: every row checked on its own, the rows written in
batches, and a report on it."""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import bulk, reasons, services
from contacts.consent import services as consent
from contacts.duplicates import finding
from contacts.duplicates.scan import pairs_propose
from contacts.importing.mapping import ColumnMap, map_columns
from contacts.importing.reading import ImportFileError, Table, open_table
from contacts.importing.rows import RowData, RowRejected, parse_row
from contacts.models import Address, Company, ContactPerson, Source, Team
from contacts.selectors import team_for_address

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
            importer.flush()
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


@dataclass
class _NewCompany:
    company: Company
    address: Address | None
    warnings: list[str]


# Rows checked in memory before one round of bulk writes: large enough that
# the statements per row are a fraction of one and the duplicate check's
# scan per batch is paid rarely (at 1,000 rows it was a sixth of a 100k-row
# import at 200k companies, #5), small enough for the memory.
BATCH_ROWS = 5000


class _RowImporter:
    """Checks each row in memory as it comes, and writes the rows that passed
    in batches: per table and batch one write of the records (COPY on
    PostgreSQL, contacts.bulk) and one INSERT … SELECT of their history rows,
    then one duplicate check for the batch's companies.

    The services write one record at a time: about 15 statements per row of
    a list (savepoints, a query per foreign key in full_clean(), the teams
    read for every company, single INSERTs), 842 s for 100k rows (#5). Their
    rules hold here too: every record is cleaned as they clean it, and gets
    one history row with the user and the import reason.
    """

    def __init__(self, *, columns, report, source, user, reason):
        self.columns = columns
        self.report = report
        self.source = source
        self.user = user
        self.reason = reason
        # The same company (name, legal form, place) twice in one file is one
        # company with several contact persons.
        self.created: dict[tuple, _Created] = {}
        self.teams = list(Team.objects.all())
        self.team_for: dict[tuple, Team | None] = {}
        self.new_companies: list[_NewCompany] = []
        self.new_persons: list[ContactPerson] = []
        # The row warnings of each new person, in the same order.
        self.person_warnings: list[list[str]] = []
        self.pending_rows = 0

    def run(self, line: int, cells: list) -> RowOutcome:
        if _has_values_beyond(cells, len(self.columns.headings)):
            return RowOutcome(line, False, _too_many_values())
        try:
            row = parse_row(self.columns.pick(cells), self.columns)
            earlier = self.created.get(_company_key(row))
            new = None if earlier else self._new_company(row)
            company = earlier.company if earlier else new.company
            person = self._new_person(company, row.person) if row.person else None
        except RowRejected as exc:
            return RowOutcome(line, False, exc.reason)

        # Only a row that passed every check leaves something to write.
        if new is not None:
            self.new_companies.append(new)
        if person is not None:
            self.new_persons.append(person)
            self.person_warnings.append(row.warnings)
        self._count(row, company, earlier, line)
        if earlier:
            row.warnings.extend(_reuse_warnings(row, earlier))
        self.pending_rows += 1
        if self.pending_rows >= BATCH_ROWS:
            self.flush()
        return RowOutcome(line, True, warnings=row.warnings)

    def _new_company(self, row: RowData) -> _NewCompany:
        company = Company(**row.company, source=self.source)
        if row.address:
            company.team = self._team(row.address)
        _clean(company, row.company)
        address = None
        if row.address:
            address = Address(company=company, **row.address)
            # The parser gives a country only as a code django-countries
            # knows; its field check walks all 250 choices per address.
            _clean(address, row.address.keys() - {"country"})
        return _NewCompany(company, address, row.warnings)

    def _team(self, address: dict) -> Team | None:
        """The territory's team, as company_create() finds it, from the
        teams read once for the whole import."""
        key = (address.get("country"), address.get("postal_code") or "")
        if key not in self.team_for:
            self.team_for[key] = team_for_address(*key, self.teams)
        return self.team_for[key]

    def _new_person(self, company: Company, data: dict) -> ContactPerson:
        # A person of a new company has no twin there; the scan finds the
        # same person at another company by e-mail and phone.
        person = ContactPerson(company=company, **data, source=self.source)
        _clean(person, data)
        return person

    def flush(self) -> None:
        """Write what the rows since the last flush left to write."""
        now = timezone.now()
        companies = [new.company for new in self.new_companies]
        addresses = [new.address for new in self.new_companies if new.address]
        for objects in (companies, addresses, self.new_persons):
            self._bulk_create(objects, now)
        self._propose_duplicates()
        # Art. 21: someone who objected before comes in objected.
        objected = consent.apply_suppression_to(
            user=self.user, persons=self.new_persons
        )
        for person, warnings in zip(
            self.new_persons, self.person_warnings, strict=True
        ):
            if person.pk in objected:
                warnings.append(_suppressed_warning())
        self.new_companies, self.new_persons, self.pending_rows = [], [], 0
        self.person_warnings = []

    def _bulk_create(self, objects: list, now) -> None:
        if not objects:
            return
        model = type(objects[0])
        for obj in objects:
            # What save() and the services' _save() do to a new record.
            obj.tidy_text()
            obj.refresh_keys()
            if hasattr(obj, "updated_at"):
                obj.created_at = obj.updated_at = now
        bulk.insert_new(objects)
        services.history_rows_create(
            model=model,
            ids=[obj.pk for obj in objects],
            user=self.user,
            reason=self.reason,
            when=now,
            kind="+",
        )

    def _propose_duplicates(self) -> None:
        """An import never merges: possible duplicates are saved, proposed on
        the duplicates page and named in the report."""
        found = finding.earlier_company_candidates(
            user=self.user,
            probes=[(new.company, new.address) for new in self.new_companies],
        )
        proposals = []
        for new in self.new_companies:
            candidates = found[new.company.pk]
            proposals.extend((new.company, c) for c in candidates.all)
            new.warnings.extend(_duplicate_warning(c) for c in candidates.visible)
            if candidates.hidden:
                new.warnings.append(
                    _(
                        "possible duplicate in records you cannot see; proposed"
                        " for review"
                    )
                )
        pairs_propose(proposals)

    def _count(self, row: RowData, company: Company, earlier, line: int) -> None:
        if earlier:
            self.report.companies_reused += 1
        else:
            self.created[_company_key(row)] = _Created(company, row, line)
            self.report.companies_created += 1
            self.report.addresses_created += row.address is not None
        self.report.persons_created += row.person is not None


def _clean(obj, given) -> None:
    """full_clean() as the services run it, for the fields the row gives (the
    others hold their defaults), and without the query per foreign key: the
    import sets those to records it has just read or is about to save.

    Without the unique and constraint checks as well: no field a row gives is
    unique, and the one constraint (one current headquarters per company) is
    about the company, which an import sets and never gives twice an address.
    Skipping them saved a twentieth of an import; a test says when a model
    gains a unique field or constraint that would need them back (#5)."""
    exclude = [
        f.name
        for f in obj._meta.concrete_fields
        if f.is_relation or f.name not in given
    ]
    try:
        obj.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise RowRejected(_describe(exc)) from exc


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
