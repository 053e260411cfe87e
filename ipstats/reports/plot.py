"""House style for charts: one look, readable Chinese, bilingual labels.

Charts label things in Chinese (``lang="zh"``) or English (``lang="en"``). Chinese needs a CJK
font (Noto Sans CJK from Debian's ``fonts-noto-cjk``; ``make`` installs it). On a machine
without one, :func:`use_house_style` switches labels to English and warns once, so a chart
never shows empty boxes.

>>> label("浙江省", "Zhejiang", "zh")
'浙江省'
>>> label("浙江省", "Zhejiang", "en")
'Zhejiang'
>>> label("浙江省", "Zhejiang", "both")
'浙江省 Zhejiang'
"""
from __future__ import annotations

import warnings
from functools import lru_cache

from ipstats.reports.i18n import LANGS, check_lang  # noqa: F401  (plot.check_lang in notebooks)

# Preferred CJK families, best first (all openly licensed: SIL OFL).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP",
                "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000",
           "#843c0c"]
_warned = False


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed CJK font matplotlib can use, or None.

    >>> cjk_font() in (None, *CJK_FAMILIES)  # one of ours, by name, or none
    True
    """
    from matplotlib import font_manager  # lazy: matplotlib only when charting

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FAMILIES if name in installed), None)




def effective_lang(lang: str) -> str:
    """The label language charts can actually use: ``en`` if Chinese was asked for and no CJK
    font is installed (with one warning per session)."""
    global _warned
    check_lang(lang)
    if lang == "zh" and cjk_font() is None:
        if not _warned:
            warnings.warn("No CJK font found (install fonts-noto-cjk, see README): chart "
                          "labels fall back to English.", stacklevel=2)
            _warned = True
        return "en"
    return lang


def use_house_style(lang: str = "zh") -> str:
    """Apply the house chart style and return the label language to use (see
    :func:`effective_lang`). Call once at the top of a notebook."""
    import matplotlib as mpl  # lazy: matplotlib only when charting
    from cycler import cycler  # lazy: as matplotlib (its dependency)

    lang = effective_lang(lang)
    font = cjk_font()
    sans = ([font] if font else []) + ["DejaVu Sans"]
    mpl.rcParams.update({
        "font.family": "sans-serif", "font.sans-serif": sans, "axes.unicode_minus": False,
        "axes.formatter.useoffset": False, "axes.formatter.limits": (-20, 20),
        "figure.dpi": 100, "savefig.dpi": 200, "savefig.facecolor": "white", "figure.figsize": (8, 4),
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
        "grid.alpha": 0.3, "axes.titlesize": 11, "axes.labelsize": 10,
        "axes.prop_cycle": cycler(color=PALETTE), "legend.frameon": False,
        "figure.constrained_layout.use": True,
    })
    return lang


def label(zh: str, en: str, lang: str) -> str:
    """Pick the label for ``lang`` (``zh``, ``en`` or ``both``); falls back to the other
    language when one is missing."""
    zh, en = (zh or "").strip(), (en or "").strip()
    if lang == "both":
        return " ".join(x for x in (zh, en) if x)
    if lang == "zh":
        return zh or en
    return en or zh


def mpl_text(text: object) -> str:
    """Text for matplotlib, shown literally: a ``$`` would otherwise start mathtext (an
    unmatched one fails the chart, a pair silently turns the words between into a formula).
    Every data string a chart draws goes through here.

    >>> print(mpl_text("Yuxi (US$ (50%) vs HK$)"))
    Yuxi (US\\$ (50%) vs HK\\$)
    """
    return str(text).replace("$", r"\$")


def source_note(ax, text: str) -> None:
    """Write a source line under a chart (document and clause), in small grey type."""
    ax.figure.text(0.01, -0.02, mpl_text(text), fontsize=7, color="#555555", ha="left", va="top",
                   wrap=True)
