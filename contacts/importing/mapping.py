"""Which column of a list holds which field, judged by its heading."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD_LABELS = {
    "company_name": gettext_lazy("company name"),
    "legal_form": gettext_lazy("legal form"),
    "street": gettext_lazy("street"),
    "house_number": gettext_lazy("house number"),
    "postal_code": gettext_lazy("postal code"),
    "city": gettext_lazy("city"),
    "country": gettext_lazy("country"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "mobile": gettext_lazy("mobile"),
    "website": gettext_lazy("website"),
    "industry": gettext_lazy("industry"),
    "employees": gettext_lazy("employees"),
    "revenue": gettext_lazy("revenue"),
    "job_title": gettext_lazy("job title"),
    "department": gettext_lazy("department"),
}

_HEADINGS = {
    "company_name": [
        "Firma",
        "Firmenname",
        "Unternehmen",
        "Company",
        "Company name",
        "Organization",
        "Organisation",
    ],
    "legal_form": ["Rechtsform", "Legal form"],
    "street": ["Straße", "Strasse", "Street", "Address"],
    "house_number": ["Hausnummer", "Hausnr", "Nr", "House number"],
    "postal_code": ["PLZ", "Postleitzahl", "Postal code", "Zip", "Zip code"],
    "city": ["Ort", "Stadt", "City"],
    "country": ["Land", "Country"],
    "first_name": ["Vorname", "First name"],
    "last_name": ["Nachname", "Last name", "Surname"],
    "email": ["E-Mail", "Email", "Email 1", "Mail"],
    "phone": ["Telefon", "Telefon 1", "Phone", "Phone 1", "Tel"],
    # A second phone column goes to the mobile number rather than being lost.
    "mobile": ["Mobil", "Handy", "Mobile", "Phone 2", "Telefon 2"],
    "website": ["Website", "Webseite", "Homepage", "URL"],
    "industry": ["Branche", "Industry"],
    "employees": [
        "Mitarbeiter",
        "Beschäftigte",
        "Beschaeftigte",
        "Employees",
        "Number of employees",
    ],
    "revenue": ["Umsatz", "Revenue"],
    "job_title": ["Funktion", "Position", "Job title"],
    "department": ["Abteilung", "Department"],
}
_AMBIGUOUS_NAME = "name"


def heading_key(heading: str) -> str:
    """ "E-Mail", "e mail" and "EMAIL" all become "email"; "Straße" "strasse"."""
    folded = unicodedata.normalize("NFKC", heading).casefold()
    return "".join(char for char in folded if char.isalnum())


_FIELD_BY_KEY = {
    heading_key(heading): field
    for field, headings in _HEADINGS.items()
    for heading in headings
}


@dataclass(frozen=True)
class ColumnMap:
    positions: dict[str, int]
    headings: list[str]
    unknown: list[str]

    def has(self, field: str) -> bool:
        return field in self.positions

    def heading(self, field: str) -> str:
        return self.headings[self.positions[field]]

    def recognised(self) -> list[tuple[str, str]]:
        """(heading, field label) for every column that is used."""
        return [
            (self.headings[position], str(FIELD_LABELS[field]))
            for field, position in sorted(self.positions.items(), key=lambda i: i[1])
        ]

    def pick(self, cells: list) -> dict[str, object]:
        return {
            field: cells[position] if position < len(cells) else None
            for field, position in self.positions.items()
        }


def map_columns(headings: list[str]) -> ColumnMap:
    positions: dict[str, int] = {}
    unused: list[int] = []
    name_position = None
    for position, heading in enumerate(headings):
        key = heading_key(heading)
        field = _FIELD_BY_KEY.get(key)
        if key == _AMBIGUOUS_NAME and name_position is None:
            name_position = position
        elif field and field not in positions:
            positions[field] = position
        else:
            # Unknown, or a second column for a field that already has one.
            unused.append(position)

    if name_position is not None:
        if _name_means_company(positions):
            positions["company_name"] = name_position
        else:
            unused.append(name_position)
    unknown = [_display_heading(headings, position) for position in sorted(unused)]
    return ColumnMap(positions=positions, headings=headings, unknown=unknown)


def _display_heading(headings: list[str], position: int) -> str:
    return headings[position] or _("(column %(number)s without heading)") % {
        "number": position + 1
    }


def _name_means_company(positions: dict[str, int]) -> bool:
    return not {"company_name", "first_name", "last_name"} & positions.keys()
