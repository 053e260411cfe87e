"""``ipstats render``: execute the report notebooks declared in ``params.yaml`` in parallel and
export each to self-contained HTML, with an index and a manifest.

Load inputs (settings, data: built once here, before any job starts, so jobs never race to
build) -> expand jobs (parameter sweeps) -> skip jobs whose notebook, parameters, data and
code are unchanged -> run the rest in threads (papermill's Python API; one kernel per job) ->
export HTML (code hidden unless asked, no CDN reference) -> write index.html and
manifest.json. Every file is written atomically: a failed or interrupted job leaves no
half-written HTML.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .atomic import write_text
from .paths import PACKAGE_DIR, PROJECT_ROOT, DataPaths, data_paths
from .problems import IpstatsError
from .settings import FromSet, SWEEPS, Settings, load_settings

TEMPLATES_DIR = PACKAGE_DIR / "templates"
KERNEL = "python3"
# Quiet kernels (no "running over TCP" or shutdown noise on the terminal) and no shared
# IPython history database (parallel kernels would contend for its lock).
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


@dataclass(frozen=True)
class JobSpec:
    """One notebook run: the notebook (path from the repo root), its parameters (without
    ``data_dir``) and the output name (``<notebook stem>/<slug>``)."""

    notebook: str
    parameters: dict
    name: str


@dataclass
class RenderResult:
    jobs: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for j in self.jobs if j["status"] == status)

    @property
    def failed(self) -> list[dict]:
        return [j for j in self.jobs if j["status"] == "failed"]


def notebook_parameters(path: Path) -> list[str]:
    """Names declared in the notebook's cell tagged ``parameters``.

    >>> notebook_parameters(PROJECT_ROOT / "notebooks" / "40-timeline.ipynb")
    ['period', 'level', 'lang', 'data_dir']
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            return re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=", src, flags=re.M)
    raise IpstatsError(f"{path}: no cell tagged 'parameters'; tag the cell that sets the "
                       "notebook's parameters (View > Cell toolbar > Tags in Jupyter)")


def slug(params: dict) -> str:
    """A file-name-safe name for a parameter set.

    >>> slug({"family": "ip_pledge_financing", "lang": "en"}), slug({})
    ('family-ip_pledge_financing_lang-en', 'report')
    """
    if not params:
        return "report"
    text = "_".join(f"{k}-{v}" for k, v in params.items())
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "report"


def expand_jobs(settings: Settings, data_dir=None) -> list[JobSpec]:
    """Every (notebook, parameter set) the settings declare, sweeps expanded from the data."""
    specs: list[JobSpec] = []
    seen: set[str] = set()
    for i, job in enumerate(settings.jobs, start=1):
        path = PROJECT_ROOT / job.notebook
        if not path.is_file():
            raise IpstatsError(f"params.yaml, job {i}: notebook {job.notebook!r} not found "
                               f"(paths are relative to {PROJECT_ROOT})")
        declared = notebook_parameters(path)
        unknown = [k for k in job.parameters if k not in declared]
        if unknown:
            raise IpstatsError(f"params.yaml, job {i} ({job.notebook}): unknown parameter "
                               f"{', '.join(map(repr, unknown))}; the notebook declares: "
                               f"{', '.join(declared)}")
        swept: dict[str, list] = {}
        for k, v in job.parameters.items():
            if isinstance(v, FromSet):
                swept[k] = SWEEPS[v.from_](data_dir)
            elif isinstance(v, list):
                swept[k] = list(v)
            else:
                swept[k] = [v]
        fixed = {k: v for k, v in settings.defaults.items() if k in declared}
        for combo in itertools.product(*swept.values()):
            own = dict(zip(swept, combo))
            varying = {k: v for k, v in own.items()
                       if isinstance(job.parameters[k], (FromSet, list))}
            name = f"{path.stem}/{slug(varying)}"
            if name in seen:
                raise IpstatsError(f"params.yaml, job {i}: {name} is rendered twice; give the "
                                   "second entry different parameters or remove it")
            seen.add(name)
            specs.append(JobSpec(job.notebook, {**fixed, **own}, name))
    return specs


def code_fingerprint() -> str:
    """Hash of the package's code and templates: a change re-renders every report."""
    h = hashlib.sha256(__version__.encode())
    for f in sorted(PACKAGE_DIR.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".j2", ".json"):
            h.update(str(f.relative_to(PACKAGE_DIR)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def job_hash(spec: JobSpec, data_fp: str, code_fp: str, keep_code: bool) -> str:
    """What a report depends on: notebook bytes, parameters, data, code, export options."""
    h = hashlib.sha256()
    h.update(hashlib.sha256((PROJECT_ROOT / spec.notebook).read_bytes()).digest())
    h.update(json.dumps(spec.parameters, sort_keys=True, ensure_ascii=False).encode())
    h.update(f"{data_fp}:{code_fp}:{keep_code}".encode())
    return h.hexdigest()


def export_html(nb, keep_code: bool = False) -> str:
    """Executed notebook -> self-contained HTML (images embedded, no CDN scripts or styles)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="ipstats", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=not keep_code, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def _error_text(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def run_job(spec: JobSpec, out_dir: Path, paths: DataPaths, keep_code: bool,
            timeout: int) -> dict:
    """Execute one notebook and export it; returns its manifest entry (never raises)."""
    import nbformat
    import papermill

    ipynb = out_dir / f"{spec.name}.ipynb"
    html_path = out_dir / f"{spec.name}.html"
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.running.ipynb")
    nb_path = PROJECT_ROOT / spec.notebook
    params = dict(spec.parameters)
    if "data_dir" in notebook_parameters(nb_path):
        params["data_dir"] = str(paths.root)
    entry = {"status": "ok", "error": None}
    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(nb_path), str(tmp), parameters=params,
                                   kernel_name=KERNEL, progress_bar=False, log_output=False,
                                   cwd=str(nb_path.parent), execution_timeout=timeout,
                                   request_save_on_cell_execute=False,
                                   extra_arguments=KERNEL_ARGS)
    except Exception as exc:  # a failing job must not stop the others
        entry = {"status": "failed", "error": _error_text(exc)}
    try:
        if tmp.exists():
            os.replace(tmp, ipynb)
        if entry["status"] == "ok":
            write_text(html_path, export_html(nbformat.read(ipynb, as_version=4), keep_code))
        elif html_path.exists():
            html_path.unlink()  # never leave a report that no longer matches its inputs
    except Exception as exc:
        entry = {"status": "failed", "error": f"export: {_error_text(exc)}"}
    finally:
        tmp.unlink(missing_ok=True)
    entry["seconds"] = round(time.perf_counter() - start, 2)
    return entry


def _previous(manifest: Path) -> dict[str, dict]:
    try:
        return {j["name"]: j for j in json.loads(manifest.read_text(encoding="utf-8"))["jobs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def render(settings: Settings | None = None, data_dir=None, out: str | Path | None = None,
           force: bool = False, keep_code: bool | None = None, workers: int | None = None,
           only: str = "", progress: bool = True) -> RenderResult:
    """Render every job; skip those unchanged since their last render (unless ``force``)."""
    from .build import build, raw_fingerprint

    t0 = time.perf_counter()
    settings = settings or load_settings()
    keep_code = settings.output.keep_code if keep_code is None else keep_code
    out_dir = Path(out or settings.output.dir)
    out_dir = (out_dir if out_dir.is_absolute() else PROJECT_ROOT / out_dir).resolve()
    paths = build(data_paths(data_dir))  # once, here: jobs then only read
    specs = [s for s in expand_jobs(settings, paths) if only in s.name]
    data_fp, code_fp = raw_fingerprint(paths), code_fingerprint()
    manifest_path = out_dir / "manifest.json"
    before = _previous(manifest_path)
    entries: dict[str, dict] = {}
    todo: list[tuple[JobSpec, str]] = []
    for spec in specs:
        h = job_hash(spec, data_fp, code_fp, keep_code)
        old = before.get(spec.name)
        if (not force and old and old.get("hash") == h and old.get("status") in ("ok", "skipped")
                and (out_dir / old["html"]).is_file()):
            entries[spec.name] = {**old, "status": "skipped"}
        else:
            todo.append((spec, h))
    n_workers = workers or settings.output.workers or os.cpu_count() or 1
    if todo:
        from tqdm import tqdm

        with ThreadPoolExecutor(max_workers=min(n_workers, len(todo))) as pool:
            futures = {pool.submit(run_job, s, out_dir, paths, keep_code,
                                   settings.output.timeout): (s, h) for s, h in todo}
            bar = tqdm(total=len(todo), desc="render", unit="report", disable=not progress,
                       file=sys.stderr)
            for fut in as_completed(futures):
                spec, h = futures[fut]
                entries[spec.name] = {"name": spec.name, "notebook": spec.notebook,
                                      "parameters": spec.parameters,
                                      "ipynb": f"{spec.name}.ipynb", "html": f"{spec.name}.html",
                                      "hash": h, **fut.result()}
                if entries[spec.name]["status"] != "ok":
                    entries[spec.name]["html"] = None
                bar.update(1)
            bar.close()
    result = RenderResult([entries[s.name] for s in specs])
    if only:  # keep the other jobs' entries from the previous run
        kept = [j for n, j in before.items() if n not in entries]
        result = RenderResult(result.jobs + kept)
    _write_outputs(out_dir, result, paths, data_fp)
    result.seconds = time.perf_counter() - t0
    return result


def _write_outputs(out_dir: Path, result: RenderResult, paths: DataPaths, data_fp: str) -> None:
    import jinja2

    from .report import stamp_fields

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
    lines = [f"{result.count('ok')} rendered, {result.count('skipped')} up to date (skipped), "
             f"{result.count('failed')} failed in {result.seconds:.1f}s -> {out_dir}/index.html"]
    for j in result.failed:
        lines.append(f"  FAILED {j['name']} ({j['notebook']}): {j['error']}"
                     f"\n         executed notebook: {out_dir}/{j['ipynb']}")
    return "\n".join(lines)


def _cmd_render(args: argparse.Namespace) -> int:
    settings = load_settings(args.params)
    result = render(settings, data_dir=args.data_dir, out=args.out, force=args.force,
                    keep_code=True if args.keep_code else None, workers=args.workers,
                    only=args.only, progress=not args.quiet)
    out = args.out or settings.output.dir
    print(summary(result, out))
    return 1 if result.failed else 0


def add_command(subparsers) -> None:
    from .cli import add_data_dir

    p = subparsers.add_parser(
        "render", help="execute the report notebooks in params.yaml and export HTML",
        description="Build the data once, then execute every report job declared in "
                    "params.yaml in parallel and export each to self-contained HTML (no "
                    "network needed to open it), with index.html and manifest.json. Jobs "
                    "whose notebook, parameters, data and code are unchanged are skipped.")
    add_data_dir(p)
    p.add_argument("--params", metavar="FILE", default=None,
                   help="report settings (default: params.yaml at the repository root)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder (default: output.dir in params.yaml, i.e. reports/)")
    p.add_argument("--force", action="store_true",
                   help="render every job even if unchanged since its last render")
    p.add_argument("--keep-code", action="store_true",
                   help="keep code cells in the HTML (default: hidden)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="jobs run at the same time (default: output.workers, 0 = one per CPU)")
    p.add_argument("--only", default="", metavar="TEXT",
                   help="render only jobs whose name contains TEXT, e.g. 30-jurisdiction")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_render)
