"""Trigram similarity of two names, as PostgreSQL's pg_trgm computes it.

PostgreSQL ranks candidates with pg_trgm in the database; SQLite has no such
function, so the same measure is computed here. Both work on the folded name
keys (lower case, umlauts spelt out), where pg_trgm's idea of a word
(runs of letters and digits) and this one agree.
"""

import re

_WORD = re.compile(r"[^\W_]+")


def trigrams(value: str) -> set[str]:
    grams = set()
    for word in _WORD.findall(value.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams of both: 1.0 for the same words."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
