"""National campaigns and programmes named in a measure, found by the declared patterns of
``campaigns.csv`` on normalised text (so 劍網 and 剑网 match alike).

>>> pats = compile_patterns([{"campaign_id": "jianwang", "pattern": "剑网"},
...                          {"campaign_id": "lantian", "pattern": "蓝天|“蓝”专项"}])
>>> find_campaigns("深入推进“蓝”专项整治行动, 开展“劍網”行动", pats)
['jianwang', 'lantian']
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ipstats.dataset.textnorm import normalise


def compile_patterns(rows: Iterable[Mapping]) -> dict[str, re.Pattern]:
    """campaign_id -> compiled pattern (rows whose pattern does not compile are skipped;
    validation reports them)."""
    out = {}
    for r in rows:
        try:
            out[r["campaign_id"]] = re.compile(r["pattern"])
        except (re.error, TypeError):
            continue
    return out


def find_campaigns(text: str, patterns: Mapping[str, re.Pattern]) -> list[str]:
    """Campaign ids whose pattern occurs in ``text`` (normalised here), in codebook order."""
    norm = normalise(text)
    return [cid for cid, pat in patterns.items() if pat.search(norm)]


def campaign_hits(text: str, patterns: Mapping[str, re.Pattern]) -> dict[str, str]:
    """campaign_id -> the matched text, for messages that show what was found."""
    norm = normalise(text)
    return {cid: m.group(0) for cid, pat in patterns.items() if (m := pat.search(norm))}
