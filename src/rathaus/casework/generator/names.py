"""Fictitious applicants: common German given and family names, drawn by a skewed weight.

The names are frequent in Germany, the people they make are invented. The weights fall with
the rank (1/√rank, as real name frequencies fall): "Müller" is the family name of about 6 %
of the applicants, "von der Heide" of 0.7 %; "Maria" the given name of 7 %. A name search
then meets both many and few matches.
"""

from __future__ import annotations

import random
from functools import lru_cache
from itertools import accumulate

from rathaus.casework.blind_index import name_digests

GIVEN = (
    "Maria",
    "Thomas",
    "Anna",
    "Michael",
    "Ursula",
    "Andreas",
    "Sabine",
    "Peter",
    "Monika",
    "Stefan",
    "Petra",
    "Wolfgang",
    "Claudia",
    "Klaus",
    "Susanne",
    "Jürgen",
    "Karin",
    "Frank",
    "Andrea",
    "Christian",
    "Birgit",
    "Uwe",
    "Gabriele",
    "Markus",
    "Renate",
    "Bernd",
    "Heike",
    "Jörg",
    "Erika",
    "Matthias",
    "Kerstin",
    "Martin",
    "Nicole",
    "Dieter",
    "Katrin",
    "Torsten",
    "Julia",
    "Tobias",
    "Lea",
    "Lukas",
    "Sophie",
    "Jonas",
    "Hannah",
    "Leon",
    "Emma",
    "Finn",
    "Mia",
    "Paul",
    "Özlem",
    "Mehmet",
    "Ayşe",
    "Björn",
    "Käthe",
    "Günter",
    "Jürgen-Peter",
    "Anne-Marie",
    "Zoë",
    "Fatma",
    "Dominik",
    "Chantal",
)
FAMILY = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Yılmaz",
    "Kaya",
    "Nowak",
    "Müller-Lüdenscheidt",
    "von der Heide",
)


def _cumulative(count: int) -> list[float]:
    return list(accumulate(1 / (rank**0.5) for rank in range(1, count + 1)))


_GIVEN_WEIGHTS = _cumulative(len(GIVEN))
_FAMILY_WEIGHTS = _cumulative(len(FAMILY))


def applicant_draw(rng: random.Random) -> tuple[str, str]:
    """A fictitious (given name, family name), common names more often."""
    given = rng.choices(GIVEN, cum_weights=_GIVEN_WEIGHTS)[0]
    family = rng.choices(FAMILY, cum_weights=_FAMILY_WEIGHTS)[0]
    return given, family


@lru_cache(maxsize=8192)
def applicant_digests(name: str) -> tuple[str, ...]:
    """The blind-index digests of a name, computed once per distinct name."""
    return tuple(sorted(name_digests(name)))
