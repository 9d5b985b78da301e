"""Normalisers and validators used by forms, services and the importer alike.

Each returns what is stored or compared and never drops what the user typed.
"""

from contacts.normalize.phonetics import cologne, name_sound
from contacts.normalize.text import fold, search_fold, tidy

__all__ = [
    "cologne",
    "fold",
    "name_sound",
    "search_fold",
    "tidy",
]
