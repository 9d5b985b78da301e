"""Stored, comparison and search forms of free text."""

import re
import unicodedata

# Straight quotes are what people type on a keyboard; the curly ones come in
# from word processors and e-mail signatures and must compare the same.
_SINGLE_QUOTES = (
    "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02bc\u00b4\u0060\uff07"
)
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        # A soft hyphen is invisible; "Müller\xadLüdenscheidt" is one word.
        "\u00ad": None,
    }
)
# Python's \s covers NBSP, narrow NBSP, thin space and the other Unicode spaces.
_WHITESPACE = re.compile(r"\s+")

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Letters that are not a base letter plus a combining mark, so NFKD leaves them.
_LATIN_EXTRA = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
    }
)


def tidy(value: str) -> str:
    """What is stored: NFC without surrounding whitespace, otherwise as typed."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Comparison form: case, quotes, dashes and spacing no longer matter."""
    folded = unicodedata.normalize("NFC", value).casefold().translate(_FOLD_TABLE)
    return _WHITESPACE.sub(" ", folded).strip()


def search_fold(value: str) -> str:
    """Search form: fold() with German transliteration and without accents.

    "Straße" and "Strasse", "Müller" and "Mueller" give the same value, in
    Python, so a stored search column behaves alike on SQLite and PostgreSQL.
    """
    german = fold(value).translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", german)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = unicodedata.normalize("NFC", plain).translate(_LATIN_EXTRA)
    return _WHITESPACE.sub(" ", plain).strip()
