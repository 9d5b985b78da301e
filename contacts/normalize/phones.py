"""Phone numbers: stored in E.164, shown in national format at home."""

import functools
from typing import NamedTuple

import phonenumbers
from django.utils.translation import gettext as _

from contacts.normalize.text import tidy

_E164 = phonenumbers.PhoneNumberFormat.E164
_NATIONAL = phonenumbers.PhoneNumberFormat.NATIONAL
_INTERNATIONAL = phonenumbers.PhoneNumberFormat.INTERNATIONAL


class Phone(NamedTuple):
    e164: str
    display: str
    valid: bool


def _read(value: str, region) -> phonenumbers.PhoneNumber:
    # The region may be a django-countries Country or lower case ("de").
    return phonenumbers.parse(value, str(region).upper() or None)


def _parse(value: str, region) -> phonenumbers.PhoneNumber | None:
    try:
        number = _read(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _display(number: phonenumbers.PhoneNumber, region) -> str:
    at_home = phonenumbers.region_code_for_number(number) == str(region).upper()
    return phonenumbers.format_number(number, _NATIONAL if at_home else _INTERNATIONAL)


# An import reads each number twice (the row check, then the stored key).
@functools.lru_cache(maxsize=4096)
def parse_phone(raw: str, *, region: str = "DE") -> Phone:
    """E.164 and display form of a typed number; a bad one is kept as typed.

    "+49 (0)30 1234567", "0049 30 1234567", "030/1234567" and "(030) 1234567"
    all give "+49301234567". A number that cannot be parsed or is not a valid
    number comes back as Phone("", typed, False): flagged, never dropped. So
    does one with an extension ("030 1234567 ext. 12"), because E.164 has no
    place for it and storing it would lose the extension.
    """
    typed = tidy(raw)
    if not typed:
        return Phone("", "", True)

    # Without "+", "00" or a trunk zero a number may belong to any country
    # ("229.077.5154"); reading it as one of `region` would invent a number.
    if not typed.lstrip("(").startswith(("+", "0")):
        return Phone("", typed, False)
    number = _parse(typed, region)
    if number is None or number.extension:
        return Phone("", typed, False)
    return Phone(
        phonenumbers.format_number(number, _E164), _display(number, region), True
    )


def phone_problem(raw: str, *, region: str = "DE") -> str | None:
    """Why a typed number is flagged by parse_phone(), or None when it is not."""
    typed = tidy(raw)
    if not typed or parse_phone(typed, region=region).valid:
        return None
    try:
        number = _read(typed, region)
    except phonenumbers.NumberParseException:
        return _("This does not look like a phone number; it is kept as typed.")
    if number.extension and phonenumbers.is_valid_number(number):
        return _(
            "Phone numbers with an extension are kept as typed; enter the "
            "direct number to have it checked."
        )
    return _(
        "This is not a valid phone number (check the area code and the number "
        "of digits); it is kept as typed."
    )


def phone_display(stored: str, *, region: str = "DE") -> str:
    """Display form of a stored E.164 number; anything else is shown unchanged."""
    if not stored.startswith("+"):
        return stored
    number = _parse(stored, region)
    if number is None or phonenumbers.format_number(number, _E164) != stored:
        return stored
    return _display(number, region)
