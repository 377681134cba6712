"""Bytes → text for one document, with the checks that turn bad files into clear errors.

Order matters: an empty file and a binary file are named as such before any decoding is tried;
UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; anything else goes
to charset-normalizer, and a file it cannot read with confidence is refused rather than guessed.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from charset_normalizer import from_bytes

from rasd.errors import InputError

log = logging.getLogger(__name__)

#: bytes looked at to decide that a file is binary
SNIFF = 8192
#: share of control characters (besides tab/newline/CR/FF) above which text is called binary
MAX_CONTROL_SHARE = 0.05


def looks_binary(sample: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16) or many control characters."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > MAX_CONTROL_SHARE


def detect_encoding(data: bytes, source: str) -> str:
    """The encoding ``data`` is in; raises ``InputError`` when it cannot be told."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "text encoding could not be detected; re-save the file as UTF-8")
    log.warning("%s: not UTF-8; read as %s", source, best.encoding)
    return best.encoding


def decode(data: bytes, source: str) -> str:
    """``data`` as text, or ``InputError`` for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(source, "empty file: nothing to read")
    if looks_binary(data[:SNIFF]):
        raise InputError(source, "binary data, not text; rasd reads .jsonl, .txt and .html documents")
    encoding = detect_encoding(data, source)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, f"cannot decode as {encoding} ({exc.reason if hasattr(exc, 'reason') else exc}); re-save as UTF-8") from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole file, refusing files over ``max_bytes`` and turning OS errors into ``InputError``."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                source,
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit for one document; "
                "split it, convert it to JSONL (one document a line), or raise RASD_MAX_DOCUMENT_MB",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
