"""Text similarity of evidence sentences: TF-IDF cosine blended with rapidfuzz token-set ratio.

Reports of one incident share its rare words (the site, the neighbourhood, the weapon);
two different bombings in one town share only the town and the boilerplate. TF-IDF down-
weights the boilerplate ("killed", "police said"), which a plain fuzzy ratio cannot; the
rapidfuzz ratio adds tolerance for spelling variants. Numbers, boilerplate words (a data
file) and the mention's own place name are dropped first: casualty counts and places are
compared on their own. Document frequencies come from the mentions being clustered.
"""

from __future__ import annotations

import re
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
    place_words = tuple(TOKEN.findall(place.lower()))
    return " ".join(word for word in words if not _spells(word, place_words))


@lru_cache(maxsize=1 << 18)
def _spells(word: str, place_words: tuple[str, ...]) -> bool:
    """Whether ``word`` spells one of ``place_words`` (cached: town names recur in every report)."""
    return any(fuzz.ratio(word, p) >= PLACE_SPELLING for p in place_words)


def tfidf_matrix(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (binary term frequency, smoothed idf)."""
    vocabulary: dict[str, int] = {}
    indptr, indices = [0], []
    for text in texts:
        terms = {vocabulary.setdefault(t, len(vocabulary)) for t in TOKEN.findall(text)}
        indices.extend(sorted(terms))
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int64)
    frequency = np.bincount(cols, minlength=len(vocabulary))
    idf = np.log((len(texts) + 1) / (frequency + 1)) + 1.0
    values = idf[cols]
    matrix = sparse.csr_matrix((values, cols, np.asarray(indptr)), shape=(len(texts), max(len(vocabulary), 1)))
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


def similarity(texts: list[str], matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Blended similarity in [0, 1] for pairs of rows."""
    if i.size == 0:
        return np.empty(0)
    column = np.asarray(texts, dtype=object)
    fuzzy = np.asarray(cpdist(column[i], column[j], scorer=fuzz.token_set_ratio, processor=None, workers=-1)) / 100.0
    return FUZZY_SHARE * fuzzy + (1.0 - FUZZY_SHARE) * cosine_rows(matrix, i, j)
