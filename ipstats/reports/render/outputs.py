"""The run's outputs beside the reports: ``manifest.json`` (every job, its hash and status) and
the indexes: ``<lang>/index.html`` per language and ``index.html`` at the top (Chinese, with
every English twin linked). Reports are grouped by kind, with the human titles their pages
declare (read from the executed notebooks), a one-line description, counts and an offline
filter box. The manifest and indexes are rewritten
atomically after each job by a :class:`Journal` (see :mod:`ipstats.reports.render.run`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ipstats import __version__
from ipstats.core.atomic import write_text
from ipstats.core.paths import TEMPLATES_DIR, DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.reports.i18n import LANGS, t
from ipstats.reports.page import PAGE_MIME, stamp_fields

# Report kinds in index order (a page declares its kind in page.header()).
KINDS = ("overview", "compare", "single", "profile", "timeline", "measures", "progress")


@dataclass
class RenderResult:
    """Every job the manifest lists: this run's (``render --only`` selects them), then
    ``kept`` entries of earlier runs outside the selection, listed but not counted."""

    jobs: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    kept: int = 0

    @property
    def this_run(self) -> list[dict[str, Any]]:
        return self.jobs[:len(self.jobs) - self.kept]

    def count(self, status: str) -> int:
        """How many of this run's jobs ended with ``status``.

        >>> r = RenderResult([{"status": "ok"}, {"status": "ok"}], kept=1)
        >>> r.count("ok"), len(r.jobs)
        (1, 2)
        """
        return sum(1 for j in self.this_run if j["status"] == status)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [j for j in self.this_run if j["status"] == "failed"]


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
                            + self.kept, kept=len(self.kept))

    def write(self) -> None:
        write_outputs(self.out_dir, self.result(), self.paths, self.data_fp, self.stamp)


# page_facts by (file, size, mtime, inode): the index is rewritten after every job, and an
# executed notebook (with its images) is read again only when it was rewritten.
_FACTS: dict[tuple[str, int, int, int], dict[str, Any]] = {}


def page_facts(ipynb: Path) -> dict[str, Any]:
    """The facts a page declared with ``page.header()`` (title, kind, lang); {} if none."""
    try:
        st = ipynb.stat()
        key = (str(ipynb), st.st_size, st.st_mtime_ns, st.st_ino)
        if key not in _FACTS:
            _FACTS[key] = _read_facts(json.loads(ipynb.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}
    return dict(_FACTS[key])


def _read_facts(nb: dict[str, Any]) -> dict[str, Any]:
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if PAGE_MIME in out.get("data", {}):
                return dict(out["data"][PAGE_MIME])
    return {}


@lru_cache(maxsize=1)
def _index_template() -> Any:
    import jinja2  # lazy: only when writing the index

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    return env.get_template("reports-index.html.j2")


def index_groups(jobs: list[dict[str, Any]], out_dir: Path, lang: str,
                 orphans: bool = False) -> list[dict[str, Any]]:
    """Jobs of one language grouped by report kind, each with its title and twin; with
    ``orphans``, also the other language's pages that have no twin in this one."""
    by_name = {j["name"]: j for j in jobs}
    other = next(x for x in LANGS if x != lang)
    groups: dict[str, list[dict[str, Any]]] = {}
    for j in sorted(jobs, key=lambda j: j["name"]):
        job_lang = j.get("parameters", {}).get("lang", lang)
        twinless = by_name.get(f"{lang}/{j['name'].split('/', 1)[-1]}") is None
        if job_lang != lang and not (orphans and twinless):
            continue
        facts = page_facts(out_dir / j["ipynb"]) if j.get("ipynb") else {}
        twin = by_name.get(f"{other}/{j['name'].split('/', 1)[-1]}") if job_lang == lang else None
        title = facts.get("title") or " ".join(f"{v}" for k, v in j["parameters"].items()
                                                if k not in ("lang", "page_path")) or j["name"]
        kind = str(facts["kind"]) if facts.get("kind") in KINDS else "other"
        groups.setdefault(kind, []).append({**j, "title": title,
                                            "twin": twin["html"] if twin and twin.get("html") else None})
    order = [*KINDS, "other"]
    return [{"kind": k, "name": t(f"kind.{k}", lang), "description": t(f"kinddesc.{k}", lang),
             "count": t("index.count", lang, n=len(groups[k])), "jobs": groups[k]}
            for k in order if k in groups]


def write_outputs(out_dir: Path, result: RenderResult, paths: DataPaths, data_fp: str,
                  stamp: dict[str, str] | None = None) -> None:
    """Write the indexes (``<lang>/index.html`` and ``index.html``) then ``manifest.json``,
    each atomically. In this order a kill between them leaves the manifest (which decides
    what a rerun skips) no further along than the indexes, and the indexes linking pages of
    one data version only."""
    stamp = stamp or stamp_fields(str(paths.root))
    counts = {s: result.count(s) for s in ("ok", "skipped", "failed")}
    template = _index_template()
    for lang in LANGS:
        other = next(x for x in LANGS if x != lang)
        msg = {k: t(k, lang) for k in ("index.title", "index.intro", "index.filter",
                                       "page.twin", "index.failed")}
        msg["summary"] = t("index.summary", lang, **counts)
        msg["stamp"] = t("page.stamp", lang, version=stamp["ipstats_version"],
                         data_hash=stamp["data_hash"], git_commit=stamp["git_commit"],
                         rendered_at=stamp["rendered_at"])
        groups = index_groups(result.jobs, out_dir, lang)
        top_groups = index_groups(result.jobs, out_dir, lang, orphans=True)
        # <lang>/index.html: links relative to the language folder; index.html (Chinese) at
        # the top links every page, its English twin included.
        for target, switch in ((out_dir / lang / "index.html", f"../{other}/index.html"),
                               (out_dir / "index.html", f"{other}/index.html")):
            if target.parent == out_dir and lang != LANGS[0]:
                continue
            strip = target.parent != out_dir
            page = template.render(lang=lang, other=other, msg=msg,
                                   groups=groups if strip else top_groups,
                                   switch=switch, strip=strip, lang_prefix=f"{lang}/")
            write_text(target, page)
    manifest = {"ipstats_version": __version__, "data_hash": data_fp, "data_dir": str(paths.root),
                "git_commit": stamp["git_commit"], "generated_at": stamp["rendered_at"],
                "jobs": result.jobs}
    write_text(out_dir / "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def summary(result: RenderResult, out_dir: str | Path) -> str:
    """The end-of-run summary: counts, time, failures with their error."""
    lines = [(f"{result.count('ok')} rendered, {result.count('skipped')} up to date (skipped), "
              f"{result.count('failed')} failed in {result.seconds:.1f}s -> {out_dir}/index.html")]
    if result.kept:
        lines.append(f"  ({result.kept} other report(s) outside --only kept from earlier runs)")
    for j in result.failed:
        lines.append(f"  FAILED {j['name']} ({j['notebook']}): {j['error']}\n"
                     f"         executed notebook: {out_dir}/{j['ipynb']}")
    return "\n".join(lines)
