"""Check one row of a list and shape it into company, address and person data."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contacts.importing import values
from contacts.importing.countries import country_code
from contacts.importing.mapping import ColumnMap
from contacts.legal_forms import split_legal_form

_TEXT_FIELDS = [
    "company_name",
    "legal_form",
    "street",
    "house_number",
    "postal_code",
    "city",
    "country",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile",
    "website",
    "industry",
    "job_title",
    "department",
]
# Web and mail addresses may carry "?" legitimately.
_CHECKED_FOR_DAMAGE = set(_TEXT_FIELDS) - {"email", "website"}
_ADDRESS_FIELDS = ["street", "house_number", "postal_code", "city", "country"]


class RowRejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class RowData:
    company: dict
    address: dict | None
    person: dict | None
    warnings: list[str] = field(default_factory=list)


def parse_row(cells: dict[str, object], columns: ColumnMap) -> RowData:
    """Raises RowRejected when the row cannot be stored without guessing."""
    texts = {name: values.text(cells.get(name)) for name in _TEXT_FIELDS}
    _refuse_damaged_text(texts, columns)
    if not texts["company_name"]:
        raise RowRejected(_("no company name"))
    if texts["first_name"] and not texts["last_name"]:
        raise RowRejected(_("the contact person has a first name but no last name"))

    row = RowData(company=_company(texts, cells, columns), address=None, person=None)
    if texts["last_name"]:
        row.person = _person(texts)
    _contact_channels(row, texts, columns)
    row.address = _address(row, texts, columns)
    return row


def _refuse_damaged_text(texts: dict[str, str], columns: ColumnMap) -> None:
    for name in _CHECKED_FOR_DAMAGE:
        if texts[name] and values.looks_damaged(texts[name]):
            raise RowRejected(
                _(
                    "the text “%(value)s” in column “%(column)s” looks damaged by a"
                    " wrong character encoding"
                )
                % {"value": texts[name], "column": columns.heading(name)}
            )


def _company(texts: dict[str, str], cells: dict, columns: ColumnMap) -> dict:
    split = split_legal_form(texts["company_name"], texts["legal_form"])
    company = {
        "name": split.name,
        "legal_form": split.legal_form,
        "legal_form_other": split.legal_form_other,
        "industry": texts["industry"],
    }
    if texts["website"]:
        company["website"] = _website(texts["website"])
    if values.text(cells.get("employees")):
        company["employees"] = _employees(cells["employees"], columns)
    if values.text(cells.get("revenue")):
        company["revenue"] = _number(cells["revenue"], columns, "revenue")
    return company


def _website(value: str) -> str:
    url = values.website_url(value)
    if url is None:
        raise RowRejected(_("invalid website: %(value)s") % {"value": value})
    return url


def _employees(raw, columns: ColumnMap) -> int:
    try:
        number = values.parse_whole_number(raw)
    except ValueError:
        raise RowRejected(_not_a_number(raw, columns, "employees")) from None
    if number < 0:
        raise RowRejected(_not_a_number(raw, columns, "employees"))
    return number


def _number(raw, columns: ColumnMap, name: str):
    try:
        return values.parse_decimal(raw)
    except ValueError:
        raise RowRejected(_not_a_number(raw, columns, name)) from None


def _not_a_number(raw, columns: ColumnMap, name: str) -> str:
    return _("“%(value)s” in column “%(column)s” is not a valid number") % {
        "value": values.text(raw),
        "column": columns.heading(name),
    }


def _person(texts: dict[str, str]) -> dict:
    return {
        "first_name": texts["first_name"],
        "last_name": texts["last_name"],
        "job_title": texts["job_title"],
        "department": texts["department"],
    }


def _contact_channels(row: RowData, texts: dict[str, str], columns: ColumnMap):
    """E-mail and phones belong to the person when the row has one."""
    if texts["email"] and not values.is_email(texts["email"]):
        raise RowRejected(_("invalid e-mail: %(value)s") % {"value": texts["email"]})
    for name in ("phone", "mobile"):
        if texts[name] and not values.looks_like_phone(texts[name]):
            row.warnings.append(
                _("phone number “%(value)s” in column “%(column)s” kept as typed")
                % {"value": texts[name], "column": columns.heading(name)}
            )

    if row.person is not None:
        row.person.update(
            email=texts["email"], phone=texts["phone"], mobile=texts["mobile"]
        )
        return
    row.company.update(email=texts["email"], phone=texts["phone"] or texts["mobile"])
    if texts["phone"] and texts["mobile"]:
        row.warnings.append(
            _("mobile number “%(value)s” not saved: a company has only one phone")
            % {"value": texts["mobile"]}
        )


def _address(row: RowData, texts: dict[str, str], columns: ColumnMap) -> dict | None:
    if not (texts["city"] or texts["postal_code"]):
        given = [texts[name] for name in _ADDRESS_FIELDS if texts[name]]
        if given:
            row.warnings.append(
                _("address not saved, it has no city or postal code: %(values)s")
                % {"values": ", ".join(given)}
            )
        return None
    if not texts["city"]:
        raise RowRejected(
            _("postal code %(code)s without a city") % {"code": texts["postal_code"]}
        )

    country = _country(texts["country"])
    street, house_number = texts["street"], texts["house_number"]
    if street and not house_number:
        street, house_number = values.split_street(street)
    return {
        "street": street,
        "house_number": house_number,
        "postal_code": _postal_code(row, texts["postal_code"], country),
        "city": texts["city"],
        "country": country,
    }


def _country(value: str) -> str:
    if not value:
        return "DE"
    code = country_code(value)
    if not code:
        raise RowRejected(_("unknown country: %(value)s") % {"value": value})
    return code


def _postal_code(row: RowData, code: str, country: str) -> str:
    if country != "DE" or not code:
        return code
    padded = values.pad_german_postal_code(code)
    if padded != code:
        row.warnings.append(
            _("postal code %(code)s padded to %(padded)s (leading zero was missing)")
            % {"code": code, "padded": padded}
        )
    return padded
