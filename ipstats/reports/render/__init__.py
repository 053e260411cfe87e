"""``ipstats render``: execute the report notebooks of ``params.yaml`` and export HTML.

Modules by job: :mod:`.jobs` (expand the settings into jobs), :mod:`.fingerprint` (what a
report depends on), :mod:`.execute` (run one job), :mod:`.export` (notebook -> HTML),
:mod:`.outputs` (manifest and index) and :mod:`.run` (the whole run, with incremental skips).
"""
from ipstats.reports.render.outputs import RenderResult, summary
from ipstats.reports.render.run import render

__all__ = ["RenderResult", "render", "summary"]
