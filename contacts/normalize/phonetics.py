"""Kölner Phonetik (Hans Joachim Postel, 1969) for German names."""

import functools

from contacts.normalize.text import search_fold

_SIMPLE = {
    **dict.fromkeys("aeijouy", "0"),
    "b": "1",
    **dict.fromkeys("fvw", "3"),
    **dict.fromkeys("gkq", "4"),
    "l": "5",
    **dict.fromkeys("mn", "6"),
    "r": "7",
    **dict.fromkeys("sz", "8"),
}
_C_HARD_AT_START = set("ahkloqrux")
_C_HARD = set("ahkoqux")


def _letters(word: str) -> str:
    """The word's letters a-z, lower case; everything else is dropped.

    search_fold() writes "ä" as "ae" and "ß" as "ss": both letters of each pair
    code the same and collapse, so umlauts count as vowels and ß as an s.
    """
    return "".join(c for c in search_fold(word) if "a" <= c <= "z")


def _code(previous: str, letter: str, following: str) -> str:
    if letter in _SIMPLE:
        return _SIMPLE[letter]
    if letter == "h":
        return ""
    if letter == "p":
        return "3" if following == "h" else "1"
    if letter in "dt":
        return "8" if following in ("c", "s", "z") else "2"
    if letter == "x":
        return "8" if previous in ("c", "k", "q") else "48"
    # letter == "c"
    if not previous:
        return "4" if following in _C_HARD_AT_START else "8"
    if previous in ("s", "z"):
        return "8"
    return "4" if following in _C_HARD else "8"


def cologne(word: str) -> str:
    """Kölner Phonetik code of one word: "Müller" → "657", "hoffmann" → "0366".

    Non-letters are ignored. Equal neighbouring codes are collapsed (an
    ignored "h" does not separate them), then every "0" except a leading one
    is removed.
    """
    letters = _letters(word)
    raw = "".join(
        _code(
            letters[i - 1] if i else "",
            letter,
            letters[i + 1] if i + 1 < len(letters) else "",
        )
        for i, letter in enumerate(letters)
    )
    collapsed = "".join(
        digit for i, digit in enumerate(raw) if i == 0 or digit != raw[i - 1]
    )
    return collapsed[:1] + collapsed[1:].replace("0", "")


# Surnames repeat: an import codes every person's and company's name (#5).
@functools.lru_cache(maxsize=8192)
def name_sound(name: str) -> str:
    """Sound code of a whole name, for finding duplicates.

    Hyphens, spaces, apostrophes and every other non-letter are dropped and
    the rest is coded as ONE word, so "Müller-Lüdenscheidt", "Müller
    Lüdenscheidt" and "MüllerLüdenscheidt" all give 65752682 and a name keeps
    its code however its parts are joined. Letters outside the Latin script
    give no code; an empty or letterless name gives "".
    """
    return cologne(name)
