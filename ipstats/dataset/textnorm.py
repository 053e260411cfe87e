"""Text normalisation shared by provenance checks, the extractor and search.

The sources carry artefacts that must not defeat matching: spaces from line wrapping,
traditional characters (Hangzhou), pinyin glosses scraped from web pages (``發(fā)``),
full-width digits and punctuation, and an ideographic full stop used as a decimal point
(``2。5萬件``). :func:`normalise` maps all of these to one canonical simplified form, so a
quote matches its source whichever way the curator copied it.

>>> normalise("知識產權許可備案和轉讓數量達到2。5萬件")
'知识产权许可备案和转让数量达到2.5万件'
>>> normalise("高价值专 利审查周期压减至１６个月以内")
'高价值专利审查周期压减至16个月以内'
>>> normalise("印發(fā)給你們")
'印发给你们'
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin gloss in brackets right after a character, e.g. 發(fā): at least one tone mark,
# so genuine Latin acronyms such as (TISC) or (AIPPI) are kept.
PINYIN_ARTEFACT = re.compile(rf"\((?=[a-zü]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,8}}\)")
DECIMAL_FULLSTOP = re.compile(r"(\d)\s*[。．]\s*(\d)")
WHITESPACE = re.compile(r"\s+")
# Bracket and dash variants that the sources use interchangeably.
PUNCT_MAP = str.maketrans({"«": "《", "»": "》", "〈": "《", "〉": "》", "〔": "[", "〕": "]",
                           "【": "[", "】": "]", "—": "-", "–": "-", "－": "-", "﹣": "-",
                           "‘": "'", "’": "'", "·": "·", "•": "·"})


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: opencc loads its dictionaries on first use

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters with OpenCC (phrase-aware).

    >>> to_simplified("知識產權")
    '知识产权'
    """
    return _converter().convert(text) if text else text


def strip_artefacts(text: str) -> str:
    """Remove web and wrapping artefacts but keep the script and the spacing between lines.

    >>> strip_artefacts("創(chuàng)建 2。5萬件")
    '創建 2.5萬件'
    """
    text = unicodedata.normalize("NFKC", text)
    text = PINYIN_ARTEFACT.sub("", text)
    text = DECIMAL_FULLSTOP.sub(r"\1.\2", text)
    return text.translate(PUNCT_MAP)


def normalise(text: str) -> str:
    """Canonical form for matching: artefacts removed, simplified, no whitespace."""
    return WHITESPACE.sub("", to_simplified(strip_artefacts(text)))


def clean_for_display(text: str) -> str:
    """Readable simplified text for reports: artefacts removed, line-wrap spaces between
    Chinese characters dropped, other spacing kept.

    >>> clean_for_display("高价值专 利审查周期 (TISC)")
    '高价值专利审查周期 (TISC)'
    """
    text = to_simplified(strip_artefacts(text))
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
    return WHITESPACE.sub(" ", text).strip()


def has_non_ascii_digits(text: str) -> bool:
    """True if ``text`` has digits outside 0-9 (full-width ``３`` or other scripts).

    >>> has_non_ascii_digits("３00"), has_non_ascii_digits("300")
    (True, False)
    """
    return any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text)


class NormalisedText:
    """A source text normalised line by line, so a match can be traced back to its line.

    >>> src = NormalisedText("第一行\\n到2021年,达到 32件以上")
    >>> src.find_line(normalise("达到32件"))
    2
    """

    def __init__(self, text: str):
        self.lines: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for line in text.splitlines():
            norm = normalise(line)
            self.starts.append(pos)
            self.lines.append(norm)
            pos += len(norm)
        self.text = "".join(self.lines)

    def find(self, needle: str) -> int:
        return self.text.find(needle) if needle else -1

    def find_line(self, needle: str) -> int | None:
        """1-based line number where ``needle`` (already normalised) starts, or None."""
        at = self.find(needle)
        if at < 0:
            return None
        return bisect.bisect_right(self.starts, at)

    def longest_prefix(self, needle: str) -> int:
        """Length of the longest prefix of ``needle`` found in the text (for error hints)."""
        lo, hi = 0, len(needle)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if needle[:mid] in self.text:
                lo = mid
            else:
                hi = mid - 1
        return lo
