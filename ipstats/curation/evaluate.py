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
from ipstats.curation.proposals import proposals_for, read_indicators
from ipstats.dataset.csvio import decode
from ipstats.dataset.units import unit_key


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
    return list(csv.DictReader(io.StringIO(decode(path.read_bytes())[0])))


def evaluate(data_dir=None) -> Evaluation:
    """Run the extractor on every document with a source and compare with its targets."""
    paths = data_paths(data_dir)
    indicators = read_indicators(paths)
    docs = []
    for doc in _rows(paths.raw_table("documents")):
        source = paths.sources / doc["source_file"]
        targets = paths.targets_dir / f"{doc['doc_id']}.csv"
        if not doc.get("source_file") or not source.is_file() or not targets.is_file():
            continue
        docs.append(score(doc["doc_id"], _rows(targets), proposals_for(source, paths.root, doc=doc,
                                                                    indicators=indicators)))
    return Evaluation(docs)
