"""Checks that every text written to the address base passes, on every path."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Characters that change how text is displayed without being visible: they let
# "Müller" and a spoofed "Müller" look the same and make searches miss.
_INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    **{chr(c): unicodedata.name(chr(c)) for c in range(0x202A, 0x202F)},
    **{chr(c): unicodedata.name(chr(c)) for c in range(0x2066, 0x206A)},
}
_LINE_BREAKS = {"\n", "\r", "\t"}


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The name of the first character that must not be stored, or None."""
    for char in value:
        if char in _INVISIBLE:
            return _INVISIBLE[char]
        if unicodedata.category(char) == "Cc" and not (
            multiline and char in _LINE_BREAKS
        ):
            return f"U+{ord(char):04X}"
    return None


def check_text_fields(instance: models.Model) -> None:
    """Refuse control and invisible formatting characters in any text field."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or not value:
            continue
        found = forbidden_character(
            value, multiline=isinstance(field, models.TextField)
        )
        if found:
            errors[field.name] = _(
                "Contains an invisible or control character (%(name)s); please "
                "retype the value."
            ) % {"name": found}
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


def postal_code_error(country, postal_code: str):
    """Why a postal code cannot be right for its country, or None."""
    # TODO: rules for further countries with the data-quality issue (#3).
    rule = _POSTAL_CODES.get(str(country))
    if rule and postal_code and not rule[0].fullmatch(postal_code):
        return rule[1]
    return None
