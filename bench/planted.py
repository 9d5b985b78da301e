"""Near-duplicates planted into the benchmark data, with their ground truth.

A planted pair is an original row and a second row for the same person or
company spelt the way people and lists really spell them differently: the
Maier/Mayer/Meyer family, umlauts written out (Müller/Mueller), ß as ss, and
typing errors. The ground truth lets a duplicate check be scored for recall.
"""

import random
from dataclasses import asdict, dataclass

# Surnames that sound alike and are written differently.
FAMILIES = (
    ("Maier", "Mayer", "Meyer", "Meier", "Mayr"),
    ("Müller", "Mueller", "Muller"),
    ("Schmidt", "Schmitt", "Schmid"),
    ("Hoffmann", "Hofmann", "Hoffman"),
    ("Strauß", "Strauss", "Straus"),
    ("Weiß", "Weiss", "Weis"),
    ("Schäfer", "Schaefer", "Schäffer"),
    ("Köhler", "Koehler", "Kohler"),
    ("Wagner", "Waagner"),
    ("Fischer", "Fischerr", "Vischer"),
)
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SPELLED_OUT_UPPER = {"Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


@dataclass(frozen=True)
class PlantedPair:
    """`original` and `duplicate` are primary keys of the same model."""

    model: str
    original: int
    duplicate: int
    kind: str
    original_name: str
    duplicate_name: str

    def as_dict(self) -> dict:
        return asdict(self)


def spelled_out(name: str) -> str:
    """Müller -> Mueller, Strauß -> Strauss, Öztürk -> Oeztuerk."""
    for upper, written in _SPELLED_OUT_UPPER.items():
        name = name.replace(upper, written)
    return name.translate(_SPELLED_OUT)


def typo(name: str, rng: random.Random) -> str:
    """One typing error: two neighbours swapped, a letter dropped or doubled.

    The first letter stays, as it does in most real typing errors; the result
    always differs from the name.
    """
    if len(name) < 4:
        return name + name[-1]
    position = rng.randrange(1, len(name) - 1)
    how = rng.choice(("swap", "drop", "double"))
    if how == "swap" and name[position] != name[position + 1]:
        chars = list(name)
        chars[position], chars[position + 1] = chars[position + 1], chars[position]
        return "".join(chars)
    if how == "drop":
        return name[:position] + name[position + 1 :]
    return name[: position + 1] + name[position:]


def family_of(name: str) -> tuple[str, ...] | None:
    for family in FAMILIES:
        if name in family:
            return family
    return None


def variant(name: str, rng: random.Random) -> tuple[str, str]:
    """(another spelling of the name, which kind of variant it is)."""
    family = family_of(name)
    if family and rng.random() < 0.6:
        return rng.choice([other for other in family if other != name]), "phonetic"
    written = spelled_out(name)
    if written != name and rng.random() < 0.7:
        return written, "umlaut"
    return typo(name, rng), "typo"


def family_name(rng: random.Random) -> str:
    """An original surname that has look-alikes, to plant a pair on."""
    return rng.choice(rng.choice(FAMILIES))
