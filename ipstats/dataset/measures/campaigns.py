"""National campaigns and programmes named in a measure, found by the declared patterns of
``campaigns.csv`` on normalised text (so 劍網 and 剑网 match alike).

>>> pats = compile_patterns([{"campaign_id": "jianwang", "pattern": "剑网"},
...                          {"campaign_id": "lantian", "pattern": "蓝天|“蓝”专项"}])
>>> find_campaigns("深入推进“蓝”专项整治行动, 开展“劍網”行动", pats)
['jianwang', 'lantian']
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import re2

from ipstats.dataset.textnorm import normalise

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # errors are reported as problems, not logged to the terminal


def compile_pattern(pattern: str) -> Any:
    """Compile a pattern from data with RE2 (linear time); raises ``re2.error``."""
    return re2.compile(pattern, options=_OPTIONS)


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, or None.

    >>> pattern_error("剑网|(.+)+网X") is None
    True
    >>> pattern_error("(?<=a)b")
    'not a supported regular expression (invalid perl operator: (?<=); patterns run on RE2: no backreferences or lookarounds; escape special characters such as + ( ) with a backslash'
    """
    try:
        compile_pattern(pattern)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        return (f"not a supported regular expression ({why}); patterns run on RE2: no "
                "backreferences or lookarounds; escape special characters such as + ( ) with a "
                "backslash")
    return None


def compile_patterns(rows: Iterable[Mapping]) -> dict[str, Any]:
    """campaign_id -> compiled pattern (rows whose pattern does not compile are skipped;
    validation reports them)."""
    out = {}
    for r in rows:
        try:
            out[r["campaign_id"]] = compile_pattern(r["pattern"])
        except (re2.error, TypeError):
            continue
    return out


def find_campaigns(text: str, patterns: Mapping[str, Any]) -> list[str]:
    """Campaign ids whose pattern occurs in ``text`` (normalised here), in codebook order."""
    norm = normalise(text)
    return [cid for cid, pat in patterns.items() if pat.search(norm)]


def campaign_hits(text: str, patterns: Mapping[str, Any]) -> dict[str, str]:
    """campaign_id -> the matched text, for messages that show what was found."""
    norm = normalise(text)
    return {cid: m.group(0) for cid, pat in patterns.items() if (m := pat.search(norm))}
