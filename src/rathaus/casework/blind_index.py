"""The blind index of applicant names: keyed hashes of folded name words.

A name is split into words, each folded (lower case, umlauts spelt out: "Müller" → "mueller")
and hashed with HMAC-SHA256 under a key derived by HKDF from RATHAUS_SEARCH_INDEX_KEY (or the
secret key). The database holds only the hashes; a search hashes the searched word the same way
and compares exactly. Without the key the hashes tell nothing; with it only a guessed word can be
confirmed, which is what a search does anyway.

Each pair of a name's words is hashed too ("anna+mueller"): a search for two words then reads
the cases that have both, however common each word is alone. A pair's hash says no more than
its two words' hashes already say together. A name of more than PAIRED_WORDS words (there are
hardly any) gets a marker instead of its many pairs, and a search reads those cases word by word.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from itertools import combinations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from rathaus.common.text import fold

_WORD = re.compile(r"[a-z0-9]+")
MIN_LENGTH = 2  # single letters (initials) would match too many
PAIRED_WORDS = 8  # up to 28 pairs; a longer name gets MANY_WORDS instead
# neither a pair ("a+b") nor the marker can be a word: words are [a-z0-9]+
MANY_WORDS = "*many"


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"rathaus casework applicant index"
    ).derive(secret.encode())


def _index_key() -> bytes:
    return _key(settings.RATHAUS_SEARCH_INDEX_KEY or settings.SECRET_KEY)


def name_words(text: str) -> set[str]:
    """The folded words of a name worth indexing: 'Dr. Anna Müller-Lüdenscheidt' → 4 words."""
    return {word for word in _WORD.findall(fold(text)) if len(word) >= MIN_LENGTH}


def word_digest(word: str) -> str:
    """The keyed hash of one folded word (hex)."""
    return hmac.new(_index_key(), word.encode(), hashlib.sha256).hexdigest()


def pair_digest(one: str, other: str) -> str:
    """The keyed hash of two folded words of one name, in either order."""
    return word_digest("+".join(sorted((one, other))))


def name_digests(text: str) -> set[str]:
    """The hashes of every indexable word of a name and of every pair of them."""
    words = name_words(text)
    digests = {word_digest(word) for word in words}
    if len(words) > PAIRED_WORDS:
        return digests | {word_digest(MANY_WORDS)}
    return digests | {pair_digest(one, other) for one, other in combinations(words, 2)}
