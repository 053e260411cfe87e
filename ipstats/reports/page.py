"""Report building blocks for notebooks: page header (title, language, twin and index links),
sections, key findings, HTML-safe tables with CSV download, figures with alt text, and the
reproducibility stamp. Every visible word comes from the message catalogue (:mod:`.i18n`),
every number from :mod:`.format`.

Every data string that reaches HTML goes through :func:`escape`, never through an f-string
into markup unescaped.

>>> tb = show_table(pd.DataFrame({"quote": ["<script>x</script>"]}), "en", caption="a < b")
>>> "<script>" in tb.html, "&lt;script&gt;" in tb.html, "a &lt; b" in tb.html
(False, True, True)
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import re
import subprocess
from dataclasses import dataclass, field

import pandas as pd

from ipstats import __version__
from ipstats.core.paths import CHECKOUT_ROOT, TEMPLATES_DIR, data_paths
from ipstats.core.problems import check_choice  # noqa: F401  (re-exported for notebooks)
from ipstats.dataset.build import raw_fingerprint
from ipstats.reports.format import plain
from ipstats.reports.i18n import LANGS, check_lang, clause_label, has, t

# Display-data MIME types the nbconvert template reads (page facts; table of contents).
PAGE_MIME = "application/vnd.ipstats.page+json"
SECTION_MIME = "application/vnd.ipstats.section+json"
# Columns right-aligned as numbers even when they hold formatted text.
NUMERIC_COLUMNS = {"target", "value", "per_year", "per_capita", "baseline", "value_high",
                   "numeric_targets", "milestones", "leads", "participates", "similarity",
                   "n_measures", "plan_years"}
# Columns of long running text: they wrap and get room.
TEXT_COLUMNS = {"quote", "quote_en", "measure", "national_text", "title", "note", "date_note",
                "description", "source", "issuer", "indicator", "family", "led_clauses",
                "shared", "department", "effective", "lag", "campaign", "document", "verdict",
                "detail", "url"}

DATA_LICENCE = "CC-BY-4.0"  # the curated data's licence, stated on every page (CITATION.cff)


@dataclass(frozen=True)
class Html:
    """A fragment of already-escaped HTML that notebooks display as rich output, optionally
    with machine-readable facts for the page template (``meta``: MIME type -> dict)."""

    html: str
    meta: dict = field(default_factory=dict)

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.html, **self.meta}

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


def anchor(text: str) -> str:
    """An HTML id from a message key or title.

    >>> anchor("compare.per_year")
    'compare-per_year'
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "section"


def links(page_path: str, lang: str) -> tuple[str, str]:
    """Relative links from a rendered page to its language index and its other-language twin
    (pages live at ``<lang>/<notebook>/<slug>.html``); empty when not rendered by ipstats.

    >>> links("zh/20-compare-indicator/family-x.html", "zh")
    ('../index.html', '../../en/20-compare-indicator/family-x.html')
    >>> links("", "en")
    ('', '')
    """
    if not page_path:
        return "", ""
    parts = page_path.split("/")
    up = "../" * (len(parts) - 1)
    other = next(x for x in LANGS if x != lang)
    twin = "/".join([other, *parts[1:]]) if parts[0] in LANGS else ""
    return "../" * (len(parts) - 2) + "index.html", (up + twin if twin else "")


def join_spaces(text: str, lang: str) -> str:
    """Chinese sentences follow each other without a space: drop the spaces that joining
    catalogue sentences with " " leaves after full-width punctuation.

    >>> join_spaces("不作推测。 范围：全部；截至2026年。", "zh")
    '不作推测。范围：全部；截至2026年。'
    >>> join_spaces("No guess. Scope: all.", "en")
    'No guess. Scope: all.'
    """
    return re.sub(r"([。；！？：，）])[ \t]+", r"\1", text) if lang == "zh" else text


def header(title: str, lang: str, kind: str, page_path: str = "", subtitle: str = "") -> Html:
    """The top of every report: index and twin links, the title (also the HTML ``<title>``),
    an optional subtitle. Its page facts set ``<html lang>`` and ``<title>`` on export."""
    check_lang(lang)
    index, twin = links(page_path, lang)
    nav = []
    if index:
        nav.append(f'<a href="{escape(index)}">← {escape(t("page.index", lang))}</a>')
    if twin:
        other = next(x for x in LANGS if x != lang)
        nav.append(f'<a href="{escape(twin)}" hreflang="{other}" lang="{other}" '
                   f'title="{escape(t("page.twin_title", lang))}">{escape(t("page.twin", lang))}</a>')
    # Inside JupyterLab (not rendered by ipstats) the page style comes with the header; the
    # exported page gets it from the template, after JupyterLab's stylesheet.
    style = "" if page_path else f"<style>{(TEMPLATES_DIR / 'ipstats' / 'ipstats.css').read_text(encoding='utf-8')}</style>"
    parts = [style, f'<nav class="ipstats-nav">{" · ".join(nav)}</nav>' if nav else "",
             f'<h1 class="ipstats-title">{escape(title)}</h1>']
    if subtitle:
        parts.append(f'<p class="ipstats-lead">{escape(join_spaces(subtitle, lang))}</p>')
    return Html("\n".join(p for p in parts if p),
                {PAGE_MIME: {"lang": lang, "title": title, "kind": kind, "index": index,
                             "twin": twin, "contents": t("page.contents", lang)}})


def section(key: str, lang: str, level: int = 2, ident: str = "", **values: object) -> Html:
    """A heading from the catalogue (``key``) and its introduction (``key_intro``) if any;
    level-2 sections are listed in the page's table of contents (``ident``: the anchor, by
    default from the key)."""
    title = t(key, lang, **values)
    ident = anchor(ident or key)
    out = [f'<h{level} id="{ident}" class="ipstats-h">{escape(title)}</h{level}>']
    if has(f"{key}_intro"):
        out.append(f'<p class="ipstats-intro">{escape(t(f"{key}_intro", lang, **values))}</p>')
    meta = {SECTION_MIME: {"id": ident, "title": title}} if level == 2 else {}
    return Html("\n".join(out), meta)


def findings(sentences: list[str], lang: str) -> Html:
    """The "key findings" box that opens a report (sentences computed from the data)."""
    items = "".join(f"<li>{escape(s)}</li>" for s in sentences if s)
    return Html(f'<section class="ipstats-findings"><h2 id="key-findings">'
                f'{escape(t("page.key_findings", lang))}</h2><ul>{items}</ul></section>',
                {SECTION_MIME: {"id": "key-findings", "title": t("page.key_findings", lang)}})


def note(text: str, kind: str = "note") -> Html:
    """A short escaped paragraph (kind: note | warning).

    >>> note("a<b").html
    '<p class="ipstats-note">a&lt;b</p>'
    """
    return Html(f'<p class="ipstats-{escape(kind)}">{escape(text)}</p>')


def csv_link(df: pd.DataFrame, filename: str, lang: str) -> str:
    """A download link carrying ``df`` as CSV inside the page (data: URI, UTF-8 with BOM so
    Excel opens Chinese correctly); works offline and when the page is emailed."""
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    data = base64.b64encode(("\ufeff" + buf.getvalue()).encode("utf-8")).decode("ascii")
    return (f'<a class="ipstats-download" download="{escape(filename)}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">'
            f'{escape(t("page.download_csv", lang))}</a>')


def _cell(value: object, year: bool) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return escape(str(value))
    if isinstance(value, (int, float)):
        return escape(plain(value, grouping=not year))
    return escape(value)


def show_table(df: pd.DataFrame, lang: str = "en", caption: str = "", sources: str = "",
               download: pd.DataFrame | None = None, filename: str = "",
               precision: int | None = None, bilingual_headers: bool | None = None) -> Html:
    """An escaped HTML table: headers from the catalogue (``col.<name>``), numbers right-
    aligned, long text wrapping, an optional source line and a CSV download (``download``:
    the table with ids, default ``df``). Columns empty in every row are left out.

    ``precision`` and ``bilingual_headers`` are accepted for notebooks written against the
    earlier signature and ignored: numbers follow :mod:`.format`, headers the page language.
    """
    check_lang(lang)
    empty = [c for c in df.columns if df[c].isna().all()
             or (not pd.api.types.is_numeric_dtype(df[c])
                 and (df[c].fillna("").astype(str).str.strip() == "").all())]
    df = df.drop(columns=empty) if len(df) else df
    cols = list(df.columns)
    head = "".join(
        f'<th scope="col" class="{_klass(c, df)}">'
        f'{escape(t("col." + c, lang) if has("col." + c) else c)}</th>' for c in cols)
    body = []
    for row in df.itertuples(index=False):
        cells = "".join(f'<td class="{_klass(c, df)}">{_cell(v, "year" in c)}</td>'
                        for c, v in zip(cols, row))
        body.append(f"<tr>{cells}</tr>")
    parts = []
    if caption:
        parts.append(f'<p class="ipstats-caption">{escape(caption)}</p>')
    parts.append(f'<div class="ipstats-scroll"><table class="ipstats-table"><thead><tr>{head}'
                 f'</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
    foot = []
    if sources:
        foot.append(f'<span class="ipstats-sources">{escape(sources)}</span>')
    if filename:
        foot.append(csv_link(df if download is None else download, filename, lang))
    if foot:
        parts.append(f'<p class="ipstats-foot">{" ".join(foot)}</p>')
    return Html("\n".join(parts))


def _klass(col: str, df: pd.DataFrame) -> str:
    if col in TEXT_COLUMNS:
        return "text"
    if col in NUMERIC_COLUMNS or (pd.api.types.is_numeric_dtype(df[col])
                                  and not pd.api.types.is_bool_dtype(df[col])):
        return "num"
    return ""


def figure(fig, alt: str, lang: str, sources: str = "") -> Html:
    """A chart as a 2x PNG with alt text saying what it shows and a legible source line under
    it (HTML, not pixels); the figure is closed so it is not displayed twice."""
    import matplotlib.pyplot as plt  # lazy: matplotlib only when charting

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight")
    width = int(fig.get_size_inches()[0] * 100)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f'<figcaption class="ipstats-sources">{escape(sources)}</figcaption>' if sources else ""
    return Html(f'<figure class="ipstats-figure"><img alt="{escape(alt)}" width="{width}" '
                f'src="data:image/png;base64,{data}">{cap}</figure>')


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


def stamp(data_dir: str | None = None, lang: str = "en") -> Html:
    """The reproducibility stamp shown at the foot of every report."""
    f = stamp_fields(data_dir)
    text = t("page.stamp", lang, version=f["ipstats_version"], data_hash=f["data_hash"],
             git_commit=f["git_commit"], rendered_at=f["rendered_at"])
    return Html(f'<p class="ipstats-stamp">{escape(text)}</p>')


def cite_report(title: str, lang: str, data_dir: str | None = None) -> Html:
    """"Cite this report" (title, version, data hash, date), the data licence and the stamp:
    the last section of every report."""
    f = stamp_fields(data_dir)
    text = t("page.cite_text", lang, title=title, version=f["ipstats_version"],
             data_hash=f["data_hash"], date=f["rendered_at"][:10])
    body = (f'<p class="ipstats-cite">{escape(text)}</p>'
            f'<p class="ipstats-licence">{escape(t("page.licence", lang))}</p>')
    head = section("page.cite", lang)
    return Html(head.html + body + stamp(data_dir, lang).html, head.meta)


def citation(row: pd.Series | dict, lang: str = "en") -> str:
    """Where a number comes from, for notebooks that have no documents table at hand:
    document title, clause and source line (prefer :func:`ipstats.reports.cite.sources_line`,
    which adds the issuer and the short title).

    >>> citation({"doc_id": "zj-2020", "doc_title_zh": "行动计划", "doc_title_en": "Plan",
    ...           "clause": "task 20", "source_line": 12})
    'Plan, Task 20, line 12'
    """
    title = row.get("doc_title_zh") if lang == "zh" else row.get("doc_title_en")
    line = row.get("source_line")
    sep = "，" if lang == "zh" else ", "
    bits = [str(title or row.get("doc_id")), clause_label(row.get("clause"), lang)]
    if line is not None and not pd.isna(line):
        bits.append(t("page.source_line", lang, n=int(line)))
    return sep.join(b for b in bits if b)


def sources_line(df: pd.DataFrame, lang: str = "en") -> str:
    """One "Sources:" line listing every (document, clause) behind the rows of ``df``."""
    if df.empty:
        return ""
    seen = dict.fromkeys(citation(row, lang) for _, row in df.iterrows())
    return t("page.sources", lang) + ("：" if lang == "zh" else ": ") + \
        ("；" if lang == "zh" else "; ").join(seen)
