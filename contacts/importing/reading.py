"""Open a CSV or Excel address list as a heading row plus numbered rows."""

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = ",;\t"
_SNIFF_LINES = 50


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class Table:
    headings: list[str]
    # (line number in the file, cell values); blank rows are left out.
    rows: Iterator[tuple[int, list]]
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    data = _read_bytes(path)
    if data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _(
                "%(name)s is an old Excel file (.xls). Please save it as .xlsx "
                "or CSV and import it again."
            )
            % {"name": path.name}
        )
    if data.startswith(_ZIP_MAGIC):
        with _workbook_table(data, path.name) as table:
            yield table
    else:
        yield _csv_table(data, path.name)


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(_("File not found: %(path)s") % {"path": path}) from None
    except IsADirectoryError:
        raise ImportFileError(
            _("%(path)s is a folder, not a file.") % {"path": path}
        ) from None
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    if not data.strip():
        raise ImportFileError(_("The file %(name)s is empty.") % {"name": path.name})
    return data


def _csv_table(data: bytes, name: str) -> Table:
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise ImportFileError(
            _("%(name)s is neither a CSV nor an Excel file.") % {"name": name}
        )
    delimiter = sniff_delimiter(text)
    rows = _non_blank(_csv_rows(text, delimiter))
    headings = _headings(rows, name)
    return Table(
        headings=headings,
        rows=rows,
        file_format="CSV",
        encoding=encoding,
        delimiter=delimiter,
    )


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # The usual encoding of CSV files that German Excel saves.
    return _strict(data, "cp1252", name), "Windows-1252"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "%(name)s contains characters that cannot be read (byte %(position)s)."
                " Please save it as CSV UTF-8 and import it again."
            )
            % {"name": name, "position": exc.start}
        ) from None


def sniff_delimiter(text: str) -> str:
    lines = text.splitlines()
    heading_line = next((line for line in lines if line.strip()), "")
    try:
        sample = "\n".join(lines[:_SNIFF_LINES])
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in heading_line:
        return delimiter
    # The sniffer can be fooled by delimiters inside values; the heading line
    # rarely is.
    counted = max(_DELIMITERS, key=heading_line.count)
    return counted if heading_line.count(counted) else ","


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list]]:
    # strict: an unterminated quote is an error, not a value that swallows the
    # rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            # A quoted value may span lines; the next row starts after them.
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)s cannot be read: %(error)s")
            % {"line": line, "error": _csv_error_text(exc)}
        ) from None


def _csv_error_text(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return _("a quotation mark opened there is never closed")
    if "expected" in text and "after" in text:
        return _("a quotation mark stands in the middle of a value")
    if "field larger than field limit" in text:
        return _("a value is far too long (is the delimiter right?)")
    return text


@contextmanager
def _workbook_table(data: bytes, name: str) -> Iterator[Table]:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception:
        # openpyxl raises many different errors for damaged or foreign zip
        # files (.ods, .docx); for the user they all mean the same.
        raise ImportFileError(
            _("%(name)s cannot be read as an Excel file (.xlsx).") % {"name": name}
        ) from None
    try:
        yield _first_sheet(workbook, name)
    finally:
        workbook.close()


def _first_sheet(workbook, name: str) -> Table:
    sheet = workbook.worksheets[0]
    # Some programs write a wrong sheet size; read to the real end instead.
    sheet.reset_dimensions()
    numbered = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
    rows = _non_blank((line, list(cells)) for line, cells in numbered)
    headings = _headings(rows, name)
    notes = []
    if len(workbook.worksheets) > 1:
        notes.append(
            _("Only the first worksheet “%(sheet)s” was read.") % {"sheet": sheet.title}
        )
    return Table(headings=headings, rows=rows, file_format="Excel", notes=notes)


def _non_blank(rows):
    for line, cells in rows:
        if any(cell is not None and str(cell).strip() for cell in cells):
            yield line, cells


def _headings(rows: Iterator[tuple[int, list]], name: str) -> list[str]:
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("%(name)s has no heading row.") % {"name": name})
    return [
        " ".join(str(cell).split()) if cell is not None else "" for cell in first[1]
    ]
