"""A warm kernel template: one process that has imported everything a report needs and forks a
brand-new kernel process per job.

Why: a fresh ``python -m ipykernel_launcher`` pays ~1.5 s per job for interpreter start-up and
imports (ipykernel, pandas with Styler's Jinja templates, pyarrow, matplotlib, ipstats) before
the notebook's first line runs. The template pays them once per render; ``fork()`` then gives
each job a copy of that memory in a few milliseconds.

What a job can and cannot see of another (the guarantee):

- Every job runs in its own process, forked from the template and never reused: a job cannot
  see anything another job did in memory: module-level objects it changed, pandas options,
  matplotlib's rcParams, open figures, registered fonts, variables, monkey-patches. The next
  job starts from the template's untouched state, as a fresh kernel starts from a fresh import.
- The template imports modules but executes no notebook code and reads no data, so what a job
  inherits is the state a fresh kernel would have after the same imports. Beyond imports it
  warms caches that depend only on the package (the schema and message catalogue, read from
  the package's own files; Styler's compiled templates; matplotlib's font cache, drawing one
  throw-away figure with rcParams restored and no warning recorded). The child then gets
  exactly the environment variables, working directory, argv and kernel connection file an
  ordinary kernel launch would get, a new session (own process group), and fresh random seeds
  (``random`` by Python, NumPy's global generator here).
- Jobs do share what any two kernels on the machine share: files (the data is built before
  jobs start and only read by them) and anything written outside the process.
- Differences from a fresh kernel that a job can observe: modules on the preload list are
  already imported (``sys.modules``), BLAS runs single-threaded (``OPENBLAS_NUM_THREADS=1`` at
  template start) and Arrow's jemalloc runs without its background thread, so the template
  forks with a single thread (a thread does not survive a fork and can leave a lock held).

Protocol (over the template's stdin/stdout, one JSON object per line): the template first
prints ``{"ready": true, "pid": ..., "threads": ...}``; each request
``{"argv": [...], "cwd": "/abs", "env": {...}}`` is answered with ``{"pid": N}`` once the child
is forked. The template exits when its stdin closes (the render process ended).

Run as ``python -m ipstats.reports.render.forkserver``; :class:`KernelTemplate` starts it and
is its client in the render process (light imports only, so the command can start it before
importing pandas). POSIX only (Linux, macOS).
"""
from __future__ import annotations

import contextlib
import importlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import warnings

from ipstats.core.paths import PROJECT_ROOT

# Set before anything imports NumPy or pyarrow (the client also puts them in the template's
# environment, because `python -m` imports the parent packages first). OPENBLAS_CORETYPE is
# deliberately left alone: it selects kernels, not threads.
THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1",
              "JE_ARROW_MALLOC_CONF": "background_thread:false"}
# What ipykernel sets before any user code runs; matplotlib reads it when first imported, so it
# must be in place before the template imports matplotlib (else figures would not display).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

# Imported once by the template. Not matplotlib_inline.backend_inline: it hooks itself into
# the running IPython shell when imported, which must happen in the job's own kernel.
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython", "IPython.core.logger", "bdb",
    "numpy", "pandas", "pandas.io.formats.style", "pandas.io.formats.csvs",
    "pandas.core.arrays.arrow.extension_types", "pandas.core.reshape.reshape",
    "pandas.core.methods.to_dict", "pyarrow", "pyarrow.parquet", "pyarrow.dataset",
    "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "opencc",
    "ipstats", "ipstats.dataset.api", "ipstats.dataset.build", "ipstats.analysis.compare",
    "ipstats.analysis.overview", "ipstats.analysis.profile", "ipstats.analysis.timeline",
    "ipstats.analysis.measures", "ipstats.analysis.findings", "ipstats.analysis.progress",
    "ipstats.reports.charts", "ipstats.reports.plot", "ipstats.reports.page",
    "ipstats.reports.cite", "ipstats.reports.sentences", "ipstats.reports.views",
    "ipstats.reports.progress_charts",
)


START_TIMEOUT = 60.0  # seconds the template may take to import everything
FORK_TIMEOUT = 10.0  # seconds to answer one fork request


def warm_kernels_supported() -> bool:
    """True where the template can run: a POSIX ``fork`` and not disabled by the user."""
    return (hasattr(os, "fork") and sys.platform != "win32"
            and os.environ.get("IPSTATS_WARM_KERNELS", "1") != "0")


class KernelTemplate:
    """The render-side handle of one template process: start it early (it imports in the
    background, in parallel with the build), then :meth:`fork` one kernel per job. With
    ``lazy``, the process starts on the first :meth:`fork` (a render with nothing to run, or
    whose jobs are replaced in a test, never pays for it)."""

    def __init__(self, start_timeout: float = START_TIMEOUT, lazy: bool = False) -> None:
        self.start_timeout = start_timeout
        self.pid: int | None = None
        self.threads_at_start: int | None = None
        self._lines: queue.Queue[dict | None] = queue.Queue()
        self._lock = threading.Lock()
        self._ready: bool | None = None  # None: not known yet
        self._proc: subprocess.Popen[str] | None = None
        self._closed = False
        if not lazy:
            self._start()

    def _start(self) -> None:
        self._started = time.monotonic()
        env = {**os.environ, **THREAD_ENV}
        env.setdefault("MPLBACKEND", INLINE_BACKEND)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "ipstats.reports.render.forkserver"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=str(PROJECT_ROOT), env=env, start_new_session=True, text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            try:
                self._lines.put(json.loads(line))
            except ValueError:
                continue
        self._lines.put(None)  # the template exited

    def ready(self) -> bool:
        """Wait (up to the start-up timeout, counted from the start) for the template."""
        if self._proc is None and not self._closed:
            self._start()
        if self._ready is None:
            left = self.start_timeout - (time.monotonic() - self._started)
            try:
                msg = self._lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                msg = None
            if msg and msg.get("ready"):
                self.pid, self.threads_at_start = msg["pid"], msg.get("threads")
                self._ready = True
            else:
                self._ready = False
                self.close()
        return self._ready

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int | None:
        """A new kernel process running ``ipykernel_launcher ARGV``; None if the template
        cannot provide one (the caller then launches an ordinary kernel)."""
        with self._lock:
            if not self.ready():
                return None
            assert self._proc is not None and self._proc.stdin is not None
            try:
                self._proc.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
                self._proc.stdin.flush()
                msg = self._lines.get(timeout=FORK_TIMEOUT)
            except (OSError, ValueError, queue.Empty):
                msg = None
            if not msg or "pid" not in msg:
                self._ready = False
                self.close()
                return None
            return int(msg["pid"])

    def close(self) -> None:
        """Stop the template (its running children are not affected): at once if it is still
        importing, else by closing its input (it exits at end of input), killed after 2 s."""
        self._closed = True
        if self._ready is None:
            self._ready = False
        if self._proc is None or self._proc.poll() is not None:
            return
        if self._ready is not True:
            self._proc.kill()
        try:
            if self._proc.stdin:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def native_threads() -> int:
    """Threads of this process (1 means safe to fork); -1 where /proc is not available."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


def preload() -> None:
    """Import the preload list, with the environment a kernel would have."""
    for k, v in THREAD_ENV.items():
        os.environ.setdefault(k, v)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        # an optional module missing only makes the child import it
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    # The package's own schema and message catalogue (code, not data: both are read once
    # and cached by their modules; every job reads them).
    with contextlib.suppress(Exception):
        importlib.import_module("ipstats.dataset.schema").schema_fingerprint()
        importlib.import_module("ipstats.reports.i18n").catalogue()
    # Styler compiles its Jinja templates on first use; doing it here shares the result.
    with contextlib.suppress(Exception):
        import pandas as pd

        pd.DataFrame({"a": [1]}).style.to_html()
    _warm_fonts()


def _warm_fonts() -> None:
    """Draw one throw-away figure in the house fonts (not through pyplot, rcParams restored):
    loads the font files and glyph caches once, which every chart otherwise pays for. Not
    through ``plot.use_house_style``: its once-per-session warning (no CJK font) must still
    be given in each job."""
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nothing recorded in any once-only registry
        import io

        import matplotlib as mpl
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        plot = importlib.import_module("ipstats.reports.plot")
        font = plot.cjk_font()
        with mpl.rc_context({"font.family": "sans-serif",
                             "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"]}):
            fig = Figure(figsize=(2, 1))
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            cjk = "发明专利 " if font else ""
            ax.bar([0, 1], [1, 2], label=f"{cjk}label")
            ax.set_title(f"{cjk}Invention patents 0123456789")
            ax.legend()
            fig.savefig(io.BytesIO(), format="png")


def _child(request: dict, out_fd: int) -> None:
    """In the forked child: become an ordinary kernel process, then run the kernel."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()  # as jupyter_client does: interrupts go to the kernel's own process group
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # never write into the protocol pipe
    os.close(devnull)
    if out_fd > 2:
        os.close(out_fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    with contextlib.suppress(Exception):
        import numpy

        numpy.random.seed()  # Python's `random` is reseeded by fork itself
    import ipykernel_launcher
    from ipykernel import kernelapp

    sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
    kernelapp.IPKernelApp.launch_instance(argv=request["argv"])


def serve() -> None:
    """The template's loop: preload, announce readiness, fork one child per request."""
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]  # as ipykernel_launcher does; IPython puts '' back in the child
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the render process
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    out.write(json.dumps({"ready": True, "pid": os.getpid(), "threads": native_threads()}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _child(request, out.fileno())
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
            finally:
                os._exit(code)
        out.write(json.dumps({"pid": pid}) + "\n")


if __name__ == "__main__":
    serve()
