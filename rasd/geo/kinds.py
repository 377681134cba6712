"""Place kinds and how they rank: the one place that says which kind of place says more.

Two questions, two rankings:
- *specificity*: how closely a place of this kind locates an event (a site inside a town, a
  town inside a district, a district inside a governorate). Extraction keeps the most specific
  place a report names.
- *likelihood*: which kind a name most likely means when it names several places ("Basra" the
  city rather than the governorate, "Amarah" the town rather than its district).
"""

from __future__ import annotations

#: How closely a place of each kind locates an event; kinds not listed say nothing (0).
#: A *locality* is a village or neighbourhood the text names but no gazetteer lists.
SPECIFICITY: dict[str, float] = {"site": 4, "locality": 3.5, "town": 3, "district": 2.5, "governorate": 0, "country": 0}

#: Which kind an ambiguous name most likely means; kinds not listed come last (0).
LIKELIHOOD: dict[str, int] = {"town": 3, "site": 3, "governorate": 2, "country": 2, "district": 1}


def specificity(kind: str) -> float:
    """How closely a place of ``kind`` locates an event (see ``SPECIFICITY``)."""
    return SPECIFICITY.get(kind, 0)


def likelihood(kind: str) -> int:
    """How likely an ambiguous name means a place of ``kind`` (see ``LIKELIHOOD``)."""
    return LIKELIHOOD.get(kind, 0)
