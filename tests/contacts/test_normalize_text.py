import unicodedata

import pytest

from contacts.normalize import fold, search_fold, tidy
from contacts.validators import forbidden_character

DECOMPOSED_MUELLER = "Mu\u0308ller"


class TestTidy:
    def test_strips_surrounding_whitespace_of_every_kind(self):
        assert tidy(" \u00a0\tMüller GmbH\u202f\n") == "Müller GmbH"

    def test_composes_to_nfc(self):
        assert tidy(DECOMPOSED_MUELLER) == "Müller"
        assert unicodedata.is_normalized("NFC", tidy(DECOMPOSED_MUELLER))

    def test_keeps_inner_spacing_quotes_dashes_and_case(self):
        typed = "„Lange“  Straße – Nord\u00a0Süd"
        assert tidy(typed) == typed

    @pytest.mark.parametrize("value", ["", "   ", "\u00a0\u2009"])
    def test_empty_and_blank_become_empty(self, value):
        assert tidy(value) == ""


class TestFold:
    def test_case_and_composition_do_not_matter(self):
        assert fold(DECOMPOSED_MUELLER) == fold("MÜLLER") == "müller"

    @pytest.mark.parametrize(
        "typed",
        [
            "O’Brien",
            "O‘Brien",
            "O‛Brien",
            "O′Brien",
            "O´Brien",
            "O`Brien",
            "OʼBrien",
        ],
    )
    def test_apostrophes_become_straight(self, typed):
        assert fold(typed) == "o'brien"

    @pytest.mark.parametrize(
        "typed", ["„Zur Post“", "“Zur Post”", "«Zur Post»", "″Zur Post″"]
    )
    def test_double_quotes_become_straight(self, typed):
        assert fold(typed) == '"zur post"'

    @pytest.mark.parametrize("dash", list("\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))
    def test_dashes_become_hyphen_minus(self, dash):
        assert fold(f"Müller{dash}Lüdenscheidt") == "müller-lüdenscheidt"

    def test_every_whitespace_run_becomes_one_space(self):
        assert fold("  Haus\u00a0am\u202fSee \u2009\t Nord  ") == "haus am see nord"

    def test_soft_hyphen_is_dropped(self):
        assert fold("Müller\u00adLüdenscheidt") == "müllerlüdenscheidt"

    def test_sharp_s_folds_like_casefold(self):
        assert fold("Straße") == fold("STRASSE") == "strasse"
        assert fold("GROẞ") == "gross"

    def test_letters_and_digits_otherwise_unchanged(self):
        assert fold("Crème 3a") == "crème 3a"

    @pytest.mark.parametrize("value", ["", "  ", "\u00a0"])
    def test_blank_folds_to_empty(self, value):
        assert fold(value) == ""

    def test_mixed_scripts_keep_their_letters(self):
        assert fold("Москва ТОВ & Co") == "москва тов & co"

    def test_very_long_value(self):
        assert fold("Ä " * 10_000) == " ".join(["ä"] * 10_000)


class TestSearchFold:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Straße", "Strasse"),
            ("Müller", "Mueller"),
            ("MÜLLER", "mueller"),
            ("Größe", "Groesse"),
            ("Bäcker", "Baecker"),
            ("GROẞ", "gross"),
            (DECOMPOSED_MUELLER, "Mueller"),
        ],
    )
    def test_german_spellings_meet(self, a, b):
        assert search_fold(a) == search_fold(b)

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Crème Brûlée", "creme brulee"),
            ("Łódź", "lodz"),
            ("Ærø", "aero"),
            ("Øresund", "oresund"),
            ("Straße des 17. Juni", "strasse des 17. juni"),
            ("São Paulo", "sao paulo"),
            ("Dvořák", "dvorak"),
        ],
    )
    def test_other_diacritics_removed(self, typed, expected):
        assert search_fold(typed) == expected

    def test_folds_quotes_dashes_and_spacing_too(self):
        assert search_fold(" „Müller“\u00a0–  Söhne ") == '"mueller" - soehne'

    def test_non_latin_scripts_are_kept(self):
        assert search_fold("Москва") == "москва"

    @pytest.mark.parametrize("value", ["", " \u00a0 "])
    def test_blank_is_empty(self, value):
        assert search_fold(value) == ""

    def test_plain_umlaut_free_spelling_does_not_meet(self):
        # "Muller" is a different spelling; the sound code finds it, not search.
        assert search_fold("Muller") != search_fold("Müller")


class TestForbiddenCharacter:
    @pytest.mark.parametrize(
        "char",
        [
            *(chr(c) for c in range(0x202A, 0x202F)),
            *(chr(c) for c in range(0x2066, 0x206A)),
            "\u200e",
            "\u200f",
            "\u061c",
        ],
    )
    def test_bidirectional_controls_are_refused_by_name(self, char):
        assert forbidden_character(f"Mayer{char}GmbH") == unicodedata.name(char)

    @pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
    def test_nul_and_other_control_characters_are_refused(self, char):
        assert forbidden_character(f"Mayer{char}") == f"U+{ord(char):04X}"

    def test_line_breaks_only_where_text_may_have_lines(self):
        assert forbidden_character("Zeile 1\nZeile 2") == "U+000A"
        assert forbidden_character("Zeile 1\r\nZeile 2\t", multiline=True) is None
        assert forbidden_character("Zeile\x00", multiline=True) == "U+0000"

    @pytest.mark.parametrize(
        "value", ["Müller\u00a0GmbH", "„Zitat“ – Ende", "Москва", "東京", ""]
    )
    def test_visible_text_passes(self, value):
        assert forbidden_character(value) is None
