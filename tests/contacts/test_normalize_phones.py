import pytest
from django.utils import translation

from contacts.normalize import (
    Phone,
    parse_phone,
    phone_display,
    phone_e164,
    phone_problem,
)


@pytest.mark.parametrize(
    "typed",
    [
        "+49 (0)30 1234567",
        "0049 30 1234567",
        "030/1234567",
        "(030) 1234567",
        "030 123 45 67",
        "+49-30-1234567",
        " 030 1234567\u00a0",
    ],
)
def test_german_spellings_become_one_e164_number(typed):
    assert parse_phone(typed) == Phone("+49301234567", "030 1234567", True)


def test_mobile_number():
    assert parse_phone("0171 / 123 45 67") == Phone(
        "+491711234567", "0171 1234567", True
    )


def test_foreign_number_is_shown_in_international_format():
    assert parse_phone("+33 1 42 68 53 00") == Phone(
        "+33142685300", "+33 1 42 68 53 00", True
    )
    assert parse_phone("0044 20 7946 0958").e164 == "+442079460958"


def test_region_decides_how_a_national_number_is_read_and_shown():
    assert parse_phone("044 668 18 00", region="CH") == Phone(
        "+41446681800", "044 668 18 00", True
    )
    assert parse_phone("+49 30 1234567", region="AT").display == "+49 30 1234567"


@pytest.mark.parametrize(
    "typed", ["abc", "123", "+4930", "030 1234567 ext. 12", "0" * 300, "☎ Zentrale"]
)
def test_bad_number_is_kept_as_typed_and_flagged(typed):
    assert parse_phone(f"  {typed} ") == Phone("", typed, False)


@pytest.mark.parametrize("typed", ["", "   ", "\u00a0"])
def test_blank_is_no_number_and_no_problem(typed):
    assert parse_phone(typed) == Phone("", "", True)
    assert phone_problem(typed) is None


def test_problem_says_why():
    with translation.override("en"):
        assert phone_problem("030 1234567") is None
        assert "does not look like a phone number" in phone_problem("abc")
        assert "area code" in phone_problem("+4930")
        assert "extension" in phone_problem("030 1234567 ext. 12")


def test_problem_is_translated():
    with translation.override("de"):
        assert "Vorwahl" in phone_problem("+4930")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+49301234567", "030 1234567"),
        ("+41446681800", "+41 44 668 18 00"),
        ("030 1234567", "030 1234567"),
        ("kaputt", "kaputt"),
        ("+4930", "+4930"),
        ("", ""),
    ],
)
def test_display_of_stored_values(stored, shown):
    assert phone_display(stored) == shown


def test_display_for_another_home_region():
    assert phone_display("+41446681800", region="CH") == "044 668 18 00"


def test_a_number_without_country_or_trunk_prefix_is_not_read_as_german():
    assert parse_phone("229.077.5154") == Phone("", "229.077.5154", False)


def test_region_may_be_lower_case_or_a_country_object():
    from django_countries.fields import Country

    assert parse_phone("044 668 18 00", region="ch").e164 == "+41446681800"
    assert parse_phone("044 668 18 00", region=Country("CH")).display == (
        "044 668 18 00"
    )


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("030/1234567", "DE"),
        ("0171 / 123 45 67", "DE"),
        ("044 668 18 00", "CH"),
        ("044 668 18 00", "DE"),
        ("+33 1 42 68 53 00", "DE"),
        ("030 1234567 ext. 12", "DE"),
        ("229.077.5154", "DE"),
        ("abc", "DE"),
        ("", "DE"),
    ],
)
def test_e164_alone_is_what_parse_phone_stores(typed, region):
    """The import's shortcut gives the same stored form; "" where parse_phone
    keeps the number as typed."""
    assert phone_e164(typed, region=region) == parse_phone(typed, region=region).e164


def test_e164_cache_keeps_regions_apart():
    assert phone_e164("044 668 18 00", region="DE") == "+49446681800"
    assert phone_e164("044 668 18 00", region="CH") == "+41446681800"
