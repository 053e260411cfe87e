"""Citations a reader can follow: compact source lines (document short title, issuer, clause,
source line) under tables and charts, and the appendix that lists every document cited (full
title, issuer, document number, dates, status) with the curators' notes for the rows shown.

>>> docs = pd.DataFrame({"doc_id": ["zj"], "title_zh": ["行动计划"], "title_en": ["Plan"],
...     "issuer_zh": ["浙江省政府"], "issuer_en": ["Zhejiang government"], "doc_number": [None],
...     "doc_type": ["action_plan"], "status": ["adopted"], "jurisdiction_name_zh": ["浙江省"],
...     "jurisdiction_name_en": ["Zhejiang"], "reference_date": [pd.Timestamp("2020-09-14")]})
>>> rows = pd.DataFrame({"doc_id": ["zj", "zj"], "clause": ["task 20", "task 21"],
...                      "source_line": [57, 60]})
>>> sources_line(rows, docs, "en")
'Sources: Zhejiang 2020 action plan (Zhejiang government): Task 20, line 57; Task 21, line 60'
>>> sources_line(rows, docs, "zh")
'来源：浙江省2020年行动计划（浙江省政府）：第20项任务，第57行；第21项任务，第60行'
"""
from __future__ import annotations

import re

import pandas as pd

from ipstats.reports.i18n import clause_label, name, short_title, t, word
from ipstats.reports.page import Html, escape, section, show_table


def _docs(documents: pd.DataFrame) -> dict[str, pd.Series]:
    return {r["doc_id"]: r for _, r in documents.iterrows()}


def doc_short(doc_id: str, documents: pd.DataFrame, lang: str) -> str:
    """The short title of ``doc_id`` (the id itself only if the document is unknown)."""
    d = _docs(documents).get(doc_id)
    return short_title(d, lang) if d is not None else str(doc_id)


def where(clause: object, line: object, lang: str) -> str:
    """"Task 20, line 57" / "第20项任务,第57行"."""
    sep = "，" if lang == "zh" else ", "
    bits = [clause_label(clause, lang)]
    if line is not None and not pd.isna(line):
        bits.append(t("page.source_line", lang, n=int(str(line))))
    return sep.join(b for b in bits if b)


def name_targets(text: object, targets: pd.DataFrame, documents: pd.DataFrame,
                 lang: str) -> str:
    """``text`` (a curator's note) with every target id it mentions replaced by the target's
    document and clause, so a reader without the repository can follow it ('' for none).

    >>> docs = pd.DataFrame({"doc_id": ["zj"], "title_zh": ["行动计划"], "title_en": ["Plan"],
    ...     "doc_type": ["action_plan"], "jurisdiction_name_zh": ["浙江省"],
    ...     "jurisdiction_name_en": ["Zhejiang"], "reference_date": [pd.Timestamp("2020-09-14")]})
    >>> tg = pd.DataFrame({"target_id": ["zj2020-t05"], "doc_id": ["zj"], "clause": ["task 20"]})
    >>> name_targets("Baseline for zj2020-t05 (>=32).", tg, docs, "en")
    'Baseline for Zhejiang 2020 action plan, Task 20 (>=32).'
    >>> name_targets("zj2020-t050 stays", tg, docs, "en")
    'zj2020-t050 stays'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    ids = [i for i in targets["target_id"] if isinstance(i, str) and i in str(text)]
    if not ids:
        return str(text)
    where_of = {r["target_id"]: doc_short(r["doc_id"], documents, lang)
                + ("，" if lang == "zh" else ", ") + clause_label(r.get("clause"), lang)
                for r in targets[targets["target_id"].isin(ids)].to_dict("records")}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len,
                                                                      reverse=True)))
                         + r")(?![\w-])")
    return pattern.sub(lambda m: where_of[m.group(1)], str(text))


def sources_line(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> str:
    """One compact "Sources:" line for the rows of a table or chart: per document its short
    title and issuer once, then every clause and source line cited."""
    if rows.empty:
        return ""
    docs = _docs(documents)
    groups: dict[str, dict[str, None]] = {}
    for _, r in rows.iterrows():
        line = r.get("source_line")
        groups.setdefault(r["doc_id"], {}).setdefault(where(r.get("clause"), line, lang), None)
    colon, semi = ("：", "；") if lang == "zh" else (": ", "; ")
    parts = []
    for doc_id, places in groups.items():
        d = docs.get(doc_id)
        title = short_title(d, lang) if d is not None else str(doc_id)
        issuer = name(d, "issuer", lang) if d is not None else ""
        head = title + ((f"（{issuer}）" if lang == "zh" else f" ({issuer})") if issuer else "")
        places_text = semi.join(p for p in places if p)
        parts.append(head + (colon + places_text if places_text else ""))
    return t("page.sources", lang) + colon + semi.join(parts)


def documents_cited(doc_ids: list[str], documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The documents behind a report, in full: title (both languages in English pages),
    issuer, document number, dates, status, and how the dates were read."""
    rows = []
    for d in documents[documents["doc_id"].isin(doc_ids)].itertuples():
        title = d.title_zh if lang == "zh" else f"{d.title_en} ({d.title_zh})"
        issued = (d.reference_date.strftime("%Y-%m-%d") if pd.notna(d.reference_date)
                  else t("date.undated", lang))
        eff = (t("date.range", lang, start=d.effective_from.strftime("%Y-%m-%d"),
                 end=d.effective_to.strftime("%Y-%m-%d"))
               if pd.notna(d.effective_from) and pd.notna(d.effective_to) else "")
        rows.append({"document": short_title(d, lang), "title": title,
                     "issuer": name(d, "issuer", lang), "doc_number": d.doc_number or "",
                     "issued": issued, "effective": eff, "status": word("status", d.status, lang),
                     "date_note": d.date_note})
    return pd.DataFrame(rows, columns=["document", "title", "issuer", "doc_number", "issued",
                                       "effective", "status", "date_note"])


def appendix(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> Html:
    """The appendix of a report: documents cited and the curators' notes for ``rows`` (any
    table with ``doc_id`` and, optionally, ``clause``, ``source_line`` and ``note``)."""
    doc_ids = list(dict.fromkeys(rows["doc_id"])) if "doc_id" in rows else []
    head = section("page.appendix", lang)
    parts = [head.html, f'<h3>{escape(t("page.documents_cited", lang))}</h3>',
             show_table(documents_cited(doc_ids, documents, lang), lang).html,
             f'<h3>{escape(t("page.curators_notes", lang))}</h3>']
    notes = rows[rows["note"].fillna("").astype(str).str.strip() != ""] if "note" in rows \
        else rows.iloc[0:0]
    if notes.empty:
        parts.append(f'<p class="ipstats-note">{escape(t("page.no_notes", lang))}</p>')
    else:
        shown = pd.DataFrame({
            "document": [doc_short(d, documents, lang) for d in notes["doc_id"]],
            "clause": [where(c, ln, lang) for c, ln in
                       zip(notes["clause"], notes.get("source_line", [None] * len(notes)))],
            "note": notes["note"].astype(str)})
        parts.append(f'<p class="ipstats-intro">{escape(t("page.curators_notes_intro", lang))}</p>')
        parts.append(show_table(shown.drop_duplicates(), lang).html)
    return Html("\n".join(parts), head.meta)
