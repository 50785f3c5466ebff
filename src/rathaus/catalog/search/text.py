"""Word-level analysis shared by documents and queries: folding, splitting, stopwords, stems."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import Stemmer
import yaml

from rathaus.common.text import fold

# Folded text only has a-z and digits left; everything else separates words, so
# "Kfz-Ummeldung" becomes two words and "Online-Funktion" too.
_WORD = re.compile(r"[a-z0-9]+")
# Longer "words" are pasted junk, not German compounds; cut them to keep matching cheap.
MAX_WORD_LENGTH = 40

_german = Stemmer.Stemmer("german")
# PyStemmer's own cache evicts at random and costs more than it saves; stem() has its own.
_german.maxCacheSize = 0


def words(text: str) -> list[str]:
    """Folded words of a text, in order: 'Führerschein-Ersatz' → ['fuehrerschein', 'ersatz']."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(text))]


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """The German Snowball stem of a folded word ('gebuehren' → 'gebuhr')."""
    result: str = _german.stemWord(word)
    return result


@cache
def stopwords() -> frozenset[str]:
    """German and English words that carry no meaning for finding a service (folded)."""
    text = resources.files("rathaus.catalog.search").joinpath("data/stopwords.yaml").read_text()
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError("stopwords.yaml: expected 'language: space-separated words'")
    return frozenset(word for value in data.values() for word in words(value))


@lru_cache(maxsize=1 << 14)
def content_words(text: str) -> tuple[str, ...]:
    """The folded words of a text without stopwords (the catalogue repeats its texts a lot)."""
    drop = stopwords()
    return tuple(word for word in words(text) if word not in drop)


# Negations are stopwords on their own but change what a phrase means: "kein Geld",
# "nicht verheiratet", "ohne Trauschein". Lexicon phrases and queries keep them.
NEGATIONS = frozenset(
    {
        *("kein", "keine", "keinen", "keinem", "keiner", "keines", "nicht", "nichts", "ohne"),
        *("no", "not", "without", "never"),
    }
)


@lru_cache(maxsize=1 << 12)
def phrase_words(text: str) -> tuple[str, ...]:
    """Content words plus negations, for matching lexicon phrases."""
    drop = stopwords() - NEGATIONS
    return tuple(word for word in words(text) if word not in drop)
