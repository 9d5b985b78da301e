"""Turn one cell of an address list into the value a model field expects."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from contacts import normalize

# A single dot followed by exactly three digits is read the German way, as a
# thousands separator: "1.234" employees are 1234, not one and a bit.
_GERMAN_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")
_NUMBER = re.compile(r"[+-]?\d[\d.,]*")
_CURRENCY = re.compile(r"^(€|eur)|(€|eur)$", re.IGNORECASE)

_PHONE = re.compile(r"\+?[\d\s()./-]+")
_STREET_AND_NUMBER = re.compile(
    r"(?P<street>.*?\D)\s*"
    r"(?P<number>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)"
)
# Lost umlauts as in "K??ln", or the replacement character a decoder leaves.
_LOST_LETTERS = re.compile(r"\w\?+\w|\ufffd")


def text(value) -> str:
    """Cell value as text, with runs of white space collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_decimal(value) -> Decimal:
    """Read German ("1.234,50") and English ("1,234.50") numbers alike.

    Raises ValueError for anything that is not clearly one number.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))

    raw = _CURRENCY.sub("", "".join(str(value).split()))
    if not _NUMBER.fullmatch(raw) or raw[-1] in ".,":
        raise ValueError(value)
    separator = _decimal_separator(raw)
    whole, _sep, fraction = raw.rpartition(separator) if separator else (raw, "", "")
    groups = re.split(r"[.,]", whole)
    if len(set(re.findall(r"[.,]", whole))) > 1 or not _grouped_in_thousands(groups):
        raise ValueError(value)
    try:
        return Decimal("".join(groups) + (f".{fraction}" if fraction else ""))
    except InvalidOperation:
        raise ValueError(value) from None


def _decimal_separator(raw: str) -> str:
    if "," in raw and "." in raw:
        return "," if raw.rfind(",") > raw.rfind(".") else "."
    if "," in raw:
        # "1,234,567" can only be grouping; a single comma is a German decimal.
        return "," if raw.count(",") == 1 else ""
    if raw.count(".") == 1 and not _GERMAN_THOUSANDS.fullmatch(raw):
        return "."
    return ""


def _grouped_in_thousands(groups: list[str]) -> bool:
    if len(groups) == 1:
        return True
    first = groups[0].lstrip("+-")
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in groups[1:])


def parse_whole_number(value) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


def looks_like_phone(value: str) -> bool:
    """A number the phone normaliser can read; others are kept as typed."""
    return bool(normalize.phone_e164(value))


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def website_url(value: str) -> str | None:
    """The address with a scheme added when it has none; None when invalid."""
    url = value if "://" in value else f"https://{value}"
    try:
        URLValidator()(url)
    except ValidationError:
        return None
    return url


def pad_german_postal_code(code: str) -> str:
    """Put back the leading zero that spreadsheets drop from 01067 and the like."""
    return f"0{code}" if re.fullmatch(r"\d{4}", code) else code


def split_street(value: str) -> tuple[str, str]:
    """ "Hauptstr. 5a" -> ("Hauptstr.", "5a"); no trailing number -> (value, "")."""
    return normalize.split_street(value)


def looks_damaged(value: str) -> bool:
    """True for text that a wrong encoding has mangled on its way here."""
    if _LOST_LETTERS.search(value):
        return True
    # UTF-8 read as Windows-1252 turns "ü" into "Ã¼"; undoing that only works
    # when the text really was mangled so.
    try:
        repaired = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    return repaired != value
