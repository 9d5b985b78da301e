"""ISO country code for whatever a list puts in its country column."""

import functools
import re
import unicodedata

from django.utils import translation
from django_countries import countries

# Common names that differ from the ISO short names django-countries uses.
_ALIASES = {
    "brd": "DE",
    "cape verde": "CV",
    "czech republic": "CZ",
    "england": "GB",
    "great britain": "GB",
    "holland": "NL",
    "kyrgyz republic": "KG",
    "palestinian territories": "PS",
    "palestinian territory": "PS",
    "pitcairn islands": "PN",
    "svalbard and jan mayen islands": "SJ",
    "turkey": "TR",
    "uk": "GB",
    "united states virgin islands": "VI",
    "us virgin islands": "VI",
}
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", str(name))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = plain.casefold().replace("&", " and ")
    return " ".join(re.sub(r"\W+", " ", plain).split())


@functools.cache
def _names() -> dict[str, str]:
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for language in ("en", "de"):
        with translation.override(language):
            for code, name in countries:
                for key in {_key(name), _key(_BRACKETS.sub("", str(name)))}:
                    if index.setdefault(key, code) != code:
                        clashes.add(key)
    # "Virgin Islands" without its bracket could be British or U.S.: no guess.
    for key in clashes:
        del index[key]
    return index | _ALIASES


def country_code(value: str) -> str:
    """Code for an ISO code or an English or German name; "" when unknown."""
    value = value.strip()
    if not value:
        return ""
    code = countries.alpha2(value)
    if code:
        return code
    names = _names()
    code = names.get(_key(value)) or names.get(_key(_BRACKETS.sub("", value)))
    # by_name also knows the official long names ("Lao People's Democratic
    # Republic") that the short-name index lacks.
    return code or countries.by_name(value) or countries.by_name(value, language="de")
