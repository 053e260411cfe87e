"""Extractor benchmark: recall, precision and wrongly proposed baselines and counts, on the
fixture corpus with its answer key and on the seed documents with their curated targets.

Recall counts a target as found when a proposal has its value, unit and target year (on its
line, or at the other place where the key lists the same target). A baseline, past value or
count of the document's own parts is wrongly proposed when a proposal on its line has its
number. Goal: recall >= 95% with the year right, and no baseline or count proposed.

    .venv/bin/python benchmarks/bench_extract.py
    .venv/bin/python benchmarks/bench_extract.py --corpus path/to/corpus --quiet

Not run by CI (the test suite asserts the same goals). Writes nothing.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ipstats.curation.evaluate import evaluate, evaluate_corpus

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extract_corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS), help="corpus folder (NN-slug.txt with "
                    "NN-slug.expected.csv)")
    ap.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus = evaluate_corpus(Path(args.corpus))
    t1 = time.perf_counter()
    print(f"== fixture corpus {args.corpus} ({t1 - t0:.2f} s)")
    print(corpus.report(verbose=not args.quiet))
    print("== seed documents (data/raw)")
    print(evaluate().report())
    total = corpus.total()
    ok = (corpus.recall >= 0.95 and not total.baselines_proposed and not total.counts_proposed)
    print(f"goal (recall >= 95%, no baseline or count proposed): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
