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
# An ideographic full stop between digits is a decimal point only before a scale or a percent
# sign (2。5萬件, 12。6%): a count in 家/个/件 is whole, so in 3。5家 the 。 ends a sentence.
DECIMAL_FULLSTOP = re.compile(r"(\d)\s*[。．]\s*(?=\d+\s*[万亿萬億%])")
WHITESPACE = re.compile(r"\s+")
# Bracket and dash variants that the sources use interchangeably.
PUNCT_MAP = str.maketrans({"«": "《", "»": "》", "〈": "《", "〉": "》", "〔": "[", "〕": "]",
                           "【": "[", "】": "]", "—": "-", "–": "-", "－": "-", "﹣": "-",
                           "‘": "'", "’": "'", "·": "·", "•": "·"})
# Curly quotes match ASCII ones when a quote is looked up (MATCH_KEY keeps lengths equal).
MATCH_KEY = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"'})
# Superscript, subscript and circled digits are not digits: NFKC would turn ² and ① into 2 and
# 1, so a quote could pass with a footnote mark or a list bullet read as a number. They are
# kept as they are (and so never match an ASCII digit).
_KEEP_AS_IS = {chr(c) for c in range(0xA0, 0x10000)
               if unicodedata.decomposition(chr(c)).startswith(("<super>", "<sub>", "<circle>"))
               and any(ch.isdigit() for ch in unicodedata.normalize("NFKC", chr(c)))}
_KEEP_RE = re.compile("[" + "".join(sorted(_KEEP_AS_IS)) + "]")


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


def _nfkc(text: str) -> str:
    """NFKC (full-width digits, letters, punctuation and spaces to ASCII), except for
    superscript, subscript and circled digits, which stay as they are."""
    if not _KEEP_RE.search(text):
        return unicodedata.normalize("NFKC", text)
    parts, last = [], 0
    for m in _KEEP_RE.finditer(text):
        parts += [unicodedata.normalize("NFKC", text[last:m.start()]), m.group()]
        last = m.end()
    return "".join(parts) + unicodedata.normalize("NFKC", text[last:])


def strip_artefacts(text: str) -> str:
    """Remove web and wrapping artefacts but keep the script and the spacing between lines.

    >>> strip_artefacts("創(chuàng)建 2。5萬件")
    '創建 2.5萬件'
    >>> strip_artefacts("培育3。5家"), strip_artefacts("第²条①")
    ('培育3。5家', '第²条①')
    """
    text = _nfkc(text)
    text = PINYIN_ARTEFACT.sub("", text)
    text = DECIMAL_FULLSTOP.sub(r"\1.", text)
    return text.translate(PUNCT_MAP)


def squeeze(text: str) -> str:
    """Drop whitespace (line-wrap spaces inside words and around Chinese characters) except
    one space between ASCII letters or digits, so numbers are never joined across it.

    >>> squeeze("发 明专利 35 家, 2021-11-20 10:14, 6.3\t12")
    '发明专利35家,2021-11-20 10:14,6.3 12'
    """
    # Whitespace between two ASCII letters or digits separates words or numbers (2021-11-20
    # 10:14, a table's 6.3<TAB>12): one space is kept so digits are never joined across it.
    return WHITESPACE.sub(lambda m: " " if m.group()[:1].isspace() and _gap(text, m) else "",
                          text) if text else text


def _gap(text: str, m: re.Match) -> bool:
    if m.start() == 0:
        return False
    a, b = text[m.start() - 1], text[m.end():m.end() + 1]
    return (a.isascii() and (a.isalnum() or a in ".%")) and b.isascii() and b.isalnum()


def normalise(text: str) -> str:
    """Canonical form for matching: artefacts removed, simplified, whitespace squeezed."""
    return squeeze(to_simplified(strip_artefacts(text)))


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


# A line that starts a new paragraph: a numbered item or heading (17. / 17、 / (3) / (三) /
# 三、 / 第三条 / ——), an indented line, or a table row (pipes or tabs). A quote never runs
# across such a boundary; other line breaks (blank lines included) are wrapping.
_ITEM_START = re.compile(r"^(?:\d{1,3}[.、](?!\d)|\(\d{1,3}\)|\([一二三四五六七八九十]+\)"
                         r"|[一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[条章节]|-{2}(?=[^\s-])|\|)")


def split_lines(text: str) -> list[str]:
    r"""Lines as an editor numbers them: split on \n only (\r\n too), so a form feed, \v,
    \x85 or U+2028 inside a line does not shift the line numbers.

    >>> split_lines("a\fb\r\nc\u2028d\x85e\n")
    ['a\x0cb', 'c\u2028d\x85e', '']
    """
    return [ln.removesuffix("\r") for ln in text.split("\n")]


def starts_paragraph(raw_line: str) -> bool:
    """True if a source line starts a new paragraph (see ``_ITEM_START``).

    >>> [starts_paragraph(x) for x in ("17. 深入推进", "  为全面贯彻", "秘密等行为", "2.5万件")]
    [True, True, False, False]
    """
    if raw_line[:2] in ("  ", "\u3000\u3000") or raw_line.startswith(("\u3000", " \u3000")):
        return True
    if "\t" in raw_line.strip():
        return True
    return _ITEM_START.match(_nfkc(raw_line).strip().translate(PUNCT_MAP)) is not None


class NormalisedText:
    """A source text normalised paragraph by paragraph, so a match can be traced back to its
    line and never runs across a paragraph or numbered item.

    ``text`` holds the paragraphs, lines joined as wrapping (nothing between them, or one space
    between two digits), paragraphs separated by ``\\n``; ``pre`` is the same before the
    conversion to simplified characters (for the variant check), ``key`` the same with curly
    quotes as ASCII ones (for lookup).

    >>> src = NormalisedText("第一行\\n到2021年,达到 32件以上")
    >>> src.find_line(normalise("达到32件"))
    2
    >>> src = NormalisedText("(知识产权局、 教育部负责)\\n17. 深入推进")
    >>> src.find_line(normalise("(知识产权局、教育部负责)17.深入推进")) is None
    True
    """

    def __init__(self, text: str):
        self.lines: list[str] = []
        self.starts: list[int] = []
        texts: list[str] = []
        pres: list[str] = []
        pos, prev = 0, ""
        for raw_line in split_lines(text):
            pre = squeeze(strip_artefacts(raw_line))
            norm = to_simplified(pre)
            if len(norm) != len(pre):
                pre = norm  # a phrase conversion changed the length: no variant check here
            if texts and norm:
                if starts_paragraph(raw_line):
                    sep = "\n"
                elif _digit_gap(prev, norm):
                    sep = " "
                else:
                    sep = ""
                texts.append(sep)
                pres.append(sep)
                pos += len(sep)
            self.starts.append(pos)
            self.lines.append(norm)
            texts.append(norm)
            pres.append(pre)
            pos += len(norm)
            prev = norm or prev
        self.text = "".join(texts)
        self.pre = "".join(pres)
        self.key = self.text.translate(MATCH_KEY)
        self.glosses = {to_simplified(m.group()) for m in re.finditer(r"\S" + PINYIN_ARTEFACT.pattern,
                                                            squeeze(_nfkc(text)))}

    def find(self, needle: str) -> int:
        return self.key.find(needle.translate(MATCH_KEY)) if needle else -1

    def find_all(self, needle: str) -> list[int]:
        """Every start of ``needle`` (already normalised) in ``text``."""
        out, key = [], needle.translate(MATCH_KEY)
        at = self.key.find(key) if key else -1
        while at >= 0:
            out.append(at)
            at = self.key.find(key, at + 1)
        return out

    def line_at(self, offset: int) -> int:
        """1-based source line of an offset into ``text``."""
        return bisect.bisect_right(self.starts, offset)

    def find_line(self, needle: str) -> int | None:
        """1-based line number where ``needle`` (already normalised) starts, or None."""
        at = self.find(needle)
        return None if at < 0 else self.line_at(at)

    def longest_prefix(self, needle: str) -> int:
        """Length of the longest prefix of ``needle`` found in the text (for error hints)."""
        lo, hi, key = 0, len(needle), needle.translate(MATCH_KEY)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if key[:mid] in self.key:
                lo = mid
            else:
                hi = mid - 1
        return lo


def _digit_gap(before: str, after: str) -> bool:
    """True if joining two wrapped lines would join two ASCII letters or digits."""
    a, b = before[-1:], after[:1]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
