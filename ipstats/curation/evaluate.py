"""How well the extractor finds the curated targets: recall and precision per document.

A proposal matches a curated numeric target when comparator, value, unit
(:func:`ipstats.dataset.units.unit_key`) and target year agree (">= 30家" is not "= 30家"); each curated target is matched at most once. Used by
``ipstats extract --evaluate``, the test suite (recall >= 95% on the seeds) and the scale
benchmark.

>>> e = Evaluation([DocScore("d", 4, 3, 5, ["d: >= 7 件 2025"])])
>>> round(e.recall, 2), round(e.precision, 2)
(0.75, 0.6)
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ipstats.core.paths import data_paths
from ipstats.curation.extract import ExtractError, propose, read_source
from ipstats.curation.guess import default_year
from ipstats.curation.proposals import proposals_for, read_indicators
from ipstats.dataset.csvio import UnreadableFile, decode, read_regular
from ipstats.dataset.numerals import MeasureWords, scan
from ipstats.dataset.textnorm import normalise
from ipstats.dataset.units import read_measure_words, unit_key


@dataclass
class DocScore:
    doc_id: str
    curated: int
    found: int
    proposed: int
    missed: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    docs: list[DocScore]

    @property
    def recall(self) -> float:
        curated = sum(d.curated for d in self.docs)
        return sum(d.found for d in self.docs) / curated if curated else 1.0

    @property
    def precision(self) -> float:
        proposed = sum(d.proposed for d in self.docs)
        return sum(d.found for d in self.docs) / proposed if proposed else 1.0

    def report(self) -> str:
        lines = [f"{'document':45} curated found proposed"]
        lines += [f"{d.doc_id:45} {d.curated:7} {d.found:5} {d.proposed:8}" for d in self.docs]
        found, curated = sum(d.found for d in self.docs), sum(d.curated for d in self.docs)
        lines.append(f"recall {self.recall:.1%} ({found}/{curated} curated numeric targets "
                     f"proposed); precision {self.precision:.1%} "
                     f"({found}/{sum(d.proposed for d in self.docs)} proposals are curated)")
        missed = [m for d in self.docs for m in d.missed]
        if missed:
            lines.append("missed: " + "; ".join(missed))
        return "\n".join(lines)


def key(row: dict) -> tuple[str, float, str, int | None]:
    """The matching key of a target row: comparator, value, unit and target year.

    >>> key({"comparator": ">=", "value": "2.50", "unit": "萬件", "target_year": "2025"})
    ('>=', 2.5, '万件', 2025)
    """
    year = str(row["target_year"]).strip()
    return (row["comparator"].strip(), float(row["value"]), unit_key(row["unit"]),
            int(year) if year else None)


def score(doc_id: str, curated_rows: list[dict], proposals: list[dict]) -> DocScore:
    """Compare one document's proposals with its curated numeric targets."""
    wanted = Counter(key(r) for r in curated_rows if r.get("kind") == "numeric")
    offered = Counter(key(r) for r in proposals)
    matched = wanted & offered
    missed = [f"{doc_id}: {c} {v:g} {u} {y}" for (c, v, u, y), n in (wanted - matched).items()
              for _ in range(n)]
    return DocScore(doc_id, sum(wanted.values()), sum(matched.values()), len(proposals), missed)


def _rows(path: Path) -> list[dict]:
    try:
        data = read_regular(path)  # only a regular file: a pipe named *.csv would hang
    except UnreadableFile as exc:
        raise ExtractError(f"{path}: {exc}") from None
    return list(csv.DictReader(io.StringIO(decode(data)[0])))


def evaluate(data_dir=None) -> Evaluation:
    """Run the extractor on every document with a source and compare with its targets."""
    paths = data_paths(data_dir)
    indicators = read_indicators(paths)
    docs = []
    for doc in _rows(paths.raw_table("documents")):
        source = paths.sources / doc["source_file"]
        targets = paths.targets_dir / f"{doc['doc_id']}.csv"
        if not doc.get("source_file") or not source.exists() or not targets.exists():
            continue  # (a pipe or device is not skipped: reading it says what it is)
        docs.append(score(doc["doc_id"], _rows(targets), proposals_for(source, paths.root, doc=doc,
                                                                    indicators=indicators)))
    return Evaluation(docs)


# --- evaluation on a fixture corpus with an answer key ------------------------------------
# A corpus folder holds NN-slug.txt and NN-slug.expected.csv (expect, line, text, value, unit,
# comparator, value_high, target_year, ...; see tests/fixtures/extract_corpus/README.md).
# A target is found when a proposal has its value, unit and target year, on its line (or, for
# a target the key lists at two places, on either). A not_target is wrongly proposed when a
# proposal on its line has its number and matches no target there.


@dataclass
class CorpusScore:
    """Figures for one corpus document (or, summed, for the corpus)."""

    doc: str
    targets: int = 0
    found: int = 0
    proposed: int = 0
    correct_proposals: int = 0
    baselines_proposed: list[str] = field(default_factory=list)
    counts_proposed: list[str] = field(default_factory=list)
    other_not_targets_proposed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    # for found targets: how many have each further column as the key has it
    columns_right: Counter = field(default_factory=Counter)


CHECKED_COLUMNS = ("comparator", "value_high", "baseline_value", "baseline_year", "attribute",
                   "relative", "recurrence")


def _same(column: str, want: str, got: str) -> bool:
    want, got = (want or "").strip(), (got or "").strip()
    if column == "recurrence":
        want, got = want or "once", got or "once"
    if column in ("value_high", "baseline_value") and want and got:
        try:
            return float(want) == float(got)
        except ValueError:
            return False
    if column == "relative" and not want and got == "growth_over_baseline":
        return True  # the key has no code for growth over a baseline (its README says so)
    return want == got


def _number_of(text: str, words: MeasureWords) -> float | None:
    hits = scan(normalise(text), words, line_start=False)
    try:
        return float(hits[0].value) if hits else float(normalise(text).rstrip("."))
    except ValueError:
        return None


def _value_key(value: str, unit: str, year: str) -> tuple[str, float, str, int | None]:
    """The corpus matching key: value, unit and year (the comparator is scored as a column)."""
    return key({"comparator": "", "value": value, "unit": unit, "target_year": year})


def score_corpus_document(name: str, key_rows: list[dict], proposals: list[dict],
                          words: MeasureWords) -> CorpusScore:
    """Compare one document's proposals (each with ``_line``) with its answer key."""
    s = CorpusScore(name, proposed=len(proposals))
    keyed = [(p, _value_key(p["value"], p["unit"], p["target_year"])) for p in proposals
             if p.get("value")]
    targets = [r for r in key_rows if r["expect"] == "target"]
    used: set[int] = set()
    pending = []
    for r in targets:
        want = _value_key(r["value"], r["unit"], r["target_year"])
        hit = next((i for i, (p, k) in enumerate(keyed) if k == want and i not in used
                    and p["_line"] == int(r["line"])), None)
        if hit is None:
            pending.append((r, want))
        else:
            used.add(hit)
            s.columns_right.update(c for c in CHECKED_COLUMNS
                                   if _same(c, r.get(c, ""), keyed[hit][0].get(c, "")))
    for r, want in pending:
        hit = next((i for i, (p, k) in enumerate(keyed) if k == want and i not in used), None)
        if hit is None:
            # listed twice in the key: a proposal matched at the other place counts
            hit = next((i for i, (p, k) in enumerate(keyed) if k == want), None)
        if hit is None:
            s.missed.append(f"{name}:{r['line']} {r['text']} ({r['value']} {r['unit']} "
                            f"{r['target_year']})")
        else:
            used.add(hit)
            s.columns_right.update(c for c in CHECKED_COLUMNS
                                   if _same(c, r.get(c, ""), keyed[hit][0].get(c, "")))
    s.targets, s.found = len(targets), len(targets) - len(s.missed)
    s.correct_proposals = len(used)
    for r in key_rows:
        if r["expect"] != "not_target":
            continue
        number = _number_of(r["text"], words)
        wrong = [p for i, (p, _) in enumerate(keyed) if i not in used
                 and p["_line"] == int(r["line"]) and number is not None
                 and float(p["value"]) == number]
        if not wrong:
            continue
        label = f"{name}:{r['line']} {r['text']} ({r['note'][:60]})"
        note = r["note"].lower()
        if "count" in note and ("own" in note or "part" in note or "plan" in note):
            s.counts_proposed.append(label)
        elif any(w in note for w in ("baseline", "past", "基期", "result")):
            s.baselines_proposed.append(label)
        else:
            s.other_not_targets_proposed.append(label)
    return s


@dataclass
class CorpusEvaluation:
    docs: list[CorpusScore]

    def total(self) -> CorpusScore:
        t = CorpusScore("total")
        for d in self.docs:
            t.targets += d.targets
            t.found += d.found
            t.proposed += d.proposed
            t.correct_proposals += d.correct_proposals
            t.columns_right.update(d.columns_right)
            for col in ("baselines_proposed", "counts_proposed", "other_not_targets_proposed",
                        "missed"):
                getattr(t, col).extend(getattr(d, col))
        return t

    @property
    def recall(self) -> float:
        t = self.total()
        return t.found / t.targets if t.targets else 1.0

    @property
    def precision(self) -> float:
        t = self.total()
        return t.correct_proposals / t.proposed if t.proposed else 1.0

    def report(self, verbose: bool = True) -> str:
        lines = [f"{'document':48} targets found proposed baselines counts"]
        for d in self.docs + [self.total()]:
            lines.append(f"{d.doc:48} {d.targets:7} {d.found:5} {d.proposed:8} "
                         f"{len(d.baselines_proposed):9} {len(d.counts_proposed):6}")
        t = self.total()
        lines.append(f"recall {self.recall:.1%} ({t.found}/{t.targets} targets proposed with "
                     f"value, unit and year right); precision {self.precision:.1%} "
                     f"({t.correct_proposals}/{t.proposed} proposals are targets); "
                     f"{len(t.baselines_proposed)} baselines or past values and "
                     f"{len(t.counts_proposed)} counts of the document's own parts proposed "
                     f"as targets; {len(t.other_not_targets_proposed)} other non-targets")
        lines.append("of the targets found, right as the key has them: " + ", ".join(
            f"{c} {t.columns_right[c]}/{t.found}" for c in CHECKED_COLUMNS))
        if verbose:
            for title, items in (("missed", t.missed), ("baselines proposed", t.baselines_proposed),
                                 ("counts proposed", t.counts_proposed),
                                 ("other non-targets proposed", t.other_not_targets_proposed)):
                if items:
                    lines.append(f"{title}:")
                    lines += [f"  {x}" for x in items]
        return "\n".join(lines)


def evaluate_corpus(folder: Path, data_dir: str | Path | None = None) -> CorpusEvaluation:
    """Run the extractor on every ``*.txt`` of a corpus folder and score it against its key
    (measure words from the data directory's units.csv and measure_words.csv)."""
    folder = Path(folder)
    words = read_measure_words(data_paths(data_dir))
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise ExtractError(f"{folder}: no *.txt documents here; give the folder that holds "
                           "NN-slug.txt and NN-slug.expected.csv")
    docs = []
    for txt in texts:
        key_file = txt.with_name(txt.stem + ".expected.csv")
        if not key_file.is_file():
            raise ExtractError(f"{txt}: no answer key {key_file.name} beside it")
        text = read_source(txt)
        year, basis = default_year(text)
        proposals = propose(text, txt.stem, year, basis, words=words)
        docs.append(score_corpus_document(txt.stem, _rows(key_file), proposals, words))
    return CorpusEvaluation(docs)
