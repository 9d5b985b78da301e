"""Importing address lists (CSV, Excel) into the address base."""

from contacts.importing.reading import ImportFileError
from contacts.importing.runner import ImportReport, RowOutcome, SourceSpec, import_file

__all__ = ["ImportFileError", "ImportReport", "RowOutcome", "SourceSpec", "import_file"]
