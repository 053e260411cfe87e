"""A data folder with N target rows, for the 10^6-row scale benchmark: the shipped data plus a
document whose targets file holds N rows (a seed document's targets repeated under new ids),
so every row is valid and its quote is in its source; or, with ``--invalid``, every added row
has a bad value.

    python benchmarks/rows.py /tmp/rows 1000000 [--invalid]

Writes only into the folder it is given, never into data/.

The rows repeat the six Yuxi targets, so they hold few distinct quotes, values and notes:
validation checks each distinct quote (and a quote's numbers) once and shares the outcome, and
the reader keeps one string object per distinct cell, so 10^6 rows that all differ (every quote
its own) cost more time and memory than these. Every check still runs on every row.
"""
from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SEED = "yx-2021-ip-protection-opinions"
DOC = "bench-rows"


def generate(root: Path, n: int, invalid: bool = False) -> int:
    """Copy the shipped raw data to ``root/raw`` and add a document ``bench-rows`` (the Yuxi
    document under another id: same source, no measures file) with ``n`` target rows, the
    Yuxi targets repeated under new ids. Returns the number of rows written."""
    shutil.copytree(RAW, root / "raw")
    raw = root / "raw"
    docs = raw / "documents.csv"
    with docs.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    yx = next(r for r in rows[1:] if r[0] == SEED)
    with docs.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([DOC] + yx[1:])
    with (raw / "targets" / f"{SEED}.csv").open(encoding="utf-8", newline="") as fh:
        seed = list(csv.reader(fh))
    header, body = seed[0], seed[1:]
    vi = header.index("value")
    with (raw / "targets" / f"{DOC}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for k in range(n):
            row = list(body[k % len(body)])
            row[0] = f"bench-t{k:07d}"
            if invalid:
                row[vi] = "x"
            w.writerow(row)
    return n


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--invalid", action="store_true")
    a = p.parse_args()
    print(generate(a.folder, a.n, a.invalid))
