"""The run's outputs beside the reports: ``manifest.json`` (every job, its hash and status) and
``index.html`` (links to every report)."""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipstats import __version__
from ipstats.core.atomic import write_text
from ipstats.core.paths import TEMPLATES_DIR, DataPaths
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


def write_outputs(out_dir: Path, result: RenderResult, paths: DataPaths, data_fp: str) -> None:
    import jinja2  # lazy: only when writing the index

    stamp = stamp_fields(str(paths.root))
    manifest = {"ipstats_version": __version__, "data_hash": data_fp, "data_dir": str(paths.root),
                "git_commit": stamp["git_commit"], "generated_at": stamp["rendered_at"],
                "jobs": result.jobs}
    write_text(out_dir / "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    groups = [(nb, list(js)) for nb, js in itertools.groupby(
        sorted(result.jobs, key=lambda j: (j["notebook"], j["name"])), key=lambda j: j["notebook"])]
    counts = {s: result.count(s) for s in ("ok", "skipped", "failed")}
    page = env.get_template("reports-index.html.j2").render(groups=groups, counts=counts,
                                                             stamp=stamp)
    write_text(out_dir / "index.html", page)


def summary(result: RenderResult, out_dir: str | Path) -> str:
    """The end-of-run summary: counts, time, failures with their error."""
    lines = [(f"{result.count('ok')} rendered, {result.count('skipped')} up to date (skipped), "
              f"{result.count('failed')} failed in {result.seconds:.1f}s -> {out_dir}/index.html")]
    for j in result.failed:
        lines.append(f"  FAILED {j['name']} ({j['notebook']}): {j['error']}\n"
                     f"         executed notebook: {out_dir}/{j['ipynb']}")
    return "\n".join(lines)
