import pytest
from django.utils import translation

from contacts.normalize import Vat, parse_vat


@pytest.mark.parametrize(
    ("typed", "compact"),
    [
        ("DE 136 695 976", "DE136695976"),
        ("de136695976", "DE136695976"),
        ("DE-136.695.976", "DE136695976"),
        ("ATU13585627", "ATU13585627"),
        ("FR 40 303 265 045", "FR40303265045"),
        ("NL 004495445B01", "NL004495445B01"),
        ("EL 094259216", "EL094259216"),
        ("XI 123456782", "XI123456782"),
        ("GB 980 7806 84", "GB980780684"),
        ("CHE-116.281.710 MWST", "CHE116281710"),
        ("CHE-116.281.710 TVA", "CHE116281710"),
        ("CHE-116.281.710", "CHE116281710"),
    ],
)
def test_valid_ids_in_compact_form(typed, compact):
    assert parse_vat(typed) == Vat(compact, None)


def test_greek_gr_prefix_is_written_as_el():
    assert parse_vat("GR094259216") == Vat("EL094259216", None)


@pytest.mark.parametrize("typed", ["", "  "])
def test_blank(typed):
    assert parse_vat(typed) == Vat("", None)


@pytest.mark.parametrize(
    ("typed", "compact"),
    [("DE 136 695 975", "DE136695975"), ("CHE-116.281.711 MWST", "CHE116281711")],
)
def test_wrong_check_digit_says_so_and_keeps_the_number(typed, compact):
    with translation.override("en"):
        result = parse_vat(typed)
    assert result.compact == compact
    assert "check digit" in result.error


def test_wrong_length_names_the_country():
    with translation.override("en"):
        result = parse_vat("DE 12345")
    assert result == Vat("DE12345", result.error)
    assert "wrong length or format for Germany" in result.error


def test_missing_country_code_suggests_the_german_id_when_it_fits():
    with translation.override("en"):
        suggested = parse_vat("136695976").error
        plain = parse_vat("123").error
    assert "starts with its country code" in suggested
    assert "DE136695976" in suggested
    assert "starts with its country code" in plain
    assert "Did you mean" not in plain


def test_unknown_country_is_refused_and_kept():
    with translation.override("en"):
        result = parse_vat("NO 974760673 MVA")
    assert result.compact == "NO974760673MVA"
    assert "NO is not one of their country codes" in result.error


def test_swiss_without_che_is_explained():
    with translation.override("en"):
        assert "CHE-123.456.788" in parse_vat("CH 116281710").error


def test_message_is_german_by_default():
    with translation.override("de"):
        assert "Prüfziffer" in parse_vat("DE136695975").error


def test_invisible_character_is_named_not_called_a_wrong_format():
    with translation.override("en"):
        result = parse_vat("DE 136 695 976\u200b")
    assert result.compact == "DE 136 695 976\u200b"
    assert "ZERO WIDTH SPACE" in result.error
