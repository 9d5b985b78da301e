"""Streets: one comparison form for "Str." and "Straße", house numbers split off."""

import re

from contacts.normalize.text import search_fold, tidy

# "5", "5a", "5 a", "12-14", "5/1", "12a-14b": the number at the end of a field.
_NUMBER = r"\d+(?:\s*[a-z])?(?:\s*[-/–]\s*\d+(?:\s*[a-z])?)*"
_STREET_AND_NUMBER = re.compile(
    rf"(?P<street>.*?\D)?[\s,]*(?P<number>{_NUMBER})", re.IGNORECASE | re.DOTALL
)
# Mannheim's city centre is a grid of squares ("Q 7"); the house number follows
# after a comma ("Q 7, 1"), so a square on its own has no house number.
_MANNHEIM_SQUARE = re.compile(r"[A-U]\s?\d{1,2}")
_STRASSE = re.compile(r"strasse(?![a-z])")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def split_street(value: str) -> tuple[str, str]:
    """(street, house number) from one field: "Hauptstr.5a" → ("Hauptstr.", "5a").

    The house number is written without inner spaces ("5 a" → "5a", "12 - 14"
    → "12-14"); only that spacing and the blanks or comma between street and
    number are dropped. A field that does not end in a number is all street
    ("Straße des 17. Juni", "12 rue de la Paix").
    """
    text = tidy(value)
    if _MANNHEIM_SQUARE.fullmatch(text):
        return text, ""
    match = _STREET_AND_NUMBER.fullmatch(text)
    if not match:
        return text, ""
    street = (match["street"] or "").rstrip(" ,")
    return street, re.sub(r"\s+", "", match["number"])


# TODO: fold "St."/"Sankt" and "Pl."/"Platz" too once the duplicate scan shows
# such pairs in real data; only the Straße spellings are unified now.
def street_fold(street: str) -> str:
    """Comparison form of a street: "Haupt-Straße 5", "Hauptstr." → "hauptstr".

    Based on search_fold(), so "Müllerstraße" and "Muellerstrasse" meet; the
    house number is left out; "Straße" and "Strasse" at the end of a word or
    standing alone become "str"; then spaces, hyphens, dots and other
    punctuation go, so "Str." is "str" too and "Lange Str." meets "Langestraße".
    """
    name, _number = split_street(street)
    folded = _STRASSE.sub("str", search_fold(name))
    return _NOT_LETTER_OR_DIGIT.sub("", folded)
