"""The mutation run (benchmarks/mutation.py) stays fast and honest: its tests never build or
validate the dataset, every critical module is mutated, "no tests" counts as surviving, and only listed
equivalent mutants are left out of the rate."""
from __future__ import annotations

import doctest
import importlib.util
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]


@pytest.fixture(scope="module")
def mutation():
    spec = importlib.util.spec_from_file_location("mutation", ROOT / "benchmarks" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["mutation"]


def test_the_script_doctests_pass(mutation):
    assert doctest.testmod(mutation).failed == 0


@pytest.mark.parametrize("test_file", CONFIG["pytest_add_cli_args_test_selection"])
def test_the_selected_tests_never_build_or_validate_the_dataset(test_file):
    # (a copy of the raw data, as the extractor's tests make, costs milliseconds; a build
    # costs seconds for every mutant)
    text = (ROOT / test_file).read_text(encoding="utf-8")
    assert not re.search(r"\b(built_data|built_copy)\b|\bbuild\((?!self)|\bvalidate\(", text)


def test_every_critical_module_is_mutated(mutation):
    mutated = {p.removesuffix(".py").replace("/", ".") for p in CONFIG["only_mutate"]}
    assert {mutation.module_of(p.replace("*", "x_f__mutmut_1")) for p in mutation.SCOPE} <= mutated


RESULTS = """\
    ipstats.core.atomic.x_write_text__mutmut_1: killed
    ipstats.core.atomic.x_write_text__mutmut_2: survived
    ipstats.core.atomic.x_write_text__mutmut_3: no tests
    ipstats.core.atomic.x_write_text__mutmut_4: timeout
    ipstats.core.atomic.x_write_text__mutmut_5: not checked
    ipstats.dataset.build.x_frames__mutmut_1: survived
"""


def test_no_tests_counts_as_surviving_and_a_timeout_as_caught(mutation):
    by_module = mutation.parse_results(RESULTS)
    assert by_module == {"ipstats.core.atomic": Counter(
        {"killed": 1, "survived": 1, "no tests": 1, "timeout": 1, "not checked": 1})}
    _, rate = mutation.table(by_module)
    assert rate == 50.0  # 2 of the 4 checked
    assert mutation.survivors(RESULTS) == ["ipstats.core.atomic.x_write_text__mutmut_2 (survived)",
                                           "ipstats.core.atomic.x_write_text__mutmut_3 (no tests)"]


def test_an_equivalent_mutant_is_left_out_only_while_its_code_is_the_listed_one(mutation,
                                                                              monkeypatch):
    name = "ipstats.core.atomic.x_write_text__mutmut_2"
    monkeypatch.setitem(mutation.EQUIVALENT, name, ('"UTF-8"', "codec names"))
    monkeypatch.setattr(mutation, "mutant_code", lambda n: 'x.encode("UTF-8")' if n == name else "")
    assert mutation.parse_results(RESULTS)["ipstats.core.atomic"]["equivalent"] == 1
    assert mutation.table(mutation.parse_results(RESULTS))[1] == pytest.approx(100 / 3)
    monkeypatch.setattr(mutation, "mutant_code", lambda n: 'x.encode("utf-8")')  # renumbered
    assert mutation.parse_results(RESULTS)["ipstats.core.atomic"]["survived"] == 1


def test_mutant_code_reads_one_function_of_the_mutated_copy(mutation, tmp_path, monkeypatch):
    (tmp_path / "mutants" / "pkg").mkdir(parents=True)
    (tmp_path / "mutants" / "pkg" / "mod.py").write_text(
        "def x_f__mutmut_1(a):\n    return a + 1\n\n"
        "def x_f__mutmut_2(a):\n    return a - 1\n\n"
        "class C:\n    def xǁCǁm__mutmut_1(self):\n        return 2\n"
        "    def xǁCǁm__mutmut_2(self):\n        return 3\n", encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    assert mutation.mutant_code("pkg.mod.x_f__mutmut_1") == "def x_f__mutmut_1(a):\n    return a + 1\n\n"
    assert "return 2" in mutation.mutant_code("pkg.mod.xǁCǁm__mutmut_1")
    assert "return 3" not in mutation.mutant_code("pkg.mod.xǁCǁm__mutmut_1")
    assert mutation.mutant_code("pkg.other.x_f__mutmut_1") == ""


def test_every_listed_equivalent_mutant_is_in_scope_and_says_why(mutation):
    for name, (piece, why) in mutation.EQUIVALENT.items():
        assert mutation.in_scope(name), name
        assert piece and len(why) > 10, name
