"""Legal form of a company, from its own column or from the end of its name."""

import re
from typing import NamedTuple

from contacts.models import Company

LegalForm = Company.LegalForm

_GERMAN_FORMS = [
    (" GmbH & Co. KG", LegalForm.GMBH_CO_KG),
    (" GmbH & Co KG", LegalForm.GMBH_CO_KG),
    (" UG (haftungsbeschränkt)", LegalForm.UG),
    (" gGmbH", LegalForm.GGMBH),
    (" GmbH", LegalForm.GMBH),
    (" KGaA", LegalForm.KGAA),
    (" OHG", LegalForm.OHG),
    (" GbR", LegalForm.GBR),
    (" PartG", LegalForm.PARTG),
    (" e.K.", LegalForm.EK),
    (" e.V.", LegalForm.EV),
    (" e.G.", LegalForm.EG),
    (" AG", LegalForm.AG),
    (" KG", LegalForm.KG),
    (" SE", LegalForm.SE),
    (" eG", LegalForm.EG),
]
# Compound forms that have no choice of their own are kept as typed.
_COMPOUND_FORMS = [
    " AG & Co. KGaA",
    " GmbH & Co. KGaA",
    " AG & Co. KG",
    " AG & Co. OHG",
    " GmbH & Co. OHG",
    " Stiftung & Co. KG",
    " Stiftung & Co. KGaA",
]
# Longest first, so "GmbH & Co. KG" is not mistaken for a plain "KG".
_SUFFIXES = sorted(
    [*_GERMAN_FORMS, *((form, LegalForm.OTHER) for form in _COMPOUND_FORMS)],
    key=lambda pair: len(pair[0]),
    reverse=True,
)
# Foreign forms are kept as typed; words such as "Group" or "Sons" are part of
# the name and stay there.
_FOREIGN_SUFFIX = re.compile(r",?\s+(LLC|Inc\.?|Ltd\.?|PLC)$", re.IGNORECASE)

_COLUMN_ALIASES = {"ug": LegalForm.UG, "ekfm": LegalForm.EK, "ekfr": LegalForm.EK}


class Split(NamedTuple):
    name: str
    legal_form: str
    legal_form_other: str


def _key(value: str) -> str:
    return "".join(char for char in value.casefold() if char.isalnum())


_COLUMN_VALUES = {_key(form.value): form.value for form in LegalForm} | {
    key: form.value for key, form in _COLUMN_ALIASES.items()
}


# TODO: grow into the full normaliser (dotted and spelled-out variants such as
# "G.m.b.H.", "GmbH&Co.KG") with the data-quality issue (#3).
def split_legal_form(name: str, column_value: str = "") -> Split:
    """Separate the legal form from a company name.

    A value from a legal-form column wins; the name then only loses a suffix
    that says the same thing.
    """
    from_name = _split_name(name)
    if not column_value:
        return from_name

    form = _COLUMN_VALUES.get(_key(column_value), LegalForm.OTHER.value)
    other = column_value if form == LegalForm.OTHER else ""
    same = (from_name.legal_form, from_name.legal_form_other) == (form, other)
    return Split(from_name.name if same else name, form, other)


def _split_name(name: str) -> Split:
    for suffix, form in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            other = suffix.strip() if form == LegalForm.OTHER else ""
            return Split(name.removesuffix(suffix).rstrip(" ,"), form.value, other)
    match = _FOREIGN_SUFFIX.search(name)
    if match and match.start() > 0:
        return Split(name[: match.start()], LegalForm.OTHER.value, match[1])
    return Split(name, "", "")
