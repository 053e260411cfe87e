"""The HTML blocks of a report page, with the exact HTML expected for tiny inline frames.
Fast: no data directory (the stamp's facts are given); these run for every mutant of
``page`` in ``benchmarks/mutation.py``."""
from __future__ import annotations

import base64
import re

import pandas as pd
import pytest

from ipstats.core.problems import IpstatsError
from ipstats.reports import page
from ipstats.reports.page import Html, escape, note, show_table, stamp

FRAME = pd.DataFrame({"quote": ["a<b", "保护"], "value": [3e10, 2.5], "target_year": [2025, 2030],
                      "empty": [None, None], "blank": ["", " "], "flag": [True, False],
                      "x": ["y", None]})
HEAD_EN = ('<th scope="col" class="text">Quote (verbatim)</th><th scope="col" class="num">Value'
           '</th><th scope="col" class="num">Target year</th><th scope="col" class="">flag</th>'
           '<th scope="col" class="">x</th>')
HEAD_ZH = ('<th scope="col" class="text">原文</th><th scope="col" class="num">数值</th>'
           '<th scope="col" class="num">目标年份</th><th scope="col" class="">flag</th>'
           '<th scope="col" class="">x</th>')
BODY = ('<tr><td class="text">a&lt;b</td><td class="num">30,000,000,000</td>'
        '<td class="num">2025</td><td class="">True</td><td class="">y</td></tr>'
        '<tr><td class="text">保护</td><td class="num">2.5</td><td class="num">2030</td>'
        '<td class="">False</td><td class=""></td></tr>')


def _table(head: str, body: str) -> str:
    return (f'<div class="ipstats-scroll"><table class="ipstats-table"><thead><tr>{head}</tr>'
            f'</thead><tbody>{body}</tbody></table></div>')


@pytest.mark.parametrize("value, expected", [
    pytest.param("<a href='x'>&</a>", "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;", id="markup"),
    pytest.param('"', "&quot;", id="double-quote-for-attributes"),
    pytest.param("", "", id="empty-string"),
    pytest.param(0, "0", id="zero-is-not-missing"),
    pytest.param(False, "False", id="false-is-not-missing"),
    pytest.param(None, "", id="none"),
    pytest.param(float("nan"), "", id="nan"),
    pytest.param(pd.NaT, "", id="nat"),
    pytest.param((1, "<"), "(1, &#x27;&lt;&#x27;)", id="tuple"),
    pytest.param({"k": "<"}, "{&#x27;k&#x27;: &#x27;&lt;&#x27;}", id="dict"),
    pytest.param([None], "[None]", id="list-with-none-is-shown"),
])
def test_escape(value, expected):
    assert escape(value) == expected


def test_show_table_exact_html_in_english_with_caption_sources_and_download():
    html = show_table(FRAME, caption="C<", sources="S&", filename="t<.csv").html
    head, table, foot = html.split("\n")
    assert head == '<p class="ipstats-caption">C&lt;</p>'
    assert table == _table(HEAD_EN, BODY)
    m = re.fullmatch(r'<p class="ipstats-foot"><span class="ipstats-sources">S&amp;</span> '
                     r'<a class="ipstats-download" download="t&lt;.csv" '
                     r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)">'
                     r'Download this table \(CSV\)</a></p>', foot)
    assert m is not None, foot
    csv = base64.b64decode(m.group(1)).decode("utf-8")
    assert csv == ("\ufeffquote,value,target_year,flag,x\na<b,30000000000.0,2025,True,y\n"
                   "保护,2.5,2030,False,\n")  # the empty columns are left out of the CSV too


def test_show_table_in_chinese_without_extras_is_the_table_only():
    assert show_table(FRAME, lang="zh").html == _table(HEAD_ZH, BODY)


def test_show_table_with_no_rows_keeps_every_column():
    html = show_table(FRAME.iloc[:0]).html
    assert html == _table(HEAD_EN.replace(
        '<th scope="col" class="">flag</th>',
        '<th scope="col" class="">empty</th><th scope="col" class="">blank</th>'
        '<th scope="col" class="">flag</th>'), "")


def test_show_table_sources_only_and_download_of_another_frame():
    html = show_table(pd.DataFrame({"n": [1, 2]}), sources="S").html
    assert html.split("\n")[1] == '<p class="ipstats-foot"><span class="ipstats-sources">S</span></p>'
    html = show_table(pd.DataFrame({"n": [1, 2]}), download=pd.DataFrame({"id": ["x"]}),
                      filename="f.csv").html
    data = re.search(r"base64,([^\"]+)", html).group(1)
    assert base64.b64decode(data).decode("utf-8") == "\ufeffid\nx\n"
    assert html.split("\n")[0] == _table('<th scope="col" class="num">n</th>',
                                         '<tr><td class="num">1</td></tr><tr><td class="num">2</td></tr>')


def test_show_table_leaves_out_text_columns_blank_or_missing_in_every_row():
    df = pd.DataFrame({"a": ["", None], "b": [" ", "x"], "n": [0, None]})
    assert show_table(df).html == _table(
        '<th scope="col" class="">b</th><th scope="col" class="num">n</th>',
        '<tr><td class=""> </td><td class="num">0</td></tr>'
        '<tr><td class="">x</td><td class="num"></td></tr>')


def test_show_table_numbers_text_and_years():
    df = pd.DataFrame({"a": [1234.5], "start_year": [2025.0], "s": ["1234"]})
    assert show_table(df).html == _table(
        '<th scope="col" class="num">a</th><th scope="col" class="num">start_year</th>'
        '<th scope="col" class="">s</th>',
        '<tr><td class="num">1,235</td><td class="num">2025</td><td class="">1234</td></tr>')


def test_show_table_refuses_an_unknown_language():
    with pytest.raises(IpstatsError):
        show_table(FRAME, lang="fr")


@pytest.mark.parametrize("text, kind, expected", [
    pytest.param("a<b", "note", '<p class="ipstats-note">a&lt;b</p>', id="note"),
    pytest.param("x", "warning", '<p class="ipstats-warning">x</p>', id="warning"),
    pytest.param("x", '"><i', '<p class="ipstats-&quot;&gt;&lt;i">x</p>', id="kind-escaped"),
])
def test_note(text, kind, expected):
    assert note(text, kind).html == expected


def test_note_default_kind():
    assert note("x").html == '<p class="ipstats-note">x</p>'


FIELDS = {"ipstats_version": "1.2<", "data_hash": "abc", "git_commit": "def&",
          "rendered_at": "2026-01-02 03:04 UTC"}


@pytest.mark.parametrize("lang, expected", [
    pytest.param("en", '<p class="ipstats-stamp">ipstats 1.2&lt; · data abc · git def&amp; · '
                       'rendered 2026-01-02 03:04 UTC</p>', id="en"),
])
def test_stamp_exact(monkeypatch, lang, expected):
    seen = []
    monkeypatch.setattr(page, "stamp_fields", lambda data_dir=None: seen.append(data_dir) or FIELDS)
    assert stamp("/some/data", lang).html == expected
    assert seen == ["/some/data"]


def test_stamp_is_in_english_unless_told(monkeypatch):
    monkeypatch.setattr(page, "stamp_fields", lambda data_dir=None: FIELDS)
    assert stamp().html == ('<p class="ipstats-stamp">ipstats 1.2&lt; · data abc · git def&amp; · '
                            'rendered 2026-01-02 03:04 UTC</p>')


def test_stamp_in_chinese_names_the_same_facts(monkeypatch):
    monkeypatch.setattr(page, "stamp_fields", lambda data_dir=None: FIELDS)
    html = stamp(None, "zh").html
    assert html.startswith('<p class="ipstats-stamp">') and html.endswith("</p>")
    for v in ("1.2&lt;", "abc", "def&amp;", "2026-01-02 03:04 UTC"):
        assert v in html
    assert html != stamp(None, "en").html


def test_html_shows_itself_as_rich_output():
    h = Html("<b>x</b>", {"application/x-test": {"k": 1}})
    assert h._repr_html_() == "<b>x</b>"
    assert str(h) == "<b>x</b>"
    assert h._repr_mimebundle_() == {"text/html": "<b>x</b>", "application/x-test": {"k": 1}}
    assert Html("y").meta == {}
    assert Html("y")._repr_mimebundle_() == {"text/html": "y"}
