"""The run's outputs beside the reports: ``manifest.json`` (every job, its hash and status) and
``index.html`` (links to every report), rewritten atomically after each job by a
:class:`Journal` (see :mod:`ipstats.reports.render.run` for why)."""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipstats import __version__
from ipstats.core.atomic import write_text
from ipstats.core.paths import TEMPLATES_DIR, DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.reports.page import stamp_fields


@dataclass
class RenderResult:
    jobs: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for j in self.jobs if j["status"] == status)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [j for j in self.jobs if j["status"] == "failed"]


def previous_jobs(manifest: Path) -> dict[str, dict[str, Any]]:
    try:
        return {j["name"]: j for j in json.loads(manifest.read_text(encoding="utf-8"))["jobs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def check_out_dir(out_dir: Path, paths: DataPaths) -> None:
    """Refuse an output folder that is a file, or inside the raw data (a command never writes
    into raw/, and its own output would make the data look changed on every run)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise IpstatsError(f"--out {out_dir}: this is a file, not a folder; give a folder for "
                           "the reports (it is created if missing)")
    raw = paths.raw.resolve()
    if out_dir == raw or out_dir.is_relative_to(raw):
        raise IpstatsError(f"--out {out_dir}: this is inside the raw data folder {raw}, which "
                           "no command writes into; choose a folder outside it, e.g. reports/")


def clean_leftovers(out_dir: Path) -> None:
    """Remove temporary files a killed render left (``.*.tmp``, ``.*.running.ipynb``)."""
    if not out_dir.is_dir():
        return
    for pattern in (".*.tmp", ".*.running.ipynb"):
        for p in out_dir.rglob(pattern):
            if p.is_file():
                p.unlink(missing_ok=True)


class Journal:
    """The manifest and index of a render in progress: :meth:`write` rewrites both
    atomically, so a kill leaves them describing exactly the pages on disk."""

    def __init__(self, out_dir: Path, paths: DataPaths, data_fp: str, order: list[str],
                 kept: list[dict[str, Any]] | None = None):
        self.out_dir, self.paths, self.data_fp, self.order = out_dir, paths, data_fp, order
        self.kept = kept or []
        self.entries: dict[str, dict[str, Any]] = {}
        self.stamp = stamp_fields(str(paths.root))

    def result(self) -> RenderResult:
        return RenderResult([self.entries[n] for n in self.order if n in self.entries]
                            + self.kept)

    def write(self) -> None:
        write_outputs(self.out_dir, self.result(), self.paths, self.data_fp, self.stamp)


def write_outputs(out_dir: Path, result: RenderResult, paths: DataPaths, data_fp: str,
                  stamp: dict[str, str] | None = None) -> None:
    import jinja2  # lazy: only when writing the index

    """Write ``index.html`` then ``manifest.json``, each atomically. In this order a kill
    between the two leaves the manifest (which decides what a rerun skips) no further along
    than the index, and the index linking pages of one data version only."""
    stamp = stamp or stamp_fields(str(paths.root))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    groups = [(nb, list(js)) for nb, js in itertools.groupby(
        sorted(result.jobs, key=lambda j: (j["notebook"], j["name"])), key=lambda j: j["notebook"])]
    counts = {s: result.count(s) for s in ("ok", "skipped", "failed", "pending")}
    page = env.get_template("reports-index.html.j2").render(groups=groups, counts=counts,
                                                             stamp=stamp)
    write_text(out_dir / "index.html", page)
    manifest = {"ipstats_version": __version__, "data_hash": data_fp, "data_dir": str(paths.root),
                "git_commit": stamp["git_commit"], "generated_at": stamp["rendered_at"],
                "jobs": result.jobs}
    write_text(out_dir / "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def summary(result: RenderResult, out_dir: str | Path) -> str:
    """The end-of-run summary: counts, time, failures with their error."""
    lines = [(f"{result.count('ok')} rendered, {result.count('skipped')} up to date (skipped), "
              f"{result.count('failed')} failed in {result.seconds:.1f}s -> {out_dir}/index.html")]
    for j in result.failed:
        lines.append(f"  FAILED {j['name']} ({j['notebook']}): {j['error']}\n"
                     f"         executed notebook: {out_dir}/{j['ipynb']}")
    return "\n".join(lines)
