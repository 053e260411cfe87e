"""Bad input: each malformed file gets exit status 1 and a message naming file, line,
column, value and what was expected; all problems at once; nothing written."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ipstats.cli.main import main
from ipstats.core.problems import ValidationError
from ipstats.dataset.validate import validate



MALFORMED = Path(__file__).parent / "fixtures" / "malformed"
TARGET = "raw/targets/yx-2021-ip-protection-opinions.csv"


def swap_in(data_copy, fixture: str) -> None:
    shutil.copy(MALFORMED / fixture, data_copy.root / TARGET)


def problems_of(data_copy) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("fixture, line, column, message", [
    pytest.param("duplicate_target_id.csv", 4, "target_id",
                 "duplicate target_id: the same value is on line 2; each row needs its own (found 'yx2021-t01')",
                 id="duplicate-id"),
    pytest.param("unknown_indicator.csv", 2, "indicator_id",
                 "unknown indicator: did you mean invention_patents_per_10k_people? A new indicator "
                 "needs its row in indicators.csv first (name, family, unit_std, basis, "
                 "direction); otherwise use an existing id.", id="unknown-indicator"),
    pytest.param("unit_in_value.csv", 3, "value",
                 "the unit is inside the number: write '3.2' in 'value' and '万件' in 'unit' (found '3.2万件')",
                 id="unit-in-value"),
    pytest.param("non_numeric_value.csv", 4, "value",
                 "expected a number written with ASCII digits, e.g. 2.5 (found 'thirty-one')", id="non-numeric"),
    pytest.param("negative_value.csv", 4, "value", "expected a value >= 0", id="negative"),
    pytest.param("fullwidth_digits.csv", 2, "value",
                 "full-width or non-ASCII digits are not accepted (they are easily misread); write '3.9'",
                 id="full-width-digits"),
    pytest.param("bad_comparator.csv", 2, "comparator",
                 "expected one of: >=, >, <=, =, ~ (found '≥')", id="bad-comparator"),
    pytest.param("year_before_document.csv", 2, "target_year",
                 "the target year is before the document (2021)", id="year-before-document"),
    pytest.param("year_absurd.csv", 2, "target_year",
                 "implausibly far ahead of the document (2021); expected at most 2051 (found '2099')",
                 id="year-absurd"),
    pytest.param("quote_not_found.csv", 4, "quote",
                 "quote not found in the source yx-2021-ip-protection-opinions.txt: the first 12 "
                 "characters match", id="quote-not-found"),
    pytest.param("value_not_in_quote.csv", 2, "quote",
                 "the quote does not contain the value and unit 3.8件", id="value-not-in-quote"),
    pytest.param("missing_column.csv", 1, "note", "missing column; the header must be: target_id,",
                 id="missing-column"),
    pytest.param("extra_column.csv", 1, "comment", "unexpected column; the header must be:",
                 id="extra-column"),
    pytest.param("empty.csv", 1, None, "the file is empty; expected a header row", id="empty-file"),
    pytest.param("truncated.csv", 5, None, "the row starting here never closes its double quote",
                 id="truncated"),
    pytest.param("undecodable.csv", 2, None,
                 "not valid text in any supported encoding (tried utf-8, utf-8-sig, utf-16 (with BOM), "
                 "gb18030)", id="undecodable"),
])
def test_malformed_file_is_reported_precisely(data_copy, fixture, line, column, message):
    swap_in(data_copy, fixture)
    where = f"{TARGET}, line {line}" + (f", column '{column}'" if column else "")
    found = problems_of(data_copy)
    assert any(p.startswith(where + ":") and message in p for p in found), found


def test_all_problems_are_reported_at_once(data_copy):
    swap_in(data_copy, "many_problems.csv")
    found = problems_of(data_copy)
    assert [p.split(":")[0] for p in found] == [
        f"{TARGET}, line 2, column 'comparator'",
        f"{TARGET}, line 3, column 'value'",
        f"{TARGET}, line 4, column 'target_id'",
    ]


@pytest.mark.parametrize("fixture", ["gb18030.csv", "utf8_bom.csv"])
def test_excel_encodings_load_the_same(data_copy, fixture):
    swap_in(data_copy, fixture)
    ds = validate(data_copy)
    shipped = validate(None)
    rows = lambda d: sorted((t["target_id"], t["value"], t["quote"]) for t in d.targets)  # noqa: E731
    assert rows(ds) == rows(shipped)


def test_source_edited_after_curation_fails_its_checksum(data_copy):
    src = data_copy.sources / "yx-2021-ip-protection-opinions.txt"
    src.write_bytes(src.read_bytes() + b"\n")
    found = problems_of(data_copy)
    assert any("column 'sha256'" in p and "no longer matches its checksum" in p for p in found), found


def test_unknown_jurisdiction_and_unknown_document(data_copy):
    docs = data_copy.raw / "documents.csv"
    docs.write_text(docs.read_text(encoding="utf-8").replace(",yuxi,", ",yuxicity,"), encoding="utf-8")
    shutil.copy(data_copy.targets_dir / "yx-2021-ip-protection-opinions.csv",
                data_copy.targets_dir / "xx-unknown.csv")
    found = problems_of(data_copy)
    # yuxicity is not proposed as yuxi: an id that extends another may be another place
    assert any("column 'jurisdiction_id'" in p and "unknown jurisdiction: " in p and "did you mean"
               not in p and "Add it to jurisdictions.csv first. (found 'yuxicity')" in p
               for p in found), found
    assert any(p.startswith("raw/targets/xx-unknown.csv") and "unknown document" in p for p in found)
    # the copied file also repeats every target id of the original
    assert any("duplicate target_id: already used in raw/targets/" in p for p in found)


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(root)).encode() + f.read_bytes())
    return h.hexdigest()


def test_cli_exits_1_prints_every_problem_no_traceback_writes_nothing(data_copy, capsys):
    swap_in(data_copy, "many_problems.csv")
    before = _tree_digest(data_copy.raw)
    code = main(["build", "--data-dir", str(data_copy.root)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("3 problems found in the input data:")
    assert "Traceback" not in err
    assert data_copy.pinned().version is None
    assert _tree_digest(data_copy.raw) == before
