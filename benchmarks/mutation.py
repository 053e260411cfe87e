"""Mutation testing of the critical modules: do the tests notice when the code is broken?

Runs mutmut (configured in ``pyproject.toml`` under ``[tool.mutmut]``: which modules, which
tests) and prints, per module, how many single-edit mutants the tests kill and how many
survive. A surviving mutant is a change to the code that no test notices; the goal (issue 8)
is fewer than 10% survivors in these modules.

    python benchmarks/mutation.py              # a fresh run (about 30 min on 2 shared cores)
    python benchmarks/mutation.py --reuse      # resume: keep mutants/ and the results; test
                                               # only unchecked mutants and the survivors
    python benchmarks/mutation.py --summary    # only print the table of the last run
    python benchmarks/mutation.py --survivors  # ... and list the surviving mutants
    python benchmarks/mutation.py --only ipstats.reports.page   # one module

Speed: each mutant runs only the selected tests that call the mutated function, and the
selection (``pytest_add_cli_args_test_selection``) holds only fast files with tiny inline
inputs; none builds the dataset (tests/test_mutation_selection.py checks it). Before that,
a surviving text-normalisation mutant ran the whole dataset build tests (about 36 s each)
and a run never finished in 30 minutes.

``mutmut show <name>`` prints the diff of one mutant; mutmut's own output is in
``mutants/mutmut-run.log``. Exits 1 when the overall survival rate is at or above ``--goal``
percent (default 10).
"""
from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The critical code of issue 8, as mutmut mutant-name patterns: whole modules, or within a
# module only the functions the issue names (the extractor's cue handling, not its section
# labels or indicator guess; escaping, not citations; the build fingerprint, not the table
# processing). Which modules mutmut copies and which tests it runs: pyproject.toml.
SCOPE = (
    "ipstats.dataset.provenance.*",
    "ipstats.dataset.textnorm.*",
    "ipstats.dataset.units.*",
    *(f"ipstats.curation.extract.x_{f}__mutmut_*" for f in (
        "propose", "_clauses", "_before", "_is_candidate", "_in_short_quotes", "_quote_start",
        "comparator", "_row")),
    *(f"ipstats.reports.page.{f}__mutmut_*" for f in (
        "x_escape", "x_show_table", "x_note", "x_stamp", "xǁHtmlǁ*")),
    "ipstats.core.atomic.*",
    "ipstats.reports.render.run.*",
    "ipstats.reports.render.fingerprint.*",
    "ipstats.dataset.build.x_raw_fingerprint__mutmut_*",
    "ipstats.dataset.build.x_is_stale__mutmut_*",
    "ipstats.dataset.slices.*",
)
MUTMUT = [sys.executable, "-m", "mutmut"]
# Survival before this work (issue 8's first run, which never finished: 53.7% of the 857
# mutants it checked survived) and after the first round of tests (also unfinished: 23.6% of
# 709 checked). Kept to print beside each new run.
BEFORE = {
    "ipstats.core.atomic": "13.3% -> (not reached)",
    "ipstats.curation.extract": "28.2% -> 19.2%",
    "ipstats.dataset.build": "30.3% -> (not reached)",
    "ipstats.dataset.provenance": "68.8% -> 0 of 6 checked",
    "ipstats.dataset.textnorm": "41% -> 2 of 14 checked",
    "ipstats.dataset.units": "0% -> (not reached)",
    "ipstats.reports.page": "100% -> 25.7%",
    "ipstats.reports.render.fingerprint": "100% -> 19.4%",
    "ipstats.reports.render.run": "100% -> 17.5%",
    "overall": "53.7% of 857 checked -> 23.6% of 709 checked",
}
# Mutants that change no observable behaviour: name -> (a piece of the mutated code, to
# notice when an edit renumbers the mutants; why no test can tell the difference). They are
# shown in their own column and left out of the survival rate; every other mutant that the
# tests let through (or that no test runs) is a survivor. An entry whose piece of code is no
# longer in that mutant is stale: its mutant counts as a survivor again.
_T, _P, _G = "ipstats.dataset.textnorm.", "ipstats.dataset.provenance.", "ipstats.reports.page."
_X = "ipstats.curation.extract."
_LIST = "line_start only affects arabic list numbers; only Chinese numerals are read here"
_FALSY = "None is false, as False, wherever it is read"
_ENDS = "only the last three characters are read: the longest cue has three"
_NONEMPTY = "SCOPE_WORDS is not empty: the default is never used"
_DISTINCT = "an opening and a closing quote are never at the same place"
_KEY = "every cue found has a key of at least (1, 1)"
_UNREACHABLE = "unreachable: a clause of the text is always found in the text"
_SAME = "a recurrence already set is the same (annual, flow) that would be set again"
_IDS = "target ids are numbered again, in line order, once all rows are found"
_HASH = "a fingerprint is only compared with fingerprints made by the same code"
_CODEC = "codec names are case-insensitive; utf-8 is decode()'s default"
_S = "ipstats.dataset.slices."
_SAME_LENGTH = "the three sequences zipped are always of the same length (one per value)"
EQUIVALENT: dict[str, tuple[str, str]] = {
    _T + "x_to_simplified__mutmut_2": ("if (text) or True", "OpenCC converts '' to ''"),
    _T + "x_squeeze__mutmut_2": ("if (text) or True", "the regex substitution of '' is ''"),
    _T + "x_squeeze__mutmut_12": ("m.group()[:2].isspace()",
                                  "a match of \\s+ is all whitespace, whatever its length"),
    _T + "x__gap__mutmut_14": ('in "XX.%XX"', "X is alphanumeric: already a gap character"),
    _T + "x_clean_for_display__mutmut_12": ("\\x7F", "the same regex (hex digits' case)"),
    _T + "x_has_non_ascii_digits__mutmut_7": ('<= "XX9XX"',
                                              "no digit lies between '9' and 'X'"),
    _T + "x_starts_paragraph__mutmut_5": ('"XX\\u3000\\u3000XX"',
                                          "a line starting with \\u3000 is caught by the next test"),
    _T + "xǁNormalisedTextǁfind_all__mutmut_9": ("else -2", "any negative start ends the loop"),
    _T + "xǁNormalisedTextǁlongest_prefix__mutmut_9": (
        "(lo + hi + 2) // 2", "still a bisection (mid never passes hi) with the same answer"),
    _P + "x_source_text__mutmut_6": ('.decode(errors="replace")', _CODEC),
    _P + "x_source_text__mutmut_10": ('"UTF-8"', _CODEC),
    _P + "x_check_source__mutmut_37": ('"UTF-8"', _CODEC),
    _P + "x__guess_encoding__mutmut_17": ('"GB18030"', _CODEC),
    _P + "x__guess_encoding__mutmut_10": (
        "len(data) / 4", "a count exceeds n/4 exactly when it exceeds n//4 (integers)"),
    _P + "x_number_in_quote__mutmut_34": ("line_start=None", _LIST),
    _P + "x_number_in_quote__mutmut_37": ("scan(quote_norm, words, )", _LIST),
    _P + "x_number_in_quote__mutmut_38": ("line_start=True", _LIST),
    _P + "x_check_quote__mutmut_52": ('None = ""', "the loop below always sets it first"),
    _G + "x_escape__mutmut_10": ("html.escape(str(value), )", "quote=True is the default"),
    _G + "x_show_table__mutmut_11": (
        "is_numeric_dtype(None)", "a numeric column is blank only when all NA, tested first"),
    _G + "x_show_table__mutmut_45": ("index=None", "None is false, as False"),
    _X + "x_propose__mutmut_36": ("aspiration = past = None", _FALSY),
    _X + "x_propose__mutmut_42": ("annual = None", _FALSY),
    _X + "x_propose__mutmut_51": ("sentence_start = None", _FALSY),
    _X + "x_propose__mutmut_85": ("last_end = None", "norm[None:i] is norm[0:i]"),
    _X + "x_propose__mutmut_93": (
        "s <= hit.start", "a year scope starts at 到/至 or at a year, never at a target's number"),
    _X + "x_propose__mutmut_124": ("target_extras(hit, norm, None,",
                                   "target_extras does not read its year argument"),
    _X + "x_propose__mutmut_152": ("extra.get(None)", _SAME),
    _X + "x_propose__mutmut_153": ('extra.get("XXrecurrenceXX")', _SAME),
    _X + "x_propose__mutmut_154": ('extra.get("RECURRENCE")', _SAME),
    _X + "x_propose__mutmut_177": ("_row(len(rows) + 1, None,", _IDS),
    _X + "x_propose__mutmut_206": ("_row(len(rows) - 1,", _IDS),
    _X + "x_propose__mutmut_207": ("_row(len(rows) + 2,", _IDS),
    _X + "x_propose__mutmut_239": ("_table_row(t, None,", _IDS),
    _X + "x_propose__mutmut_234": ("past = annual = None", _FALSY),
    _X + "x__clauses__mutmut_7": ('"XXXX"))', "only compared with sentence ends, as '' is"),
    _X + "x__is_candidate__mutmut_14": ("_before(norm, hit, 7)", _ENDS),
    _X + "x__is_candidate__mutmut_16": ("hit.end + 4]", _ENDS),
    _X + "x__is_candidate__mutmut_25": (
        '"XX+·XX"', "one character: only X differs, and a number after X is refused anyway"),
    _X + "x__is_candidate__mutmut_59": ('"XX保持XX"', "the stand-in only has to lack 在"),
    _X + "x__is_candidate__mutmut_75": ("default=+1", _NONEMPTY),
    _X + "x__is_candidate__mutmut_76": ("default=-2", _NONEMPTY),
    _X + "x__is_candidate__mutmut_70": ("default=None)", _NONEMPTY),
    _X + "x__is_candidate__mutmut_72": ("for w in SCOPE_WORDS), )", _NONEMPTY),
    _X + "x__in_short_quotes__mutmut_3": ('rfind("“", None,', "None starts at 0, as 0 does"),
    _X + "x__in_short_quotes__mutmut_24": ("1 <= close_at", _DISTINCT),
    _X + "x__in_short_quotes__mutmut_25": ("0 < close_at", _DISTINCT),
    _X + "x__quote_start__mutmut_4": ("cumulative_from <= ci", "first = ci either way"),
    _X + "x_comparator__mutmut_3": ("hit.end + 4]", _ENDS),
    _X + "x_comparator__mutmut_7": ("((+1, 0)", _KEY),
    _X + "x_comparator__mutmut_8": ("((-2, 0)", _KEY),
    _X + "x_comparator__mutmut_9": ("((-1, 1)", _KEY),
    _X + "x_comparator__mutmut_20": (
        "key >= best[0]", "equal keys mean the same text, and no cue is in two lists"),
    _X + "x__row__mutmut_59": ("notes.append(None)", _UNREACHABLE),
    _X + "x__row__mutmut_60": ('"XXquote not found', _UNREACHABLE),
    _X + "x__row__mutmut_61": ('"QUOTE NOT FOUND', _UNREACHABLE),
    "ipstats.reports.render.fingerprint.x_job_hash__mutmut_10": ("ensure_ascii=None", _FALSY),
    "ipstats.reports.render.fingerprint.x_data_fingerprint__mutmut_29": (
        'part = ""', "'' is false, as None: the table's file is hashed"),
    "ipstats.dataset.units.x__column__mutmut_20": (
        "r.get(column, None)", "a missing cell, None or '', is the bare-number key, dropped"),
    "ipstats.dataset.units.x__column__mutmut_22": ("r.get(column, )", "as None, above"),
    "ipstats.dataset.build.x_is_stale__mutmut_7": (
        "encoding=None", "build.json is ASCII (json.dumps escapes everything else)"),
    "ipstats.dataset.build.x_is_stale__mutmut_9": ('"UTF-8"', _CODEC),
    "ipstats.reports.render.run.x_render__mutmut_63": ("wait=None)", _FALSY),
    "ipstats.reports.render.run.x__render_locked__mutmut_126": (
        'float("INF")', "float() reads inf in any case"),
    "ipstats.reports.render.run.x__stop_kernels__mutmut_10": (
        "timeout=4)", "3 or 4 s: either way a child that ignores terminate is then killed"),
    "ipstats.dataset.build.x_raw_fingerprint__mutmut_10": ('b"XX\\0XX"', _HASH),
    "ipstats.dataset.build.x_raw_fingerprint__mutmut_20": (
        '"SHA256"', "hashlib's algorithm names are case-insensitive"),
    "ipstats.core.atomic.x__umask__mutmut_3": (
        "os.umask(1)", "the umask read is put back at once; the value set in between is unseen"),
    "ipstats.core.atomic.x_write_text__mutmut_7": ('"UTF-8"', _CODEC),
    _S + "x_read_key__mutmut_8": ("ensure_ascii=None", _FALSY),
    _S + "x_slice_digests__mutmut_10": ("index=None", _FALSY),
    _S + "x_slice_digests__mutmut_23": ('kind="STABLE"',
                                        "NumPy reads the sort kind's name in any case"),
    _S + "x_slice_digests__mutmut_31": ("np.arange(len(uniques)), )", 'side="left" is the default'),
    _S + "x_slice_digests__mutmut_52": ("strict=None", _SAME_LENGTH),
    _S + "x_slice_digests__mutmut_56": ("first, after, )", _SAME_LENGTH),
    _S + "x_slice_digests__mutmut_57": ("strict=False", _SAME_LENGTH),
    _S + "x_load_digests__mutmut_3": (
        "encoding=None", "slices.json is ASCII (json.dumps escapes everything else)"),
    _S + "x_load_digests__mutmut_6": ('"UTF-8"', _CODEC),
}


def mutant_code(name: str) -> str:
    """The source of one mutant function, from the mutated copy under ``mutants/`` ('' if
    there is none)."""
    module = module_of(name)
    path = ROOT / "mutants" / (module.replace(".", "/") + ".py")
    short = name[len(module) + 1:]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    m = re.search(rf"^(\s*)def {re.escape(short)}\(.*?(?=^\1?def |\Z)", text, re.MULTILINE | re.DOTALL)
    return m.group(0) if m else ""


def equivalent(name: str) -> bool:
    """True if ``name`` is listed in :data:`EQUIVALENT` and its code still has the listed
    change (otherwise the entry is stale and the mutant counts as a survivor)."""
    entry = EQUIVALENT.get(name)
    return entry is not None and entry[0] in mutant_code(name)
# A mutant "survives" when the tests pass with it, or when no selected test even calls the
# mutated function ("no tests"): both are changes nobody would notice.
SURVIVING = ("survived", "no tests")
LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+)__mutmut_\d+: (?P<status>.+?)\s*$")


def module_of(mutant: str) -> str:
    """The module a mutant belongs to, from its mutmut name.

    >>> module_of("ipstats.dataset.provenance.x_number_in_quote__mutmut_3")
    'ipstats.dataset.provenance'
    >>> module_of("ipstats.dataset.textnorm.xǁNormalisedTextǁfind_line__mutmut_1")
    'ipstats.dataset.textnorm'
    """
    return re.split(r"\.xǁ|\.x_", mutant, maxsplit=1)[0]


def in_scope(mutant: str) -> bool:
    """True if ``mutant`` mutates the critical code (:data:`SCOPE`).

    >>> in_scope("ipstats.dataset.build.x_is_stale__mutmut_2"), in_scope("ipstats.dataset.build.x_frames__mutmut_2")
    (True, False)
    """
    return any(fnmatch.fnmatchcase(mutant, p) for p in SCOPE)


def parse_results(text: str) -> dict[str, Counter]:
    """Count the statuses of ``mutmut results --all true`` per module (critical code only); a
    surviving mutant listed in :data:`EQUIVALENT` counts as ``equivalent``."""
    by_module: dict[str, Counter] = defaultdict(Counter)
    for line in text.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if LINE.match(line) and in_scope(name):
            if status in SURVIVING and equivalent(name):
                status = "equivalent"
            by_module[module_of(name)][status] += 1
    return by_module


def survivors(text: str) -> list[str]:
    """Names of the surviving mutants in ``mutmut results`` output."""
    out = []
    for line in text.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if status in SURVIVING and in_scope(name) and not equivalent(name):
            out.append(f"{name} ({status})")
    return out


def table(by_module: dict[str, Counter]) -> tuple[str, float]:
    """The per-module table and the overall survival rate (percent)."""
    rows = [(f"{'module':38} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} "
             f"{'timeout':>7} {'equiv.':>6} {'other':>5} {'unchecked':>9} {'survival':>8}")]
    total = Counter()
    for module in sorted(by_module):
        c = by_module[module]
        total.update(c)
        rows.append(_row(module, c))
    rows.append(_row("overall", total))
    return "\n".join(rows), _rate(total)


def _rate(c: Counter) -> float:
    """Percent of the checked mutants that survive (a timeout counts as caught; equivalent
    mutants are left out).

    >>> _rate(Counter(killed=8, survived=1, **{"no tests": 1, "not checked": 5, "equivalent": 2}))
    20.0
    """
    checked = sum(c.values()) - c["not checked"] - c["equivalent"]
    return 100.0 * sum(c[s] for s in SURVIVING) / checked if checked else 0.0


def _row(label: str, c: Counter) -> str:
    n = sum(c.values())
    other = (n - c["killed"] - c["survived"] - c["no tests"] - c["timeout"] - c["equivalent"]
             - c["not checked"])
    return (f"{label:38} {n:7} {c['killed']:6} {c['survived']:8} {c['no tests']:8} "
            f"{c['timeout']:7} {c['equivalent']:6} {other:5} {c['not checked']:9} "
            f"{_rate(c):7.1f}%")


def to_retest(text: str, only: str = "",
              statuses: tuple[str, ...] = ("not checked", *SURVIVING)) -> list[str]:
    """The mutants of the critical code a resumed run (``--reuse``) must test: those never
    checked (an interrupted run) and the survivors (tests may have been added since), but not
    the listed equivalent ones; killed and timed-out mutants keep their result.

    >>> to_retest("    ipstats.core.atomic.x_write_text__mutmut_1: killed\\n"
    ...           "    ipstats.core.atomic.x_write_text__mutmut_2: not checked\\n"
    ...           "    ipstats.core.atomic.x_write_text__mutmut_3: survived\\n"
    ...           "    ipstats.dataset.build.x_frames__mutmut_1: not checked")
    ['ipstats.core.atomic.x_write_text__mutmut_2', 'ipstats.core.atomic.x_write_text__mutmut_3']
    """
    out = []
    for line in text.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if (LINE.match(line) and in_scope(name) and name.startswith(only)
                and status in statuses and not (status in SURVIVING and equivalent(name))):
            out.append(name)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reuse", action="store_true",
                    help="resume: keep mutants/ and the results of the last run; test only the "
                         "mutants not yet checked and the survivors")
    ap.add_argument("--summary", action="store_true", help="only summarise the last run")
    ap.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    ap.add_argument("--max-children", type=int, default=min(2, os.cpu_count() or 1),
                    help="parallel test processes (default: 2, or 1 on one CPU)")
    ap.add_argument("--only", default="",
                    help="only the mutants whose name starts with this, e.g. ipstats.reports.page")
    ap.add_argument("--verbose", action="store_true", help="show mutmut's own progress")
    ap.add_argument("--goal", type=float, default=10.0,
                    help="exit 1 when the overall survival rate is at or above this percent")
    args = ap.parse_args(argv)
    # The tests must import the mutated copy under mutants/, never the checkout itself.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if not args.summary:
        t0 = time.perf_counter()
        if args.reuse and (ROOT / "mutants").exists():
            names = to_retest(_results(env).stdout, args.only)
        else:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
            names = [p for p in SCOPE if p.startswith(args.only) or args.only.startswith(p[:-1])]
        log = ROOT / "mutants" / "mutmut-run.log"
        for attempt in range(3):  # a crashed or killed mutmut run is resumed where it stopped
            if not names:
                break
            log.parent.mkdir(exist_ok=True)
            with open(log, "a", encoding="utf-8") as out:
                # nice: a run takes minutes; let interactive work on the machine go first
                subprocess.run(["nice", *MUTMUT, "run", "--max-children",
                                str(args.max_children), *names], cwd=ROOT, env=env, check=False,
                               stdout=None if args.verbose else out, stderr=subprocess.STDOUT)
            left = [n for n in to_retest(_results(env).stdout, args.only, ("not checked",))]
            if left:
                print(f"{len(left)} mutants not checked yet (see {log}); resuming")
            names = left
        print(f"mutmut run: {time.perf_counter() - t0:.0f}s ({args.max_children} test processes)")
    res = _results(env)
    by_module = {m: c for m, c in parse_results(res.stdout).items() if m.startswith(args.only)}
    if not by_module:
        print(f"no mutmut results under {ROOT / 'mutants'}; run without --summary first\n"
              f"{res.stderr[-2000:]}", file=sys.stderr)
        return 1
    text, rate = table(by_module)
    print("before (issue 8's first run, 857 of the mutants checked):")
    print("\n".join(f"  {m:38} {r}" for m, r in BEFORE.items()))
    print("\nthis run:")
    print(text)
    if args.survivors:
        print("\nsurviving mutants (see one with: mutmut show NAME):")
        print("\n".join("  " + s for s in survivors(res.stdout)))
        print("\nequivalent mutants (no observable difference; not counted):")
        print("\n".join(f"  {n}: {why}" + ("" if equivalent(n) else " (STALE: not this mutant)")
                        for n, (_, why) in EQUIVALENT.items()))
    print(f"\noverall survival {rate:.1f}% (goal: under {args.goal:g}%)")
    return 0 if rate < args.goal else 1


def _results(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(MUTMUT + ["results", "--all", "true"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


if __name__ == "__main__":
    sys.exit(main())
