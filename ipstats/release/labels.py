"""Bilingual column headers for the released tables: the Chinese name from the field
dictionary (``title_zh`` in ``ipstats/dataset/fields.yaml``), then the column id.

>>> header("target_year")
'目标年份 target_year'
>>> header("something_new")
'something_new'
"""
from __future__ import annotations

from ipstats.dataset.schema import field_dictionary


def header(column: str) -> str:
    """The bilingual header of a column: Chinese name, then the column id."""
    zh = field_dictionary().get(column, {}).get("title_zh")
    return f"{zh} {column}" if zh else column
