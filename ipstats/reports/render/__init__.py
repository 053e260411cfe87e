"""``ipstats render``: execute the report notebooks of ``params.yaml`` and export HTML.

Modules by job: :mod:`.jobs` (expand the settings into jobs), :mod:`.fingerprint` (what a
report depends on), :mod:`.fastpath` (the no-change rerender, from file stats),
:mod:`.forkserver` and :mod:`.kernel` (warm kernels forked from a preloaded template),
:mod:`.kernels` (kernels over Unix sockets, ready and shut down without idle waits),
:mod:`.execute` (run one job), :mod:`.export` (notebook -> HTML), :mod:`.outputs` (manifest
and index) and :mod:`.run` (the whole run, with incremental skips).

``render``, ``summary`` and ``RenderResult`` are imported on first use, so that importing a
light module of this package (e.g. :mod:`.fastpath`) does not import pandas.
"""
from __future__ import annotations

from typing import Any

__all__ = ["RenderResult", "render", "summary"]


def __getattr__(name: str) -> Any:
    if name == "render":
        from ipstats.reports.render.run import render  # lazy: pandas, jupyter

        return render
    if name in ("summary", "RenderResult"):
        from ipstats.reports.render import outputs  # lazy: pandas (through the page stamp)

        return getattr(outputs, name)
    raise AttributeError(name)
