"""House style: Chinese labels with a CJK font; English fallback with one warning without."""
from __future__ import annotations

import warnings

import pytest

from ipstats.core.problems import IpstatsError
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
    with pytest.raises(IpstatsError, match="use one of zh, en"):
        plot.use_house_style("fr")


def test_dollar_signs_in_names_are_drawn_literally(built_data):
    import matplotlib
    import matplotlib.pyplot as plt

    import ipstats
    from ipstats.reports.charts import coverage_chart

    matplotlib.use("Agg")
    plot.use_house_style("en")
    jur = ipstats.load_jurisdictions(built_data)
    fam = ipstats.load_families(built_data)
    jur["name_en"] = jur["name_en"].where(jur["jurisdiction_id"] != "yuxi", "Yuxi (US$ (50%) vs HK$)")
    fam.loc[0, "name_en"] = "cost $x$ share"
    fig = coverage_chart(ipstats.load_targets(built_data), jur, fam, lang="en")
    fig.canvas.draw()  # an unmatched $ would raise here; a pair would become a formula
    ax = fig.axes[0]
    shown = {t._preprocess_math(t.get_text()) for t in ax.get_yticklabels() + ax.get_xticklabels()}
    assert ("Yuxi (US$ (50%) vs HK$)", False) in shown
    assert ("cost $x$ share", False) in shown
    plt.close(fig)
