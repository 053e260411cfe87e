"""Coverage stage: the curator's completeness check.

For each source, every numeric expression that looks like a target (a number with a measure
word such as 件 家 个 项 亿元 个月 % 倍, or a bare Arabic number) must be either *covered* by a
curated target whose quote contains it at that place, or *ignored* by a row of
``raw/coverage_ignore.csv`` that says why it is not a target (第19届亚运会 is an ordinal,
“4·26” a date, ...). Plainly structural numbers are skipped without a row: years (2021年,
龙腾2020), calendar dates and times, list numbers at the start of a line (``16.``, ``(3)``)
and document numbers (〔2021〕20号); Chinese numerals count only with a measure word.

Ignore rows are checked against the source like quotes are: a row whose expression is no
longer in its source, or that ignores no numeric expression, is an error.

Only an official full text must be covered completely. In an excerpt or a news report
(``source_kind`` in documents.csv) numbers that no target covers are listed as "not required"
and are no error: a report mixes the plan's targets with past results and other news.
Table cells are read one by one (``6.3<TAB>12`` is two numbers, never ``6.312``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ipstats.core.problems import Problem
from ipstats.dataset.numerals import MeasureWords, scan
from ipstats.dataset.textnorm import NormalisedText, normalise
from ipstats.dataset.validate import validate

IGNORE_TABLE = "coverage_ignore"
CHECKED_KINDS = ("quantity", "bare")


@dataclass
class Hit:
    """One numeric expression in a source and what accounts for it."""

    doc_id: str
    line: int
    text: str
    context: str
    covered_by: str = ""  # a target_id, or "ignore row N: reason"; empty if uncovered
    source_kind: str = "official_full_text"

    @property
    def required(self) -> bool:
        """Whether the number must be accounted for (only in an official full text)."""
        return self.source_kind == "official_full_text"

    @property
    def status(self) -> str:
        if not self.covered_by:
            return "NOT COVERED" if self.required else "not required"
        return "ignored" if self.covered_by.startswith("ignore") else "target"


@dataclass
class CoverageReport:
    hits: list[Hit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def uncovered(self) -> list[Hit]:
        return [h for h in self.hits if not h.covered_by and h.required]

    @property
    def not_required(self) -> list[Hit]:
        return [h for h in self.hits if not h.covered_by and not h.required]

    def listing(self) -> str:
        """Every expression, grouped by document, with what covers it."""
        out, doc = [], None
        for h in self.hits:
            if h.doc_id != doc:
                doc = h.doc_id
                out.append(f"{doc}:")
            kind = h.source_kind.replace("_", " ")
            by = h.covered_by or ("add a target or an ignore row" if h.required else
                                  f"the source is {_article(kind)}: not every number in it is a "
                                  "target of the plan")
            out.append(f"  line {h.line:<4} {h.text:<10} {h.status:<11} {by}   …{h.context}…")
        n = len(self.hits)
        t = sum(h.status == "target" for h in self.hits)
        free = len(self.not_required)
        out.append(f"{n} numeric expressions: {t} covered by targets, "
                   f"{n - t - len(self.uncovered) - free} ignored with a reason, "
                   f"{len(self.uncovered)} not covered"
                   + (f", {free} not required (excerpts and news reports)." if free else "."))
        return "\n".join(out)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(needle) if needle else -1
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return spans


def source_hits(doc_id: str, source: NormalisedText,
                words: MeasureWords) -> list[tuple[int, int, Hit]]:
    """(start, end, hit) for every checked numeric expression; spans index ``source.text``.

    >>> src = NormalisedText("1. 到2021年,培育30家以上。\\n“4·26”宣传周")
    >>> [(h.line, h.text) for _, _, h in source_hits("d", src, MeasureWords.of(["家", "年"]))]
    [(1, '30家'), (2, '4'), (2, '26')]
    """
    out = []
    for i, line in enumerate(source.lines):
        for h in scan(line, words):
            if h.kind in CHECKED_KINDS:
                s = source.starts[i]
                context = line[max(0, h.start - 8):h.end + 8]
                out.append((s + h.start, s + h.end, Hit(doc_id, i + 1, h.text, context)))
    return out


def check_coverage(ds) -> CoverageReport:
    """Account for every numeric expression of every source of a validated dataset."""
    report = CoverageReport()
    docs = ds.index("documents", "doc_id")
    ignore_rows = ds.tables.get(IGNORE_TABLE, [])
    spans: dict[str, list[tuple[int, int, str]]] = {d: [] for d in ds.sources}
    for t in ds.targets:
        src = ds.sources.get(t["doc_id"])
        if src is not None and t["quote"]:
            spans[t["doc_id"]] += [(a, b, t["target_id"])
                                   for a, b in _occurrences(src.text, normalise(t["quote"]))]
    ignore_spans: dict[str, list[tuple[int, int, str, object]]] = {d: [] for d in ds.sources}
    for r in ignore_rows:
        doc_id, expr = r["doc_id"], r["expression"] or ""
        if doc_id not in docs:
            report.problems.append(Problem(r.file, r.line, "doc_id", doc_id,
                                           "unknown document: expected a doc_id listed in "
                                           "documents.csv"))
            continue
        src = ds.sources.get(doc_id)
        if src is None:
            continue  # the document's source problem is reported by validate
        found = _occurrences(src.text, normalise(expr))
        if not found:
            n = src.longest_prefix(normalise(expr))
            report.problems.append(Problem(
                r.file, r.line, "expression", expr,
                f"not found in the source {docs[doc_id]['source_file']} (the first {n} "
                "characters match). Copy the expression from the source verbatim, or delete "
                "the row if the text no longer has it"))
        ignore_spans[doc_id] += [(a, b, f"ignore row {r.line}: {r['reason']}", r) for a, b in found]
    used: set[int] = set()
    for doc_id in sorted(ds.sources):
        for start, end, hit in source_hits(doc_id, ds.sources[doc_id], ds.measure_words):
            by = next((tid for a, b, tid in spans[doc_id] if a <= start and end <= b), "")
            if not by:
                for a, b, label, row in ignore_spans[doc_id]:
                    if a <= start and end <= b:
                        by = label
                        used.add(id(row))
                        break
            hit.covered_by = by
            hit.source_kind = docs[doc_id]["source_kind"] or "official_full_text"
            report.hits.append(hit)
            if not by and hit.required:
                report.problems.append(Problem(
                    f"raw/sources/{docs[doc_id]['source_file']}", hit.line, None, hit.text,
                    f"a numeric expression that looks like a target is not covered "
                    f"(…{hit.context}…): add a target whose quote contains it to "
                    f"targets/{doc_id}.csv, or a row to coverage_ignore.csv (doc_id, expression "
                    "as it appears around the number, reason it is not a target)"))
    for r in ignore_rows:
        if id(r) not in used and r["doc_id"] in ds.sources and _occurrences(
                ds.sources[r["doc_id"]].text, normalise(r["expression"] or "")):
            report.problems.append(Problem(
                r.file, r.line, "expression", r["expression"],
                "this row ignores nothing: the expression holds no numeric expression that is "
                "not already covered by a target. Delete the row"))
    report.problems.sort(key=lambda p: (p.file, p.line or 0))
    return report


def coverage(data_dir=None) -> CoverageReport:
    """Validate ``data_dir``, then check every source's numbers are accounted for."""
    return check_coverage(validate(data_dir))


def _article(kind: str) -> str:
    return ("an " if kind[:1] in "aeiou" else "a ") + kind
