"""Provenance checks: every source file matches its checksum, every quote is found in its
source, and every numeric target's number and unit appear in its quote.

Matching runs on normalised text (:func:`ipstats.dataset.textnorm.normalise`), so line-wrap spaces,
traditional characters, pinyin artefacts and full-width punctuation do not defeat it.

>>> words = MeasureWords.of(["万件", "件", "个月", "个"])
>>> number_in_quote("2.5", "万件", normalise("數量達到2。5萬件"), words)
True
>>> number_in_quote("5", "万件", normalise("數量達到2。5萬件"), words)
False
>>> number_in_quote("3", "个月", normalise("压缩至三个月以内"), words)
True
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ipstats.core.problems import Problem
from ipstats.dataset.numerals import MeasureWords, scan
from ipstats.dataset.textnorm import NormalisedText, normalise
from ipstats.dataset.units import NO_UNIT, unit_key

_SOURCE_CACHE: dict[tuple[Path, str], NormalisedText] = {}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_text(path: Path, digest: str) -> NormalisedText:
    """The normalised source (cached per file and checksum)."""
    key = (path, digest)
    if key not in _SOURCE_CACHE:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        _SOURCE_CACHE[key] = NormalisedText(raw)
    return _SOURCE_CACHE[key]


def number_in_quote(value_text: str, unit: str, quote_norm: str, words: MeasureWords) -> bool:
    """True if ``value_text`` followed by ``unit`` stands in the normalised quote as a whole
    number (300 does not match inside 1300); ``words``: the measure words, to read Chinese
    numerals."""
    value_norm = normalise(value_text)
    key = unit_key(unit)
    tail = r"(?![\d.]*\d)" if key == NO_UNIT else re.escape(key)
    if re.search(rf"(?<![\d.]){re.escape(value_norm)}{tail}", quote_norm) is not None:
        return True
    # a Chinese numeral stands for the ASCII value: 三个月 is 3 个月
    return any(h.numeral == "chinese" and h.unit == key and h.value == value_norm
               for h in scan(quote_norm, words, line_start=False))


def check_source(doc_display: str, line: int, path: Path, expected: str,
                 problems: list[Problem]) -> bool:
    """Check a document's source file exists and matches its sha256; True if usable."""
    if not path.is_file():
        problems.append(Problem(doc_display, line, "source_file", path.name,
                                f"no such file under {path.parent}; copy the source text there "
                                "byte for byte"))
        return False
    actual = sha256_file(path)
    if expected and actual != expected:
        problems.append(Problem(doc_display, line, "sha256", expected,
                                f"the source file {path.name} no longer matches its checksum "
                                f"(it now hashes to {actual}). Sources must never be edited: "
                                "restore the original, or if a new version was received, "
                                "record it as a new document"))
        return False
    return True


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
