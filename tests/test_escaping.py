"""Every data string that reaches a report's HTML is escaped: cells, column headers, captions,
source lines, notes and the stamp (the index page: tests/test_render_skips.py)."""
from __future__ import annotations

import pandas as pd
import pytest

import ipstats.reports.page as page
from ipstats.reports.page import escape, note, show_table, stamp

PLANT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _clean(html: str) -> None:
    assert "<script" not in html and 'alert("x")' not in html
    assert ESCAPED in html.replace("&#34;", "&quot;")  # pandas writes " as &#34;


@pytest.mark.parametrize("value, expected", [
    pytest.param(PLANT, ESCAPED, id="script"),
    pytest.param('a "quoted" & \'single\'', "a &quot;quoted&quot; &amp; &#x27;single&#x27;",
                 id="attribute-quotes-and-ampersand"),
    pytest.param(None, "", id="none"),
    pytest.param(float("nan"), "", id="nan"),
    pytest.param(pd.NA, "", id="pd-na"),
    pytest.param(3, "3", id="number"),
    pytest.param(["<a>"], "[&#x27;&lt;a&gt;&#x27;]", id="list"),
])
def test_escape(value, expected):
    assert escape(value) == expected


@pytest.mark.parametrize("where", ["cell", "header", "caption", "sources"])
def test_show_table_escapes_every_data_string(where):
    df = pd.DataFrame({PLANT if where == "header" else "quote":
                       [PLANT if where == "cell" else "保护"]})
    html = show_table(df, caption=PLANT if where == "caption" else "",
                      sources=PLANT if where == "sources" else "").html
    _clean(html)


def test_show_table_escapes_a_known_column_and_keeps_its_bilingual_header():
    html = show_table(pd.DataFrame({"quote": [PLANT], "value_std": [3.0e10]})).html
    _clean(html)
    assert "Quote (verbatim)" in html  # a known column gets its catalogue header
    assert "<th" in html and "<td" in html  # still a table, only data escaped


def test_show_table_without_caption_or_sources_adds_neither():
    html = show_table(pd.DataFrame({"a": [1]})).html
    assert "ipstats-caption" not in html and "ipstats-sources" not in html


def test_caption_and_sources_are_shown_in_their_own_paragraphs():
    html = show_table(pd.DataFrame({"a": [1]}), caption="标题 a<b", sources="Sources: x&y").html
    assert '<p class="ipstats-caption">标题 a&lt;b</p>' in html
    assert '<span class="ipstats-sources">Sources: x&amp;y</span>' in html


@pytest.mark.parametrize("text, kind", [(PLANT, "note"), ("ok", PLANT)], ids=["text", "kind"])
def test_note_escapes_text_and_kind(text, kind):
    _clean(note(text, kind).html)


def test_stamp_escapes_its_fields(monkeypatch):
    monkeypatch.setattr(page, "stamp_fields", lambda data_dir=None: {
        "ipstats_version": PLANT, "data_hash": "abc", "git_commit": "def", "rendered_at": "now"})
    html = stamp().html
    _clean(html)
    assert html.startswith('<p class="ipstats-stamp">')


def test_the_real_stamp_names_data_code_and_time(built_data):
    html = stamp(str(built_data.root)).html
    fields = page.stamp_fields(str(built_data.root))
    assert len(fields["data_hash"]) == 16
    for value in fields.values():
        assert escape(value) in html


def test_show_table_shows_numbers_as_a_reader_writes_them_and_blanks_for_missing():
    df = pd.DataFrame({"value_std": [30000.0, float("nan"), 1.0 / 3],
                       "note": ["a", None, "c"]}, index=[7, 8, 9])
    html = show_table(df).html
    assert "30,000" in html and "0.333" in html  # thousands separator, 3 significant digits
    assert "nan" not in html.lower() and "None" not in html
    assert ">7<" not in html and ">index<" not in html  # the index is not shown
    assert html.count("<tr>") == 4  # header and three rows
    assert 'class="ipstats-table"' in html


def test_parts_are_separate_lines():
    html = show_table(pd.DataFrame({"a": [1]}), caption="c", sources="s").html
    first, *_, last = html.split("\n")
    assert first == '<p class="ipstats-caption">c</p>'
    assert last == '<p class="ipstats-foot"><span class="ipstats-sources">s</span></p>'


def test_note_is_a_note_unless_told_otherwise():
    assert note("x").html == '<p class="ipstats-note">x</p>'
    assert note("x", "warning").html == '<p class="ipstats-warning">x</p>'


def test_the_stamp_names_the_data_it_was_given(built_data, tmp_path):
    import shutil

    other = tmp_path / "data"
    shutil.copytree(built_data.raw, other / "raw")
    (other / "raw" / "extra.txt").write_text("x", encoding="utf-8")
    fields = page.stamp_fields(str(other))
    assert fields["data_hash"] in stamp(str(other)).html
    assert fields["data_hash"] not in stamp(str(built_data.root)).html
