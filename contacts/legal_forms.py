"""Legal form of a company, from its own column or from the end of its name."""

import re
from itertools import chain
from typing import NamedTuple

from django.utils.translation import gettext as _

from contacts.models import Company
from contacts.normalize.text import tidy

LegalForm = Company.LegalForm


class Split(NamedTuple):
    name: str
    legal_form: str
    legal_form_other: str


class _Found(NamedTuple):
    start: int
    legal_form: str
    legal_form_other: str


# Spellings of one form, as regular expressions. Short abbreviations are only
# matched as they are written ("AG", "eG", "OHG"), because "ag" or "Eg" at the
# end of a name is more likely a word than a legal form; longer, dotted and
# spelled-out forms are matched in any case ("GMBH", "g.m.b.h.").
_UMLAUT_A = "(?:ä|ae)"
_UMLAUT_U = "(?:ü|ue)"
_GMBH = (
    r"(?i:g\.?\s?m\.?\s?b\.?\s?h\.?"
    r"|ges\.?\s?m\.?\s?b\.?\s?h\.?"
    rf"|gesellschaft\s+mit\s+beschr{_UMLAUT_A}nkter\s+haftung"
    r"|(?:gesellschaft\s+)?m\.?\s?b\.?\s?h\.?)"
)
_UG = (
    r"(?:UG|(?i:unternehmergesellschaft))"
    rf"(?i:\s*\(\s*haftungsbeschr(?:{_UMLAUT_A}nkt|\.)\s*\)"
    rf"|\s+haftungsbeschr{_UMLAUT_A}nkt|\s*\(hb\))?"
)
_AG = r"(?:AG|(?i:aktiengesellschaft))"
_KGAA = r"(?i:kgaa|kommanditgesellschaft\s+auf\s+aktien)"

# "<base> & Co. <KG|KGaA|OHG>": the base as canonical text, or None to keep the
# base as typed (foreign bases such as "Ltd.").
_COMPOUND_BASES = [
    (_GMBH, "GmbH"),
    (_UG, "UG (haftungsbeschränkt)"),
    (_KGAA, "KGaA"),
    (_AG, "AG"),
    (r"SE", "SE"),
    (r"(?i:stiftung)", "Stiftung"),
    (r"(?i:ltd\.?|limited|b\.\s?v\.|bv|inc\.?|s\.?\s?[aà]\.?\s?r\.?\s?l\.?)", None),
]
_COMPOUND = re.compile(
    r"(?<![^\s,])(?:"
    + "|".join(
        f"(?P<base{i}>{pattern})" for i, (pattern, _c) in enumerate(_COMPOUND_BASES)
    )
    + r")\s*(?:&|\+|(?i:und|u\.))\s*(?i:co)\.?\s*(?P<top>(?i:kgaa|kg|ohg))\.?$"
)
_COMPOUND_TOPS = {"kg": "KG", "kgaa": "KGaA", "ohg": "OHG"}

# Single forms, tried in order: a choice of ours, or "other" with the canonical
# text, or "other" with None to keep the form as typed (foreign forms).
_SINGLE = [
    (rf"(?i:gemeinn{_UMLAUT_U}tzige\s+)" + _GMBH, LegalForm.GGMBH),
    (r"(?i:ggmbh)", LegalForm.GGMBH),
    (r"(?i:partg\s+mbb|partnerschaftsgesellschaft\s+mbb)", "PartG mbB"),
    (r"(?i:ohg\s+mbh)", "OHG mbH"),
    (_GMBH, LegalForm.GMBH),
    (_UG, LegalForm.UG),
    (_KGAA, LegalForm.KGAA),
    (r"(?i:reit-ag)", "REIT-AG"),
    (r"(?i:invag)", "InvAG"),
    (r"(?:gAG)", "gAG"),
    (_AG, LegalForm.AG),
    (r"SE", LegalForm.SE),
    (r"(?:KG|(?i:kommanditgesellschaft))", LegalForm.KG),
    (r"(?:OHG|oHG|(?i:offene\s+handelsgesellschaft))", LegalForm.OHG),
    (r"(?i:egbr)", "eGbR"),
    (
        rf"(?i:gbr|gesellschaft\s+(?:des\s+)?b{_UMLAUT_U}rgerlichen\s+rechts)",
        LegalForm.GBR,
    ),
    (r"(?i:partg|partnerschaftsgesellschaft)", LegalForm.PARTG),
    (
        r"(?:eK|(?i:e\.\s?k(?:fm|fr|ffr)?\.?|eingetragene[r]?\s+kauf(?:mann|frau)))",
        LegalForm.EK,
    ),
    (r"(?:eV|(?i:e\.\s?v\.?|eingetragener\s+verein))", LegalForm.EV),
    (r"(?:eG|(?i:e\.\s?g\.?|eingetragene\s+genossenschaft))", LegalForm.EG),
    (r"(?i:vvag)", "VVaG"),
    (r"(?i:ewiv)", "EWIV"),
    (r"SCE", "SCE"),
    # Austria: the open and the civil-law partnership have names of their own.
    (r"(?:OG|OEG|KEG|(?i:gesn?br|flexkapg))", None),
    # Switzerland (French and Italian GmbH and AG) and other foreign forms.
    (
        r"(?i:s\.?\s?[aà]\.?\s?r\.?\s?l\.?|sagl|s\.\s?a\.|s\.\s?r\.\s?l\.|srl"
        r"|s\.\s?p\.\s?a\.|llc|inc\.?|ltd\.?|limited|plc|corp\.?|b\.\s?v\."
        r"|n\.\s?v\.|a/s|sp\.\s?z\s?o\.\s?o\.|s\.\s?r\.\s?o\.|s\.\s?l\.)",
        None,
    ),
    # Short ones only as written: "Spa", "Oy" or "As" may be words of a name.
    (r"(?:SA|SAS|SpA|BV|NV|AB|AS|ApS|Oy)", None),
]
_SINGLE_PATTERNS = [
    (re.compile(rf"(?<![^\s,])(?:{pattern})$"), result) for pattern, result in _SINGLE
]
_TRAILING = re.compile(r"[\s,;]+$")
_LABELS = {form.value: form.label for form in LegalForm}


def _key(value: str) -> str:
    return "".join(char for char in value.casefold() if char.isalnum())


_COLUMN_ALIASES = {"ug": LegalForm.UG, "ekfm": LegalForm.EK, "ekfr": LegalForm.EK}
_COLUMN_VALUES = {_key(form.value): form.value for form in LegalForm} | {
    key: form.value for key, form in _COLUMN_ALIASES.items()
}


def split_legal_form(name: str, column_value: str = "") -> Split:
    """Separate the legal form from a company name.

    Spelling variants of a form are recognised ("G.m.b.H.", "GmbH&Co.KG",
    "Gesellschaft mit beschränkter Haftung", "UG haftungsbeschränkt", "e.Kfm.")
    and give the form's one value; compound and foreign forms without a choice
    of their own come back as "other" with their text. A value from a
    legal-form column wins; the name then only loses a suffix that says the
    same thing.
    """
    from_name = _split_name(name)
    if not tidy(column_value):
        return from_name

    found = _find(tidy(column_value), whole=True)
    if found:
        form, other = found.legal_form, found.legal_form_other
    else:
        form = _COLUMN_VALUES.get(_key(column_value), LegalForm.OTHER.value)
        other = tidy(column_value) if form == LegalForm.OTHER else ""
    same = from_name.legal_form == form and _key(from_name.legal_form_other) == _key(
        other
    )
    return Split(from_name.name if same else tidy(name), form, other)


def legal_form_conflict(
    name: str, legal_form: str, legal_form_other: str = ""
) -> str | None:
    """A message when the name ends in a legal form other than the stored one.

    Only flags: nothing is changed. A name that ends in the stored form, or in
    no form at all, is no conflict.
    """
    text = tidy(name)
    found = _find(text)
    if not found:
        return None
    if found.legal_form == legal_form and (
        legal_form != LegalForm.OTHER
        or _key(found.legal_form_other) == _key(legal_form_other)
    ):
        return None

    in_name = text[found.start :].strip()
    if not legal_form:
        return _("The name ends in “%(found)s” but no legal form is chosen.") % {
            "found": in_name
        }
    stored = (
        legal_form_other
        if legal_form == LegalForm.OTHER
        else _LABELS.get(legal_form, legal_form)
    )
    return _("The name ends in “%(found)s” but the legal form is %(stored)s.") % {
        "found": in_name,
        "stored": stored,
    }


def _split_name(name: str) -> Split:
    text = tidy(name)
    found = _find(text)
    if not found:
        return Split(text, "", "")
    return Split(
        _trimmed(text[: found.start]), found.legal_form, found.legal_form_other
    )


def _find(text: str, *, whole: bool = False) -> _Found | None:
    """The legal form at the end of text (all of text when whole), or None."""
    body = _trimmed(text)
    for found in chain([_compound(body)], _singles(body)):
        if found is None:
            continue
        if whole and found.start == 0:
            return found
        # A form alone is a name, not a name with a form ("GmbH").
        if not whole and _trimmed(body[: found.start]):
            return found
    return None


def _trimmed(text: str) -> str:
    """text without trailing blanks (NBSP too), commas and semicolons."""
    return _TRAILING.sub("", text)


def _compound(body: str) -> _Found | None:
    match = _COMPOUND.search(body)
    if not match:
        return None
    index = next(i for i in range(len(_COMPOUND_BASES)) if match[f"base{i}"])
    canonical = _COMPOUND_BASES[index][1] or match[f"base{index}"]
    top = _COMPOUND_TOPS[match["top"].casefold()]
    if canonical == "GmbH" and top == "KG":
        return _Found(match.start(), LegalForm.GMBH_CO_KG.value, "")
    return _Found(match.start(), LegalForm.OTHER.value, f"{canonical} & Co. {top}")


def _singles(body: str):
    for pattern, result in _SINGLE_PATTERNS:
        match = pattern.search(body)
        if not match:
            continue
        if isinstance(result, LegalForm):
            yield _Found(match.start(), result.value, "")
        else:
            yield _Found(match.start(), LegalForm.OTHER.value, result or match[0])
