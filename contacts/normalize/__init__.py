"""Normalisers and validators used by forms, services and the importer alike.

Each returns what is stored or compared and never drops what the user typed.
"""

from contacts.normalize.emails import email_domain, email_error
from contacts.normalize.phones import (
    Phone,
    parse_phone,
    phone_display,
    phone_e164,
    phone_problem,
)
from contacts.normalize.phonetics import cologne, name_sound
from contacts.normalize.postal import tidy_postal_code
from contacts.normalize.streets import split_street, street_fold
from contacts.normalize.text import fold, search_fold, tidy
from contacts.normalize.vat import Vat, parse_vat
from contacts.normalize.web import domain_fold, website_domain

__all__ = [
    "Phone",
    "Vat",
    "cologne",
    "domain_fold",
    "email_domain",
    "email_error",
    "fold",
    "name_sound",
    "parse_phone",
    "phone_e164",
    "parse_vat",
    "phone_display",
    "phone_problem",
    "search_fold",
    "split_street",
    "street_fold",
    "tidy",
    "tidy_postal_code",
    "website_domain",
]
