import pytest
from django.utils import translation

from contacts.normalize import tidy_postal_code
from contacts.validators import postal_code_error


@pytest.mark.parametrize(
    ("country", "typed", "tidied"),
    [
        ("DE", "01067", "01067"),
        ("DE", " 01067 ", "01067"),
        ("DE", "01 067", "01067"),
        ("DE", "D-01067", "01067"),
        ("DE", "DE-01067", "01067"),
        ("DE", "d - 01067", "01067"),
        ("AT", "A-1010", "1010"),
        ("AT", "AT-1010", "1010"),
        ("CH", "CH-8001", "8001"),
        ("NL", "1234ab", "1234 AB"),
        ("NL", "NL-1234 ab", "1234 AB"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("GB", "m1  1aa", "M1 1AA"),
        ("PL", "00950", "00-950"),
        ("CZ", "11000", "110 00"),
        ("FR", "F-75001", "75001"),
        ("US", "95014", "95014"),
    ],
)
def test_tidy(country, typed, tidied):
    assert tidy_postal_code(country, typed) == tidied


def test_prefix_of_another_country_is_kept():
    # "D-" is not stripped from an Austrian code; the error then says why.
    assert tidy_postal_code("AT", "D-1010") == "D-1010"


@pytest.mark.parametrize(
    ("country", "typed"),
    [("DE", "1067"), ("DE", "010677"), ("NL", "12345"), ("DE", "abc"), ("", " x ")],
)
def test_tidy_never_adds_or_drops_a_digit(country, typed):
    tidied = tidy_postal_code(country, typed)
    assert [c for c in tidied if c.isdigit()] == [c for c in typed if c.isdigit()]


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("DE", "01067"),
        ("DE", "99998"),
        ("DE", "D-01067"),
        ("AT", "1010"),
        ("CH", "8001"),
        ("NL", "1234 AB"),
        ("NL", "1234ab"),
        ("GB", "SW1A 1AA"),
        ("FR", "75001"),
        ("PL", "00-950"),
        ("US", "22162-1010"),
        # No postal codes in Hong Kong's address data: anything goes.
        ("HK", "whatever"),
        ("DE", ""),
        ("", "12"),
    ],
)
def test_accepted(country, code):
    assert postal_code_error(country, code) is None


@pytest.mark.parametrize(
    ("country", "code", "says"),
    [
        ("DE", "0106", "five digits"),
        ("DE", "010677", "five digits"),
        ("DE", "O1067", "five digits"),
        ("DE", "00123", "never starts with 00"),
        ("AT", "10100", "four digits"),
        ("AT", "0100", "never starts with 0"),
        ("CH", "800", "four digits"),
        ("NL", "0123 AB", "look like 1234 AB"),
        ("GB", "12345", "United Kingdom"),
        ("FR", "7500", "France"),
    ],
)
def test_refused_with_a_reason(country, code, says):
    with translation.override("en"):
        assert says in str(postal_code_error(country, code))


def test_lost_leading_zero_is_suggested_not_added():
    with translation.override("en"):
        message = str(postal_code_error("DE", "1067"))
    assert "leading zero" in message
    assert tidy_postal_code("DE", "1067") == "1067"


def test_messages_are_german_by_default():
    with translation.override("de"):
        assert "Postleitzahl" in str(postal_code_error("DE", "00123"))
        assert "Land: Niederlande" in str(postal_code_error("NL", "12"))


def test_country_object_from_django_countries_works(db):
    from tests.factories import AddressFactory

    address = AddressFactory.build(country="AT", postal_code="1010")
    assert postal_code_error(address.country, "1010") is None
    assert postal_code_error(address.country, "01010") is not None


def test_the_reason_speaks_the_language_of_each_reader():
    """The tidy form is cached for imports; the reason must not be, or the
    first reader's language would be every later reader's."""
    with translation.override("en"):
        english = str(postal_code_error("NL", "12345"))
    with translation.override("de"):
        german = str(postal_code_error("NL", "12345"))

    assert "Netherlands" in english
    assert "Niederlande" in german
