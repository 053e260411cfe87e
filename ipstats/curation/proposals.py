"""``ipstats extract SOURCE.txt [--out FILE.csv]``: the command around :mod:`ipstats.curation.extract`.

Uses what the data directory knows about the source (its documents.csv row gives the id
prefix, the plan's end year and the period start; indicators.csv enables indicator guesses),
prints CSV or writes it atomically, and refuses to write under ``raw/`` without ``--force``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ipstats.core.paths import DEFAULT_DATA_DIR, data_paths
from ipstats.curation.extract import ExtractError, propose, read_source
from ipstats.curation.guess import default_year
from ipstats.dataset.csvio import decode
from ipstats.dataset.units import read_measure_words


def registered_document(paths, source: Path) -> dict[str, str] | None:
    """The documents.csv row whose source_file is ``source``'s name, if the data has one."""
    table = paths.raw_table("documents")
    if not table.is_file():
        return None
    for row in csv.DictReader(io.StringIO(decode(table.read_bytes())[0])):
        if row.get("source_file") == Path(source).name:
            return row
    return None


def read_indicators(paths) -> list[dict]:
    table = paths.raw_table("indicators")
    if not table.is_file():
        return []
    return list(csv.DictReader(io.StringIO(decode(table.read_bytes())[0])))


def proposals_for(source: Path, data_dir=None, prefix: str | None = None,
                  year: int | None = None, doc: dict[str, str] | None = None,
                  indicators: list[dict] | None = None) -> list[dict[str, str]]:
    """Propose rows for one source file, using what the data directory knows about it
    (its documents.csv row for the plan years and the id prefix; indicators.csv for guesses).
    ``doc`` and ``indicators`` may be passed in when the caller has read them already."""
    paths = data_paths(data_dir)
    text = read_source(source)
    doc = doc if doc is not None else registered_document(paths, source)
    start = None
    if year is not None:
        basis = f"--year {year}"
    elif doc and (doc.get("effective_to") or "")[:4].isdigit():
        year, basis = int(doc["effective_to"][:4]), "effective_to in documents.csv"
    else:
        year, basis = default_year(text)
    if doc:
        for key in ("issue_date", "publication_date", "effective_from"):
            if (doc.get(key) or "")[:4].isdigit():
                start = int(doc[key][:4])
                break
    prefix = prefix or (doc["doc_id"] if doc else Path(source).stem)
    if indicators is None:
        indicators = read_indicators(paths)
    return propose(text, prefix, year, basis, indicators, start, words=read_measure_words(paths))


def refuse_raw(out: Path, data_dir: str | Path | None) -> None:
    """Refuse an output path under a ``raw/`` folder (the curated data is never written by a
    command); ExtractError says where to write instead."""
    out = out.resolve()
    for raw in {data_paths(data_dir).raw, DEFAULT_DATA_DIR.resolve() / "raw"}:
        if out == raw or raw in out.parents:
            raise ExtractError(f"{out}: refusing to write under {raw}, which holds the curated "
                               "data. Write the proposals elsewhere (e.g. --out proposals.csv), "
                               "review them, then copy the rows you keep into "
                               "raw/targets/<doc_id>.csv; or pass --force to write there anyway")
