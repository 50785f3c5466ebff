"""Text folding shared by search and place lookup."""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})


def fold(text: str) -> str:
    """Lower-case, umlauts spelt out, other accents removed: 'Gießen' → 'giessen'."""
    folded = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
