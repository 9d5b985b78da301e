import pytest
from django.utils import translation

from contacts.normalize import email_domain, email_error


@pytest.mark.parametrize(
    "value",
    [
        "info@example.de",
        "vorname.nachname+crm@firma-gmbh.de",
        "info@müller.de",
        "kontakt@xn--mller-kva.de",
        "sales@例え.jp",
        "",
    ],
)
def test_accepted(value):
    assert email_error(value) is None


@pytest.mark.parametrize(
    "value",
    ["info", "info@", "@firma.de", "info@firma", "in fo@firma.de", "jörg@firma.de"],
)
def test_refused_by_djangos_rules(value):
    with translation.override("en"):
        assert email_error(value) == "Enter a valid email address."


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("info\u200b@firma.de", "ZERO WIDTH SPACE"),
        ("info@firma.de\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("info\x00@firma.de", "U+0000"),
    ],
)
def test_invisible_characters_refused_with_their_name(value, name):
    with translation.override("en"):
        message = email_error(value)
    assert "invisible or control character" in message
    assert name in message


def test_message_is_german_by_default():
    with translation.override("de"):
        assert "E-Mail-Adresse" in email_error("info@firma")


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("Info@Example.DE", "example.de"),
        ("info@müller.de", "müller.de"),
        ("info@xn--mller-kva.de", "müller.de"),
        ("info@MÜLLER.de.", "müller.de"),
        ("a@b@firma.de", "firma.de"),
        (" info@firma.de ", "firma.de"),
        ("keine", ""),
        ("", ""),
    ],
)
def test_domain_is_one_lower_case_unicode_form(value, domain):
    assert email_domain(value) == domain
