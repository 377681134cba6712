"""Text similarity of evidence sentences: TF-IDF cosine blended with rapidfuzz token-set ratio.

Reports of one incident share its rare words (the site, the neighbourhood, the weapon);
two different bombings in one town share only the town and the boilerplate. TF-IDF down-
weights the boilerplate ("killed", "police said"), which a plain fuzzy ratio cannot; the
rapidfuzz ratio adds tolerance for spelling variants. Numbers, boilerplate words (a data
file) and the mention's own place name are dropped first: casualty counts and places are
compared on their own. Word rarity comes from a fixed English frequency list
(``rasd/data/dedup/word_frequency.tsv``), not from the mentions being clustered, so a pair
scores the same in a batch run and in an incremental one; unlisted words (names of people,
sites, groups) count as the rarest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from scipy import sparse

TOKEN = re.compile(r"[^\W\d_]{2,}")
FUZZY_SHARE = 0.3  # weight of the fuzzy ratio in the blend
BOILERPLATE_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "boilerplate.txt"
PLACE_SPELLING = 80  # rapidfuzz ratio above which a word is taken as a spelling of the place name
FREQUENCY_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "word_frequency.tsv"
#: Weight of a word = RARE_ZIPF - its Zipf frequency (at least MIN_WEIGHT); unlisted words get
#: the weight of a word just below the list's cut-off.
RARE_ZIPF = 7.0
UNLISTED_ZIPF = 2.5
MIN_WEIGHT = 0.5


@lru_cache(maxsize=1)
def boilerplate() -> frozenset[str]:
    """Words dropped before comparing evidence (rasd/data/dedup/boilerplate.txt)."""
    lines = BOILERPLATE_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def content_words(evidence: str, place: str | None) -> str:
    """The words of a normalised evidence sentence that can tell incidents apart.

    Drops boilerplate and any spelling of the mention's own place (places are compared on
    coordinates; a shared town name would otherwise make every report from it look alike).
    """
    skip = boilerplate()
    words = [word for word in TOKEN.findall(evidence) if word not in skip]
    if not place:
        return " ".join(words)
    spells = _spellings(tuple(TOKEN.findall(place.lower())))
    return " ".join(word for word in words if not spells[word])


class _Spellings(dict[str, bool]):
    """Whether a word spells one of a place's words, worked out once per word and place (at
    most ``LIMIT`` words remembered, then forgotten all at once: memory stays bounded)."""

    LIMIT = 1 << 12

    def __init__(self, place_words: tuple[str, ...]) -> None:
        super().__init__()
        self._place_words = place_words

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.LIMIT:
            self.clear()
        spells = self[word] = any(fuzz.ratio(word, p) >= PLACE_SPELLING for p in self._place_words)
        return spells


@lru_cache(maxsize=1 << 10)
def _spellings(place_words: tuple[str, ...]) -> _Spellings:
    """The spellings of one place (town names recur in every report, and so do their words)."""
    return _Spellings(place_words)


@lru_cache(maxsize=1)
def word_zipf() -> dict[str, float]:
    """Zipf frequency of common English words (rasd/data/dedup/word_frequency.tsv)."""
    out = {}
    for line in FREQUENCY_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, zipf = line.split("\t")
            out[word] = float(zipf)
    return out


def rarity_matrix(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised rows of word weights (binary term frequency, fixed rarity weights)."""
    zipf = word_zipf()
    vocabulary: dict[str, int] = {}
    weights: list[float] = []
    indptr, indices = [0], []
    for text in texts:
        terms = set()
        for word in TOKEN.findall(text):
            column = vocabulary.get(word)
            if column is None:
                column = vocabulary[word] = len(weights)
                weights.append(max(RARE_ZIPF - zipf.get(word, UNLISTED_ZIPF), MIN_WEIGHT))
            terms.add(column)
        indices.extend(sorted(terms))
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int64)
    values = np.asarray(weights, dtype=float)[cols]
    matrix = sparse.csr_matrix((values, cols, np.asarray(indptr)), shape=(len(texts), max(len(weights), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def cosine_rows(matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
    """Row-wise cosine of matrix[i] and matrix[j] (rows already normalised)."""
    out = np.empty(i.size)
    for start in range(0, i.size, chunk):
        a, b = matrix[i[start : start + chunk]], matrix[j[start : start + chunk]]
        out[start : start + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def similarity(texts: Sequence[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Blended similarity in [0, 1] for pairs of rows."""
    if i.size == 0:
        return np.empty(0)
    rows = np.unique(np.concatenate([i, j]))  # weigh only the texts that are compared
    matrix = rarity_matrix([texts[r] for r in rows.tolist()])
    i, j = np.searchsorted(rows, i), np.searchsorted(rows, j)
    column = np.asarray([texts[r] for r in rows.tolist()], dtype=object)
    fuzzy = np.asarray(cpdist(column[i], column[j], scorer=fuzz.token_set_ratio, processor=None, workers=-1)) / 100.0
    return FUZZY_SHARE * fuzzy + (1.0 - FUZZY_SHARE) * cosine_rows(matrix, i, j)
