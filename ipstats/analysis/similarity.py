"""Which national task is a local measure most like? TF-IDF cosine over character bigrams.

Chinese has no spaces, so a text is cut into overlapping pairs of characters (知识产权 ->
知识, 识产, 产权) after normalisation (simplified characters, no punctuation or spaces). Each
pair is weighted by how often it occurs in the measure times how rare it is across all measures
(inverse document frequency), so pairs that every measure shares, like 知识 and 产权, count for
little and distinctive ones, like 剑网 or 质押, for much. Two measures score 1 when their
weighted pairs are proportional and 0 when they share none. The score ranks candidates; it does
not prove that one text copies another: read the pair of sentences.

>>> vecs = tfidf_vectors(["打击网络侵权盗版", "打击网络侵权盗版专项行动", "质押融资"])
>>> round(cosine(vecs[0], vecs[1]), 2) > round(cosine(vecs[0], vecs[2]), 2)
True
>>> bigrams("知识产权, 2020年")
['知识', '识产', '产权', '20', '02', '20', '0年']
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from ipstats.dataset.textnorm import normalise

_KEEP = re.compile(r"[\u4e00-\u9fff0-9a-zA-Z]+")


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs within runs of CJK characters, letters and digits."""
    out: list[str] = []
    for run in _KEEP.findall(normalise(text)):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """One L2-normalised TF-IDF vector (bigram -> weight) per text; IDF is smoothed:
    ``log((1 + N) / (1 + df)) + 1``."""
    counts = [Counter(bigrams(t)) for t in texts]
    df = Counter(g for c in counts for g in c)
    n = len(texts)
    vecs = []
    for c in counts:
        v = {g: tf * (math.log((1 + n) / (1 + df[g])) + 1) for g, tf in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vecs.append({g: w / norm for g, w in v.items()})
    return vecs


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two normalised vectors (0..1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def shared_terms(a: dict[str, float], b: dict[str, float], k: int = 6) -> list[str]:
    """The ``k`` bigrams contributing most to the similarity: what the two texts share."""
    contrib = {g: w * b[g] for g, w in a.items() if g in b}
    return [g for g, _ in sorted(contrib.items(), key=lambda x: (-x[1], x[0]))[:k]]
