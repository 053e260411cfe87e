"""Extract stage: propose candidate target rows from a document's text, for a curator to review.

Load the source text -> walk it paragraph by paragraph and clause by clause -> keep every
number that reads as a target -> save rows with exactly the columns of
``raw/targets/<doc_id>.csv``. The extractor understands the phrasing of Chinese plans:
到20XX年 scope, 达到 / 不低于 / 以上 / 以内 / 压减至 / 左右 / 力争 / 累计 / 每万人 / 每百户,
scales 万 and 亿, Chinese numerals, traditional characters and web artefacts (``2。5萬件``).

Proposals are a starting point: ``kind`` is always ``numeric``, ``indicator_id`` is a guess
(marked in ``note``) and every quote is the verbatim clause from the source.

>>> rows = propose("一、总体目标\\n到2025年,每萬人發(fā)明專利擁有量達到40件以上。", "demo")
>>> [(r["target_id"], r["comparator"], r["value"], r["unit"], r["target_year"]) for r in rows]
[('demo-c01', '>=', '40', '件', '2025')]
>>> rows[0]["quote"], rows[0]["clause"]
('到2025年,每萬人發(fā)明專利擁有量達到40件以上', 'part 1 总体目标')
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ipstats.core.paths import data_paths
from ipstats.core.problems import IpstatsError
from ipstats.curation.guess import guess_indicator, list_item_name
from ipstats.curation.phrasing import (
    baseline_year,
    no_digit_targets,
    past_section,
    past_sentence,
    target_extras,
    why_not_a_target,
)
from ipstats.curation.tables import TableTarget, table_lines, table_targets
from ipstats.dataset import schema
from ipstats.dataset.csvio import CANNOT_READ, DecodeError, UnreadableFile, decode, read_regular
from ipstats.dataset.numerals import MeasureWords, NumberHit, chinese_to_number, scan
from ipstats.dataset.textnorm import NormalisedText, normalise, split_lines
from ipstats.dataset.units import read_measure_words

COLUMNS = schema.field_names("targets")  # the header of raw/targets/<doc_id>.csv

# Comparator cues, declared once. Prefix cues stand before the number (the last one wins);
# suffix cues follow the unit and take precedence.
PREFIX_CUES = {">=": ("达到", "不低于", "不少于", "高于", "达"),
               ">": ("超过", "突破", "超"),
               "<=": ("压减至", "压缩至", "缩短至", "缩减至", "降低至", "下降至", "降至", "控制在",
                      "不超过", "不高于", "低于", "少于"),
               "~": ("约",)}
SUFFIX_CUES = {">=": ("及以上", "以上"), "<=": ("以内", "以下", "之内", "内"), "~": ("左右", "上下")}
# Verbs that make a bare number (no measure word) a target: 新建30 技术与创新支持中心.
TARGET_VERBS = ("新建", "建成", "建设", "培育", "新增", "发布", "认定", "打造", "扶持", "达到",
                "达", "突破", "超过")
SCOPE_WORDS = ("在", "围绕", "针对", "面向")  # 在8个改革试验区推广: existing scope, not a target
VERB_ZAI = ("稳定在", "保持在", "控制在", "维持在")  # 在 as part of a verb, not a scope
DURATION_UNITS = ("年", "个月", "天")  # a target only with a comparator: 压减至4个月

YEAR_SCOPE = re.compile(r"(?:到|至)(\d{4})年|(?<!截至)(?<!截止)(?<!\d)(\d{4})年(?:底|末)"
                        r"|(?<![\d-])(\d{4})年(?=达到|达|实现|突破|超过|力争)")
HEADING = re.compile(r"^([一二三四五六七八九十]+)、([^。,;:]{1,30})")
SUBHEADING = re.compile(r"^\(([一二三四五六七八九十]+)\)([^。,;:]{1,20})")
TASK = re.compile(r"^(\d+)[.、]")
GOVERNOR_ONLY = re.compile(r"^(?:力争)?(?:到|至)?\d{4}年(?:底|末)?(?:前)?$")
# Clause delimiters in the raw text; an ideographic full stop between digits is a decimal point.
CLAUSE_END = re.compile(r"[,，;；!！?？：]|。(?!\s*\d)|(?<!\d)。")
SENTENCE_ENDS = set(";；。!！?？")
PAST_CLAUSE = re.compile(r"^(?:去年|上年|截至|截止|今年以来|近年来)")


class ExtractError(IpstatsError):
    """A source that cannot be read; the message says how to fix it."""


@dataclass
class _Context:
    """What a number inherits from the text before it."""

    part: str = ""
    sub: str = ""
    task: str = ""
    year: int | None = None  # 到20XX年 in force in this paragraph
    words: MeasureWords = field(default_factory=lambda: MeasureWords.of(()))  # of the data dir


def read_source(path: Path) -> str:
    """Read a source text as UTF-8, UTF-16 with BOM or GB18030, with a helpful error."""
    try:
        data = read_regular(Path(path))  # only a regular file: a pipe named *.txt would hang
    except UnreadableFile as exc:
        why = str(exc)
        if why.startswith(CANNOT_READ):  # no such file, no permission, ...
            why = f"cannot read the source text ({why.removeprefix(CANNOT_READ)})"
        raise ExtractError(f"{path}: {why}; give the path of a .txt file") from None
    try:
        return decode(data)[0]
    except DecodeError as exc:
        raise ExtractError(f"{path}, line {exc.line}, column {exc.column}: not text in UTF-8 or "
                           f"GB18030 (byte 0x{exc.byte:02x}); save the document as UTF-8 plain "
                           "text first") from None


def propose(text: str, prefix: str, default_year: int | None = None,
            year_basis: str = "the document's year", indicators: list[dict] | None = None,
            period_start_year: int | None = None,
            words: MeasureWords | None = None) -> list[dict[str, str]]:
    """Candidate target rows (all values strings, columns :data:`COLUMNS`) for ``text``.

    ``words`` are the measure words of the data directory (units.csv, measure_words.csv);
    default: those of the default data directory.

    ``default_year`` is used where no 到20XX年 governs the paragraph (flagged
    ``target_year_inferred``); ``indicators`` (rows of indicators.csv) enables the
    indicator guess; ``period_start_year`` is proposed for 累计 (cumulative) targets.
    """
    source = NormalisedText(text)
    rows: list[dict[str, str]] = []
    ctx = _Context(words=words if words is not None else read_measure_words(data_paths()))
    lines = split_lines(text)
    in_table = table_lines(lines)
    carried: int | None = None  # 到2025年...主要实现以下目标: the year of the list below
    for lineno, raw_line in enumerate(lines, 1):
        norm_line = normalise(raw_line)
        if not norm_line or lineno in in_table:
            continue
        if _update_sections(norm_line, ctx):
            carried = None
        ctx.year = carried
        clauses = _clauses(raw_line)
        aspiration = past = False
        cumulative_from: int | None = None
        sentence_start = True
        baselines: list[tuple[str, int | None]] = []
        annual = False  # 每年 governs the rest of its sentence
        for ci, (start, end, delim) in enumerate(clauses):
            norm = normalise(raw_line[start:end])
            if sentence_start:
                past = past_sentence(norm) or past_section(ctx.part)
                sentence_start = False
            elif PAST_CLAUSE.match(norm):
                past = True  # 记者了解到,去年全市...: the rest of the sentence is past
            hits = scan(norm, ctx.words, line_start=(ci == 0))
            scopes = [(m.start(), int(m.group(1) or m.group(2) or m.group(3)))
                      for m in YEAR_SCOPE.finditer(norm)]
            aspiration = aspiration or "力争" in norm
            if "累计" in norm and cumulative_from is None:
                cumulative_from = ci
            last_end = 0
            found: list[tuple[NumberHit, dict]] = []
            for k, hit in enumerate(hits):
                year = max([y for s, y in scopes if s < hit.start] or [0]) or ctx.year
                if _is_candidate(hit, norm, last_end):
                    why_not = why_not_a_target(hit, hits[k + 1:], norm, past)
                    if why_not == "baseline":
                        baselines.append((hit.value, baseline_year(norm, hit.start)))
                    elif not why_not:
                        found.append((hit, target_extras(hit, norm, year, baselines)))
                        found[-1][1]["_year"] = year
                last_end = hit.end
            if not past:
                found += no_digit_targets(norm, scopes, ctx.year)
            annual = annual or "每年" in norm
            for hit, extra in found:
                if annual and not extra.get("recurrence"):
                    extra["recurrence"], extra["basis"] = "annual", "flow"
                first = _quote_start(clauses, ci, raw_line, cumulative_from)
                quote = raw_line[clauses[first][0]:end].strip()
                row = _row(len(rows) + 1, prefix, hit, norm, _cue_start(norm, hit, hits), quote,
                           ctx, extra.pop("_year"), default_year, year_basis, aspiration,
                           cumulative_from is not None, indicators, period_start_year, source)
                row.update(extra)
                row["_line"] = lineno  # type: ignore[assignment]  # read by the evaluation
                rows.append(row)
            if scopes:
                ctx.year = scopes[-1][1]
                if norm_line.endswith(":"):
                    carried = ctx.year
            if delim in SENTENCE_ENDS:
                aspiration, cumulative_from, sentence_start = False, None, True
                past = annual = False
    rows += [_table_row(t, prefix, indicators or []) for t in table_targets(lines)]
    rows.sort(key=lambda r: r["_line"])
    for n, r in enumerate(rows, 1):
        r["target_id"] = f"{prefix}-c{n:02d}"
    return rows


def _table_row(t: TableTarget, prefix: str, indicators: list[dict]) -> dict:
    """A proposal from an indicator-table row (see :mod:`ipstats.curation.tables`)."""
    notes = ["proposed by ipstats extract from a table row: review every cell",
             f"year {t.target_year} and baseline year from the column heads"]
    if t.basis == "cumulative":
        notes.append("cumulative (〔 〕, * with a 累计 note, or 累计 in 备注): check period_start_year")
    indicator = guess_indicator(normalise(t.indicator), t.basis == "cumulative", indicators)
    if indicator:
        notes.append(f"indicator_id is a guess ({indicator['name_zh']})")
    return {**{c: "" for c in COLUMNS},
            "target_id": prefix, "indicator_id": indicator["indicator_id"] if indicator else "",
            "kind": "numeric", "comparator": t.comparator, "value": t.value, "unit": t.unit,
            "target_year": str(t.target_year or ""), "target_year_inferred": "false",
            "aspiration": "false", "clause": f"table ({t.indicator})", "quote": t.quote,
            "note": "; ".join(notes) + ".", "value_high": t.value_high,
            "baseline_value": t.baseline_value,
            "baseline_year": str(t.baseline_year) if t.baseline_year else "",
            "attribute": t.attribute, "recurrence": t.recurrence, "relative": t.relative,
            "basis": t.basis, "source_table_row": "true", "_line": t.line}


def _cue_start(norm: str, hit: NumberHit, hits: list[NumberHit]) -> int:
    """Where the comparator cues of ``hit`` may start: after the previous number, or for an
    item of a 、-list (分别达到1.2万件、3.5万件) where the list's first item's cues start."""
    before = [h for h in hits if h.end <= hit.start]
    start = hit.start
    while before and norm[before[-1].end:start] == "、":
        start = before.pop().start
    return before[-1].end if before else 0


def _clauses(line: str) -> list[tuple[int, int, str]]:
    """(start, end, delimiter) spans of the clauses of a raw line."""
    spans, start = [], 0
    for m in CLAUSE_END.finditer(line):
        spans.append((start, m.start(), m.group()))
        start = m.end()
    if line[start:].strip():
        spans.append((start, len(line), ""))
    return [s for s in spans if line[s[0]:s[1]].strip()]


def _update_sections(norm_line: str, ctx: _Context) -> bool:
    """Track the part, subsection and task a line is in; True at a heading."""
    if m := HEADING.match(norm_line):
        ctx.part = f"part {chinese_to_number(m.group(1))} {m.group(2)}"
        ctx.sub = ctx.task = ""
        return True
    if m := SUBHEADING.match(norm_line):
        ctx.sub = f"({chinese_to_number(m.group(1))}) {m.group(2)}"
        ctx.task = ""
        return True
    if m := TASK.match(norm_line):
        ctx.task = f"task {m.group(1)}"
    else:
        ctx.task = ""
    return False


def _clause_label(ctx: _Context) -> str:
    if ctx.task:
        return ctx.task
    return " ".join(p for p in (ctx.part, ctx.sub) if p) or "text"


def _before(norm: str, hit: NumberHit, n: int) -> str:
    return norm[max(0, hit.start - n):hit.start]


def _is_candidate(hit: NumberHit, norm: str, last_end: int) -> bool:
    """True if ``hit`` reads as a target rather than a date, ordinal, slogan or scope."""
    if hit.kind not in ("quantity", "bare"):
        return False
    before, after = _before(norm, hit, 6), norm[hit.end:hit.end + 3]
    if before.endswith("第") or (before and before[-1] in "+·") or after[:1] in ("+", "·"):
        return False  # 第19届, 10+N, 4·26
    if before and before[-1].isascii() and before[-1].isalpha():
        return False  # G60, PCT
    if _in_short_quotes(norm, hit):
        return False  # “一件事”, “12315”: a name or slogan
    if hit.unit in DURATION_UNITS and not any(
            c in norm[last_end:hit.start] for c in _ALL_PREFIX) and not any(
            after.startswith(s) for s in _ALL_SUFFIX):
        return False  # 通过3年建设, 三年行动方案: a period; a duration target says 压减至 or 以内
    prefix = norm[:hit.start]
    for verb in VERB_ZAI:
        prefix = prefix.replace(verb, "保持")
    # a scope word inside a cue (the 在 of 控制在) is part of the cue, not a scope
    unscoped = prefix
    for c in _ALL_PREFIX:
        unscoped = unscoped.replace(c, "_" * len(c))
    scope_at = max((unscoped.rfind(w) for w in SCOPE_WORDS), default=-1)
    if scope_at >= 0 and not any(v in prefix[scope_at:] for v in TARGET_VERBS + _ALL_PREFIX):
        return False
    cue = (any(before.endswith(v) for v in TARGET_VERBS + _ALL_PREFIX)
           or any(after.startswith(s) for s in _ALL_SUFFIX))
    if hit.kind == "bare":
        return any(before.endswith(v) for v in TARGET_VERBS) and not hit.value.startswith("0")
    if hit.numeral == "chinese":
        return cue  # 四个意识, 五年立法: Chinese numerals only with a target cue
    return True


_ALL_PREFIX = tuple(c for cues in PREFIX_CUES.values() for c in cues)
_ALL_SUFFIX = tuple(c for cues in SUFFIX_CUES.values() for c in cues)


def _in_short_quotes(norm: str, hit: NumberHit) -> bool:
    open_at = norm.rfind("“", 0, hit.start)
    close_at = norm.find("”", hit.end)
    return (open_at >= 0 and "”" not in norm[open_at:hit.start] and 0 <= close_at - open_at <= 12)


def _quote_start(clauses, ci: int, raw_line: str, cumulative_from: int | None) -> int:
    """Index of the first clause of the quote: the clause itself, extended back over a
    bare 到20XX年 / 力争 clause, or to the clause whose 累计 governs this one."""
    first = ci
    if cumulative_from is not None and cumulative_from < ci:
        first = cumulative_from
    if first > 0:
        prev = normalise(raw_line[clauses[first - 1][0]:clauses[first - 1][1]])
        if GOVERNOR_ONLY.match(prev) and clauses[first - 1][2] not in SENTENCE_ENDS:
            first -= 1
    return first


def comparator(norm: str, hit: NumberHit, last_end: int) -> tuple[str, str]:
    """The comparator a target's phrasing implies, and the cue that implied it.

    >>> from ipstats.dataset.numerals import scan
    >>> w = MeasureWords.of(["个月", "家", "倍"])
    >>> [comparator(t, scan(t, w)[0], 0) for t in ("压减至16个月以内", "1500家", "约30家")]
    [('<=', '以内'), ('=', ''), ('~', '约')]
    >>> comparator("破案数不低于上年同期1.1倍", scan("破案数不低于上年同期1.1倍", w)[0], 0)
    ('>=', '不低于')
    """
    after = norm[hit.end:hit.end + 3]
    for comp, cues in SUFFIX_CUES.items():
        for cue in cues:
            if after.startswith(cue):
                return comp, cue
    segment = norm[last_end:hit.start]
    best = ((-1, 0), "=", "")
    for comp, cues in PREFIX_CUES.items():
        for cue in cues:
            at = segment.rfind(cue)
            key = (at + len(cue), len(cue))  # the cue ending last; 不低于 beats 低于
            if at >= 0 and key > best[0]:
                best = (key, comp, cue)
    return best[1], best[2]


def _row(n, prefix, hit, norm, last_end, quote, ctx, year, default_year, year_basis,
         aspiration, cumulative, indicators, period_start_year, source) -> dict[str, str]:
    comp, cue = comparator(norm, hit, last_end)
    notes = ["proposed by ipstats extract: review every cell"]
    if hit.numeral == "chinese":
        notes.append(f"the text writes the number in Chinese numerals ({hit.text})")
    if cue:
        notes.append(f"{cue} read as {comp}")
    if cumulative:
        # 累计 says what is summed, not a floor: a bare 累计...1500家 is a stated level (=)
        notes.append("累计: cumulative over the plan period; check period_start_year")
    if "每万人" in norm:
        notes.append("每万人: per 10,000 people")
    if "每百户" in norm:
        notes.append("每百户: per 100 households or enterprises")
    inferred = year is None
    if inferred:
        year = default_year
        notes.append(f"no 到20XX年 in the paragraph: target year taken from {year_basis}")
    if not ctx.words.is_declared(hit.unit):
        notes.append(f"unit {hit.unit} is not declared in units.csv: declare it or restate")
    indicator = guess_indicator(list_item_name(norm, hit, ctx.words) or norm, cumulative, indicators or [])
    if indicator:
        notes.append(f"indicator_id is a guess ({indicator['name_zh']})")
    if source.find(normalise(quote)) < 0:  # cannot happen for a clause of the text itself
        notes.append("quote not found in the normalised source: re-copy it")
    return {**{c: "" for c in COLUMNS}, "target_id": f"{prefix}-c{n:02d}", "indicator_id": indicator["indicator_id"] if indicator else "",
            "kind": "numeric", "comparator": comp, "value": hit.value, "unit": hit.unit,
            "target_year": str(year) if year else "",
            "target_year_inferred": "true" if inferred else "false",
            "period_start_year": str(period_start_year) if cumulative and period_start_year else "",
            "aspiration": "true" if aspiration else "false", "clause": _clause_label(ctx),
            "quote": quote, "quote_en": "", "note": "; ".join(notes) + "."}



def to_csv(rows: list[dict[str, str]]) -> str:
    """The rows as CSV text with the targets header (UTF-8, \\n line ends)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
