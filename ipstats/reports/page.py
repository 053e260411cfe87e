"""Report helpers for notebooks: HTML-safe tables, source citations, parameter checks and the
reproducibility stamp every page carries.

Every data string that reaches HTML goes through :func:`html.escape` or pandas Styler with
``escape="html"`` (Styler does not escape by default), never through an f-string into markup.

>>> t = show_table(pd.DataFrame({"quote": ["<script>x</script>"]}), caption="a < b")
>>> "<script>" in t.html, "&lt;script&gt;" in t.html, "a &lt; b" in t.html
(False, True, True)
"""
from __future__ import annotations

import datetime as _dt
import html
import subprocess
from dataclasses import dataclass

import pandas as pd

from ipstats import __version__
from ipstats.core.paths import CHECKOUT_ROOT, data_paths
from ipstats.core.problems import check_choice  # noqa: F401  (re-exported for notebooks)
from ipstats.dataset.build import raw_fingerprint

DATA_LICENCE = "CC-BY-4.0"  # the curated data's licence, stated on every page (CITATION.cff)


@dataclass(frozen=True)
class Html:
    """A fragment of already-escaped HTML that notebooks display as rich output."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def escape(value: object) -> str:
    """Escape any value for HTML text or attribute context (``None``/NA -> empty).

    >>> escape('<b a="1">')
    '&lt;b a=&quot;1&quot;&gt;'
    """
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


# Bilingual headers for columns that recur in reports (readers who do not read Chinese).
COLUMN_LABELS: dict[str, str] = {
    "jurisdiction": "辖区 Jurisdiction", "level": "层级 Level", "indicator": "指标 Indicator",
    "indicator_id": "指标代码 Indicator id", "family": "指标类别 Family",
    "comparator": "比较 Comparator", "value_as_written": "原文数值 As written",
    "value_std": "标准值 Standard value", "unit_std": "标准单位 Unit",
    "target_year": "目标年份 Target year", "plan_years": "规划年数 Plan years",
    "value_std_per_year": "年均值 Per plan year", "per_capita": "人均 Per capita",
    "per_capita_unit": "人均单位 Per-capita unit", "per_capita_note": "说明 Note",
    "reading": "解读 Reading", "doc_id": "文件 Document", "clause": "条款 Clause",
    "source_line": "原文行 Source line", "quote": "原文 Quote", "quote_en": "译文 Translation",
    "title": "标题 Title", "status": "状态 Status", "reference_date": "发布日期 Issued",
    "effective_from": "生效 From", "effective_to": "截止 To", "target_years": "目标年份 Target years",
    "n_numeric_targets": "数值目标 Numeric targets", "n_milestones": "里程碑 Milestones",
    "lag": "晚于国家文件 Lag after national", "role": "角色 Role",
    "same_indicator": "同一指标 Same indicator", "population": "人口 Population",
    "source": "来源 Source", "numeric_targets": "数值目标 Numeric targets",
}


def show_table(df: pd.DataFrame, caption: str = "", sources: str = "",
               precision: int = 4, bilingual_headers: bool = True) -> Html:
    """An escaped HTML table of ``df`` (no index) with an optional caption and a source line.

    Numbers are shown with up to ``precision`` significant digits, missing values as blanks;
    known column names get bilingual headers (:data:`COLUMN_LABELS`).
    """
    shown = df.reset_index(drop=True)
    if bilingual_headers:
        shown = shown.rename(columns=COLUMN_LABELS)
    styler = (shown.style.hide(axis="index")
              .format(escape="html", na_rep="", precision=precision,
                      formatter={c: _num for c in shown.columns
                                 if pd.api.types.is_float_dtype(shown[c])})
              .format_index(escape="html", axis=1)
              .set_table_attributes('class="ipstats-table"'))
    parts = []
    if caption:
        parts.append(f'<p class="ipstats-caption"><strong>{escape(caption)}</strong></p>')
    parts.append(styler.to_html())
    if sources:
        parts.append(f'<p class="ipstats-sources"><small>{escape(sources)}</small></p>')
    return Html("\n".join(parts))


def _num(x: object) -> str:
    if x is None or pd.isna(x):
        return ""
    return f"{x:,.6g}"


def note(text: str, kind: str = "note") -> Html:
    """A short escaped paragraph (kind: note | warning), e.g. "no population reference".

    >>> note("a<b").html
    '<p class="ipstats-note"><em>a&lt;b</em></p>'
    """
    return Html(f'<p class="ipstats-{escape(kind)}"><em>{escape(text)}</em></p>')


def citation(row: pd.Series | dict, lang: str = "en") -> str:
    """Where a number comes from: document, clause and source line, as plain text.

    >>> citation({"doc_id": "zj-2020", "doc_title_zh": "行动计划", "doc_title_en": "Plan",
    ...           "clause": "task 20", "source_line": 12})
    'Plan (zj-2020), task 20, source line 12'
    """
    title = row.get("doc_title_zh") if lang == "zh" else row.get("doc_title_en")
    line = row.get("source_line")
    where = f", source line {int(line)}" if line is not None and not pd.isna(line) else ""
    return f"{title or row.get('doc_id')} ({row.get('doc_id')}), {row.get('clause')}{where}"


def sources_line(df: pd.DataFrame, lang: str = "en") -> str:
    """One "Sources:" line listing every (document, clause) behind the rows of ``df``."""
    if df.empty:
        return ""
    seen: dict[str, None] = {}
    for _, row in df.iterrows():
        seen.setdefault(citation(row, lang), None)
    head = "来源 Sources: " if lang == "zh" else "Sources: "
    return head + "; ".join(seen)


def git_commit() -> str:
    """The checkout's current commit (with ``-dirty`` if files changed), or ``unknown`` (also
    for an installed wheel, which has no checkout)."""
    if CHECKOUT_ROOT is None:
        return "unknown"
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=CHECKOUT_ROOT,
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=CHECKOUT_ROOT, capture_output=True, text=True,
                               timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (sha + ("-dirty" if dirty else "")) if sha else "unknown"


def stamp_fields(data_dir: str | None = None) -> dict[str, str]:
    """The facts that make a report reproducible: data hash, git commit, time, version."""
    paths = data_paths(data_dir or None)
    return {"data_hash": raw_fingerprint(paths)[:16], "git_commit": git_commit(),
            "rendered_at": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "ipstats_version": __version__}


def stamp(data_dir: str | None = None) -> Html:
    """The reproducibility stamp shown at the foot of every report."""
    f = stamp_fields(data_dir)
    text = (f"ipstats {f['ipstats_version']} · data {f['data_hash']} · "
            f"git {f['git_commit']} · rendered {f['rendered_at']} · "
            f"data licence {DATA_LICENCE}")
    return Html(f'<p class="ipstats-stamp"><small>{escape(text)}</small></p>')
