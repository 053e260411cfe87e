"""Provenance checks: every source file matches its checksum, every quote is found in its
source, and every numeric target's number and unit appear in its quote.

Matching runs on normalised text (:func:`ipstats.dataset.textnorm.normalise`), so line-wrap spaces,
traditional characters, pinyin artefacts and full-width punctuation do not defeat it.

>>> number_in_quote("2.5", "万件", normalise("數量達到2。5萬件"))
True
>>> number_in_quote("5", "万件", normalise("數量達到2。5萬件"))
False
>>> number_in_quote("3", "个月", normalise("压缩至三个月以内"))
True
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ipstats.core.problems import Problem
from ipstats.dataset.csvio import UnreadableFile, read_regular
from ipstats.dataset.numerals import scan
from ipstats.dataset.textnorm import NormalisedText, normalise
from ipstats.dataset.units import NO_UNIT, unit_key

_SOURCE_CACHE: dict[tuple[Path, str], NormalisedText] = {}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(read_regular(path)).hexdigest()


def source_text(path: Path, digest: str) -> NormalisedText:
    """The normalised source (cached per file and checksum)."""
    key = (path, digest)
    if key not in _SOURCE_CACHE:
        raw = read_regular(path).decode("utf-8", errors="replace")
        _SOURCE_CACHE[key] = NormalisedText(raw)
    return _SOURCE_CACHE[key]


def number_in_quote(value_text: str, unit: str, quote_norm: str) -> bool:
    """True if ``value_text`` followed by ``unit`` stands in the normalised quote as a whole
    number (300 does not match inside 1300)."""
    value_norm = normalise(value_text)
    key = unit_key(unit)
    tail = r"(?![\d.]*\d)" if key == NO_UNIT else re.escape(key)
    if re.search(rf"(?<![\d.]){re.escape(value_norm)}{tail}", quote_norm) is not None:
        return True
    # a Chinese numeral stands for the ASCII value: 三个月 is 3 个月
    return any(h.numeral == "chinese" and h.unit == key and h.value == value_norm
               for h in scan(quote_norm, line_start=False))


def check_source(doc_display: str, line: int, path: Path, expected: str,
                 problems: list[Problem]) -> bool:
    """Check a document's source file exists and matches its sha256; True if usable."""
    if not path.exists():
        problems.append(Problem(doc_display, line, "source_file", path.name,
                                f"no such file under {path.parent}; copy the source text there "
                                "byte for byte"))
        return False
    try:
        data = read_regular(path)
    except UnreadableFile as exc:
        problems.append(Problem(doc_display, line, "source_file", path.name, str(exc)))
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(doc_display, line, "source_file", path.name,
                                f"the source file is not UTF-8 text ({_guess_encoding(data)}), "
                                "so its quotes cannot be checked; save the text as UTF-8 "
                                "(e.g. iconv -f UTF-16 -t UTF-8) and record the new file's "
                                "sha256"))
        return False
    actual = hashlib.sha256(data).hexdigest()
    if expected and actual != expected:
        problems.append(Problem(doc_display, line, "sha256", expected,
                                f"the source file {path.name} no longer matches its checksum "
                                f"(it now hashes to {actual}). Sources must never be edited: "
                                "restore the original, or if a new version was received, "
                                "record it as a new document"))
        return False
    return True


def _guess_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16, by its byte-order mark"
    if data.count(b"\0") > len(data) // 4:
        return "it looks like UTF-16 without a byte-order mark"
    try:
        data.decode("gb18030")
        return "it reads as GB18030"
    except UnicodeDecodeError:
        return "its encoding is unknown"


def check_quote(display: str, line: int, quote: str, source: NormalisedText, source_name: str,
                problems: list[Problem]) -> int | None:
    """Find ``quote`` in ``source``; return its source line, or record a problem."""
    q = normalise(quote)
    found = source.find_line(q)
    if found is None:
        n = source.longest_prefix(q)
        hint = (f"the first {n} characters match ({q[:n][-12:]!r}...), then the quote has "
                f"{q[n:n + 12]!r}" if n else "not even its first character matches")
        problems.append(Problem(display, line, "quote", _short(quote),
                                f"quote not found in the source {source_name}: {hint}. "
                                "Copy the sentence from the source file verbatim"))
    return found


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "..."
