"""VAT identification numbers, checked with python-stdnum."""

import re
from typing import NamedTuple

from django.utils.translation import gettext as _
from django_countries import countries
from stdnum.ch import uid as ch_uid
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.gb import vat as gb_vat
from stdnum.util import clean

from contacts import validators
from contacts.normalize.text import tidy

# The Swiss number is the company's UID; "MWST", "TVA" and "IVA" are the same
# suffix in three languages, so it is left out of the stored form.
_SWISS = re.compile(r"CHE(\d{9})(?:MWST|TVA|IVA)?")
_EU_PREFIXES = {cc.upper() for cc in eu_vat.MEMBER_STATES} - {"GR"} | {"EL"}

# VAT prefixes that are not the ISO code of the country.
_COUNTRY = {"EL": "GR", "XI": "GB"}


class Vat(NamedTuple):
    compact: str
    error: str | None


def parse_vat(raw: str) -> Vat:
    """Compact form of a VAT ID and why it is wrong, if it is.

    EU member states (Greece as "EL"; a "GR" prefix is rewritten to "EL", the
    prefix the EU uses), Northern Ireland ("XI"), Switzerland ("CHE-…") and
    the United Kingdom ("GB") are checked, check digit included. The compact
    form is returned even when there is an error, so nothing typed is lost.
    """
    if not tidy(raw):
        return Vat("", None)
    invisible = validators.forbidden_character_error(raw)
    if invisible:
        return Vat(tidy(raw), invisible)

    compact = clean(tidy(raw), " -./,:").upper()
    if compact.startswith("GR"):
        compact = "EL" + compact[2:]
    swiss = _SWISS.fullmatch(compact)
    if swiss:
        compact = "CHE" + swiss[1]
        return Vat(compact, _check(ch_uid.validate, compact))
    if compact[:2] == "GB":
        return Vat(compact, _check(gb_vat.validate, compact))
    if compact[:2] in _EU_PREFIXES:
        compact = eu_vat.compact(compact)
        return Vat(compact, _check(eu_vat.validate, compact))
    if compact.startswith("CH"):
        return Vat(compact, _("A Swiss VAT ID looks like CHE-123.456.788 MWST."))
    if not compact[:2].isalpha():
        return Vat(compact, _prefix_missing(compact))
    return Vat(
        compact,
        _(
            "VAT IDs can be checked for EU countries, Switzerland and the United "
            "Kingdom; %(prefix)s is not one of their country codes."
        )
        % {"prefix": compact[:2]},
    )


def _prefix_missing(compact: str) -> str:
    message = _("A VAT ID starts with its country code, e.g. DE123456789.")
    if eu_vat.is_valid("DE" + compact):
        message += " " + _("Did you mean %(vat)s?") % {"vat": "DE" + compact}
    return message


def _check(validate, compact: str) -> str | None:
    try:
        validate(compact)
    except InvalidChecksum:
        return _(
            "The check digit of this VAT ID does not match; please look for a typo."
        )
    except ValidationError:
        return _("This VAT ID has the wrong length or format for %(country)s.") % {
            "country": countries.name(_COUNTRY.get(compact[:2], compact[:2]))
        }
    return None
