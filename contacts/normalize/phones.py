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


@functools.lru_cache(maxsize=16384)
def _number(typed: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number a tidy, typed text stands for, or None when parse_phone()
    keeps it as typed."""
    # Without "+", "00" or a trunk zero a number may belong to any country
    # ("229.077.5154"); reading it as one of `region` would invent a number.
    if not typed.lstrip("(").startswith(("+", "0")):
        return None
    number = _parse(typed, region)
    if number is None or number.extension:
        return None
    return number


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
    number = _number(typed, region)
    if number is None:
        return Phone("", typed, False)
    return Phone(
        phonenumbers.format_number(number, _E164), _display(number, region), True
    )


# An import reads each number twice, when it checks the row and when it
# stores the batch (contacts.importing.runner.BATCH_ROWS rows later): the
# cache holds more numbers than a batch has.
@functools.lru_cache(maxsize=16384)
def phone_e164(raw: str, *, region: str = "DE") -> str:
    """parse_phone()'s E.164 form alone, "" for a blank or unreadable number:
    what is stored and checked, without the display form that an import
    never shows (a tenth of its phone work, #5)."""
    typed = tidy(raw)
    number = _number(typed, region) if typed else None
    return phonenumbers.format_number(number, _E164) if number else ""


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
