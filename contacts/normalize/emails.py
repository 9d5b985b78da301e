"""E-mail addresses: Django's check, no invisible characters, IDN welcome."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from contacts import validators
from contacts.normalize.text import tidy
from contacts.normalize.web import domain_fold

_validate_email = EmailValidator()


def email_error(value: str) -> str | None:
    """Why an e-mail address cannot be stored, or None; blank is not an error.

    Internationalised domains ("info@müller.de") pass, as Django's validator
    checks their punycode form. The part before the "@" must be ASCII, which
    is what mail servers accept without SMTPUTF8.
    """
    if not value:
        return None
    invisible = validators.forbidden_character_error(value)
    if invisible:
        return invisible
    try:
        _validate_email(tidy(value))
    except ValidationError as error:
        return error.messages[0]
    return None


def email_domain(value: str) -> str:
    """Domain of an e-mail address in domain_fold() form, or "" when none."""
    _local, at, domain = tidy(value).rpartition("@")
    return domain_fold(domain) if at else ""
