"""House style: Chinese labels with a CJK font; English fallback with one warning without."""
from __future__ import annotations

import warnings

import pytest

from ipstats.reports import plot


def test_falls_back_to_english_with_one_warning(monkeypatch):
    monkeypatch.setattr(plot, "cjk_font", lambda: None)
    monkeypatch.setattr(plot, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert plot.use_house_style("zh") == "en"
        assert plot.use_house_style("zh") == "en"
    assert len([w for w in caught if "CJK" in str(w.message)]) == 1


def test_chinese_when_a_cjk_font_is_installed():
    if plot.cjk_font() is None:
        pytest.fail("no CJK font: run `make setup` (installs fonts-noto-cjk) before the tests")
    assert plot.use_house_style("zh") == "zh"
    import matplotlib as mpl

    assert mpl.rcParams["font.sans-serif"][0] == plot.cjk_font()


def test_unknown_lang_is_a_clear_error():
    with pytest.raises(plot.IpstatsError, match="use one of zh, en"):
        plot.use_house_style("fr")
