"""Call lists and marketing exports as CSV or Excel: only the people the
chosen channel allows, with the columns that channel needs."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from contacts.consent.models import Channel
from contacts.normalize import phone_display


def _address(person) -> list[str]:
    found = person.company.headquarters
    if not found:
        return ["", "", "", ""]
    address = found[0]
    country = address.country.code if address.country else ""
    return [address.street_line, address.postal_code, address.city, country]


def headings(channel: str) -> list[str]:
    common = [
        _("Company"),
        _("Salutation"),
        _("Title"),
        _("First name"),
        _("Last name"),
    ]
    common.append(_("Job title"))
    if channel == Channel.PHONE:
        return [*common, _("Phone"), _("Mobile")]
    if channel == Channel.EMAIL:
        return [*common, _("E-mail")]
    return [*common, _("Street"), _("Postal code"), _("City"), _("Country")]


def row(person, channel: str) -> list[str]:
    salutation = "" if person.salutation == "none" else person.get_salutation_display()
    common = [
        person.company.display_name,
        str(salutation),
        person.academic_title,
        person.first_name,
        person.last_name,
        person.job_title,
    ]
    if channel == Channel.PHONE:
        return [*common, phone_display(person.phone), phone_display(person.mobile)]
    if channel == Channel.EMAIL:
        return [*common, person.email]
    return [*common, *_address(person)]


_PHONE = re.compile(r"\+[0-9][0-9 ]*")


def spreadsheet_safe(value: str) -> str:
    # A CSV cell starting with = + - @ would run as a formula in a
    # spreadsheet; a phone number in international form ("+43 1 5134567") is
    # the one such value that is meant literally.
    if value and value[0] in "=+-@\t\r" and not _PHONE.fullmatch(value):
        return "'" + value
    return value


def as_csv(persons, channel: str) -> bytes:
    out = io.StringIO()
    # Semicolons and a BOM: what German Excel opens without an import dialog.
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headings(channel))
    for person in persons:
        writer.writerow([spreadsheet_safe(value) for value in row(person, channel)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(persons, channel: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(Channel(channel).label))
    sheet.append(headings(channel))
    for person in persons:
        # openpyxl writes these as text cells, never as formulas.
        sheet.append(row(person, channel))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download, named so the browser saves it instead of showing it."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
