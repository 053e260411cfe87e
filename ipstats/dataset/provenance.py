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
>>> (number_in_quote("1000", "家", normalise("培育1,000家"), words),
...  number_in_quote("2010", "(none)", normalise("2021-11-20 10:14"), words))
(True, False)
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ipstats.core.problems import Problem
from ipstats.dataset.csvio import UnreadableFile, read_regular
from ipstats.dataset.numerals import MeasureWords, scan
from ipstats.dataset.textnorm import (
    MATCH_KEY,
    PINYIN_ARTEFACT,
    NormalisedText,
    normalise,
    squeeze,
    strip_artefacts,
    to_simplified,
)
from ipstats.dataset.units import NO_UNIT, unit_key

THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SOURCE_CACHE: dict[tuple[Path, str], NormalisedText] = {}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(read_regular(path)).hexdigest()


def source_text(path: Path, digest: str) -> NormalisedText:
    """The normalised source (cached per file and checksum)."""
    key = (path, digest)
    if key not in _SOURCE_CACHE:
        raw = read_regular(path).decode("utf-8", errors="replace")
        # Table cells stay apart: a cell per line, tabs and pipes are kept by NormalisedText
        _SOURCE_CACHE[key] = NormalisedText(raw)
    return _SOURCE_CACHE[key]


def number_in_quote(value_text: str, unit: str, quote_norm: str, words: MeasureWords) -> bool:
    """True if ``value_text`` followed by ``unit`` stands in the normalised quote as a whole
    number (300 does not match inside 1300); ``words``: the measure words, to read Chinese
    numerals."""
    value_norm = normalise(value_text)
    quote_norm = THOUSANDS.sub("", quote_norm)  # 1,000家 is 1000家
    key = unit_key(unit)
    tail = r"(?![\d.]*\d)" if key == NO_UNIT else re.escape(key)
    if re.search(rf"(?<![\d.]){re.escape(value_norm)}{tail}", quote_norm) is not None:
        return True
    # a Chinese numeral stands for the ASCII value: 三个月 is 3 个月
    return any(h.numeral == "chinese" and h.unit == key and h.value == value_norm
               for h in scan(quote_norm, words, line_start=False))


def range_in_quote(low: str, high: str, unit: str, quote_norm: str) -> bool:
    """True if the normalised quote states the range low-high in ``unit`` (2-3家, 3家至5家,
    3～5个).

    >>> range_in_quote("3", "5", "家", normalise("培育3家至5家")), range_in_quote("2", "3", "家", "2-3家")
    (True, True)
    """
    key = unit_key(unit)
    u = "" if key == NO_UNIT else re.escape(key)
    lo, hi = re.escape(normalise(low)), re.escape(normalise(high))
    pattern = rf"(?<![\d.]){lo}(?:{u})?(?:-|~|至|到){hi}{u}(?![\d.]*\d)"
    return re.search(pattern, THOUSANDS.sub("", quote_norm)) is not None


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
                problems: list[Problem], column: str = "quote") -> int | None:
    """Find ``quote`` in ``source`` within one paragraph or table row; return its source line,
    or record a problem that says why it is not there."""
    q = normalise(quote)
    glosses = [to_simplified(m.group()) for m in re.finditer(r"\S" + PINYIN_ARTEFACT.pattern,
                                               strip_gloss_free(quote))]
    foreign = [g for g in glosses if g not in source.glosses]
    if foreign:
        problems.append(Problem(display, line, column, _short(quote),
                                f"the quote has the pinyin gloss {foreign[0]!r}, which the source "
                                f"{source_name} does not have; copy the text without it"))
        return None
    starts = source.find_all(q)
    if not starts:
        problems.append(Problem(display, line, column, _short(quote),
                                f"quote not found in the source {source_name}: "
                                f"{_why_not_found(q, source)}"))
        return None
    q_pre = squeeze(strip_artefacts(quote)).translate(MATCH_KEY)
    bad: tuple[str, str] | None = None
    for at in starts:
        bad = _variant(q_pre, q, source, at)
        if bad is None:
            return source.line_at(at)
    assert bad is not None  # starts is not empty: the loop ran and found a variant
    problems.append(Problem(display, line, column, _short(quote),
                            f"the quote writes {bad[0]!r} where the source {source_name} has "
                            f"{bad[1]!r} (line {source.line_at(starts[0])}): a variant "
                            "character is not the same text; copy it from the source"))
    return None


def strip_gloss_free(text: str) -> str:
    """``text`` in NFKC with whitespace squeezed but pinyin glosses kept (to find inserted
    ones)."""
    return squeeze(unicodedata.normalize("NFKC", text))


def _variant(q_pre: str, q: str, source: NormalisedText, at: int) -> tuple[str, str] | None:
    """The first character where the quote as written is neither the source's character, nor
    its simplified form, nor a traditional form of a simplified source character (髮明 for
    發明 is refused: both are traditional, and 髮 is another word), or None. Skipped where a
    phrase conversion changed the length."""
    if len(q_pre) != len(q):
        return None
    pre = source.pre[at:at + len(q)].translate(MATCH_KEY)
    simp = source.key[at:at + len(q)]
    for a, b, c in zip(q_pre, pre, simp):
        if a != b and a != c and to_simplified(a) != b:
            return a, b
    return None


def _why_not_found(q: str, source: NormalisedText) -> str:
    joined = source.key.replace("\n", "")
    n = source.longest_prefix(q)
    if q.translate(MATCH_KEY) in joined:
        at = source.find(q[:n]) + n + 1
        return (f"it runs across the start of a new paragraph or numbered item (line "
                f"{source.line_at(at)}); a quote stays within one paragraph or table row, so "
                "quote the part that states the target")
    hint = (f"the first {n} characters match ({q[:n][-12:]!r}...), then the quote has "
            f"{q[n:n + 12]!r}" if n else "not even its first character matches")
    return f"{hint}. Copy the sentence from the source file verbatim"


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "..."


# Cells of a table row as a curator copies it: tabs, pipes, two or more spaces or a full-width
# space separate them (one-cell-per-line tables are quoted with tabs between the cells).
CELL_SPLIT = re.compile(r"\t|\||\s{2,}|\u3000")
# What may surround a number in a cell: comparator words and signs, a growth rate's words
# (年均增长9%), 〔 〕 for a cumulative value, * for a note, % when the unit is a percentage.
_CELL_DECOR = re.compile(r"^(?:约|≥|≤|>=|<=|>|<|\[|\*|年均增长|增长|超过|突破|达到|不低于|不少于|不超过)*"
                         r"|(?:以上|以内|以下|左右|\]|\*|%)*$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|～|~|至|到)\s*(\d+(?:\.\d+)?)$")


def table_cells(quote: str) -> list[str]:
    """The normalised cells of a table-row quote.

    >>> table_cells("| 1 | 发明专利（件） | 6.3 | 12以上 |")
    ['1', '发明专利(件)', '6.3', '12以上']
    >>> table_cells("每万人口发明专利拥有量（件）\\t6.3\\t12\\t预期性")
    ['每万人口发明专利拥有量(件)', '6.3', '12', '预期性']
    """
    return [c for c in (normalise(x) for x in CELL_SPLIT.split(quote)) if c]


def cell_numbers(cell: str) -> tuple[float, float | None] | None:
    """The number (or range low, high) a table cell states, or None.

    >>> cell_numbers("〔300〕"), cell_numbers("82以上"), cell_numbers("3-5"), cell_numbers("预期性")
    ((300.0, None), (82.0, None), (3.0, 5.0), None)
    >>> cell_numbers("年均增长8%以上"), cell_numbers("≤75"), cell_numbers("１２０")
    ((8.0, None), (75.0, None), (120.0, None))
    """
    core = _CELL_DECOR.sub("", THOUSANDS.sub("", normalise(cell)))
    if m := _RANGE.match(core):
        return float(m.group(1)), float(m.group(2))
    try:
        return float(core), None
    except ValueError:
        return None


def check_table_row(t_value: float | None, t_high: float | None, unit: str, quote: str,
                    source: NormalisedText, line: int | None,
                    target_year: int | None = None) -> str | None:
    """Check a table-row target cell by cell: its value (and range) is one whole cell, its
    unit is in the row or in the table's header above it, and its year is one of the header's
    column years. Returns a problem message or None."""
    cells = table_cells(quote)
    if len(cells) < 2:
        return ("a table-row quote needs at least two cells separated by tabs or pipes "
                "(or as the source has them); copy the whole row")
    numbers = [cell_numbers(c) for c in cells]
    if t_value is not None and not any(n and n[0] == t_value and (t_high is None or n[1] == t_high)
                                       for n in numbers):
        want = f"{t_value:g}" + (f"-{t_high:g}" if t_high is not None else "")
        return (f"no cell of the row states {want}; cells are {cells}. Write the value of the "
                "target cell")
    header = ("".join(source.lines[max(0, line - 1 - HEADER_LINES):line - 1])
              if line is not None else "")
    years = sorted(set(re.findall(r"(?<!\d)((?:19|20)\d\d)年", header)))
    if target_year is not None and years and str(target_year) not in years:
        return (f"the table's column heads give the years {', '.join(years)}, not the "
                f"target_year {target_year}; take the year from the head of the target's column")
    key = unit_key(unit)
    # the unit within one cell (never joined across a cell boundary), or in the header, whose
    # lines are read as one text (a header wrapped mid-word by pdftotext)
    if key == NO_UNIT or any(key in c for c in cells) or key in header:
        return None
    return (f"the unit {key} is neither in the row nor in the {HEADER_LINES} lines above it "
            "(the table's header); check the unit against the table")


HEADER_LINES = 15
