"""Problems found in input data, collected rather than raised one at a time.

Every check appends a :class:`Problem` naming file, line, column and value, with a message
that says what was expected and how to fix it; commands print them all at once.

>>> print(Problem("targets/x.csv", 3, "value", "300亿元", "expected a plain number"))
targets/x.csv, line 3, column 'value': expected a plain number (found '300亿元')
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_PER_KIND = 100  # a report lists at most this many problems of one kind


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        found = f" (found {self.value!r})" if self.value is not None else ""
        return f"{', '.join(where)}: {self.message}{found}"


class IpstatsError(Exception):
    """A user-facing error: the message says what went wrong and how to fix it."""


class ValidationError(IpstatsError):
    """Raised when input data has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        self._reports: dict[tuple[int, int], str] = {}  # 10^6 problems: group them once
        super().__init__(self.report())

    def report(self, per_kind: int = MAX_PER_KIND) -> str:
        """Every problem, except that past the first ``per_kind`` of one kind (same file,
        column and message up to its numbers and quoted values) the rest are counted."""
        key = (per_kind, len(self.problems))
        if key not in self._reports:
            self._reports[key] = self._report(per_kind)
        return self._reports[key]

    def _report(self, per_kind: int) -> str:
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} found in the input data:"]
        shown: dict[tuple, int] = {}
        for p in self.problems:
            kind = _kind(p)
            shown[kind] = shown.get(kind, 0) + 1
            if shown[kind] <= per_kind:
                lines.append(f"  - {p}")
        for kind, count in shown.items():
            if count > per_kind:
                lines.append(f"  ... and {count - per_kind} more in {kind[0]}, column "
                             f"'{kind[1]}' like the first {per_kind}: {kind[2]}")
        lines.append("Nothing was written. Fix the files above and run the command again.")
        return "\n".join(lines)


def _kind(p: Problem) -> tuple[str, str, str]:
    """What makes problems 'the same kind': file, column, message without its specifics.

    >>> _kind(Problem("t.csv", 3, "value", "x", "duplicate id: the same value is on line 7"))
    ('t.csv', 'value', 'duplicate id: the same value is on line #')
    """
    return p.file, p.column or "", _general(p.message)


@functools.lru_cache(maxsize=4096)  # 10^6 problems share a few messages: each is read once
def _general(message: str) -> str:
    return re.sub(r"'[^']*'|\d+", "#", message)


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else -1, p.column or "", p.message)


def check_choice(name: str, value: str, valid: Iterable[str]) -> str:
    """Stop a notebook early, listing the valid values, when a parameter is not one of them.

    >>> check_choice("jurisdiction", "mars", ["china", "zhejiang"])
    Traceback (most recent call last):
    ...
    ipstats.core.problems.IpstatsError: unknown jurisdiction 'mars'; valid values: china, zhejiang
    """
    valid = list(dict.fromkeys(valid))
    if value not in valid:
        raise IpstatsError(f"unknown {name} {value!r}; valid values: {', '.join(valid)}")
    return value
