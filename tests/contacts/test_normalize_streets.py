import re

import pytest

from contacts.normalize import split_street, street_fold


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Hauptstr.5a", ("Hauptstr.", "5a")),
        ("Hauptstraße 5 a", ("Hauptstraße", "5a")),
        ("Hauptstraße 5A", ("Hauptstraße", "5A")),
        ("Am Markt 12-14", ("Am Markt", "12-14")),
        ("Am Markt 12 - 14", ("Am Markt", "12-14")),
        ("Lindenallee 3/1", ("Lindenallee", "3/1")),
        ("Hauptstr. 5a-7b", ("Hauptstr.", "5a-7b")),
        ("Straße des 17. Juni 112", ("Straße des 17. Juni", "112")),
        ("Straße des 17. Juni", ("Straße des 17. Juni", "")),
        ("Hauptstraße", ("Hauptstraße", "")),
        ("Hauptstraße, 7", ("Hauptstraße", "7")),
        ("  Weg 4  ", ("Weg", "4")),
        ("Q 7, 1", ("Q 7", "1")),
        ("Q7, 1", ("Q7", "1")),
        ("Q 7", ("Q 7", "")),
        ("12", ("", "12")),
        ("", ("", "")),
        ("   ", ("", "")),
        # Number first, as in France: not split, nothing moved.
        ("12 rue de la Paix", ("12 rue de la Paix", "")),
        # Something after the number: kept whole rather than guessed.
        ("Hauptstr. 5, Hinterhaus", ("Hauptstr. 5, Hinterhaus", "")),
        ("ул. Тверская 7", ("ул. Тверская", "7")),
    ],
)
def test_split(typed, expected):
    assert split_street(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "Hauptstr.5a",
        "Hauptstraße 5 a",
        "Am Markt 12 - 14",
        "Q 7, 1",
        "Straße des 17. Juni 112",
        "Hauptstr. 5, Hinterhaus",
    ],
)
def test_split_loses_only_the_blanks_and_comma_between_the_parts(typed):
    street, number = split_street(typed)

    def visible(text):
        return re.sub(r"\s", "", text)

    assert visible(street + number) in {visible(typed), visible(typed).replace(",", "")}


def test_split_is_fast_on_long_input():
    street, number = split_street("a" * 20_000 + " 1")
    assert (len(street), number) == (20_000, "1")


@pytest.mark.parametrize(
    "spelling",
    [
        "Hauptstr.",
        "Hauptstr",
        "Hauptstrasse",
        "Hauptstraße",
        "HAUPTSTRASSE",
        "Haupt-Straße",
        "Haupt Straße",
        "Hauptstr.5",
        "Hauptstraße 5 a",
        " Hauptstr. 12-14 ",
    ],
)
def test_street_spellings_compare_equal(spelling):
    assert street_fold(spelling) == "hauptstr"


@pytest.mark.parametrize(
    "spelling", ["Lange Str. ", "Lange Straße", "Lange-Strasse", "Langestr."]
)
def test_two_word_street_spellings_compare_equal(spelling):
    assert street_fold(spelling) == "langestr"


def test_umlaut_spellings_meet():
    assert (
        street_fold("Müllerstraße 3") == street_fold("Muellerstrasse") == "muellerstr"
    )


def test_straße_inside_a_word_is_left_alone():
    assert street_fold("Straßenbahnweg") == "strassenbahnweg"


def test_standalone_straße_word():
    assert street_fold("Straße des 17. Juni") == street_fold("Str. des 17. Juni")


def test_different_streets_stay_apart():
    assert street_fold("Hauptstraße") != street_fold("Hauptweg")
    assert street_fold("Am Markt") != street_fold("Marktplatz")


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Rue de la Paix", "ruedelapaix"), ("Bahnhofstrasse 1", "bahnhofstr"), ("", "")],
)
def test_other_languages_and_empty(typed, folded):
    assert street_fold(typed) == folded
