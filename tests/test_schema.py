"""The field dictionary: each field defined once, tables built from it, foreign keys declared
and checked, and Frictionless itself accepts the package and the shipped data."""
from __future__ import annotations

import frictionless
import pytest

from ipstats.core.paths import DEFAULT_DATA_DIR, DataPaths
from ipstats.core.problems import ValidationError
from ipstats.dataset import schema
from ipstats.dataset.references import suggestion
from ipstats.dataset.validate import validate


def test_frictionless_loads_the_package_descriptor():
    report = frictionless.Package.validate_descriptor(schema.descriptor())
    assert report.valid, report.flatten(["type", "note"])
    package = frictionless.Package(schema.descriptor())  # raises on an invalid descriptor
    assert [r.name for r in package.resources] == [r["name"] for r in schema.descriptor()["resources"]]


def test_frictionless_refuses_a_table_listed_twice():
    d = schema.descriptor()
    twice = {**d, "resources": d["resources"] + d["resources"][:1]}
    assert not frictionless.Package.validate_descriptor(twice).valid


def test_frictionless_validates_the_shipped_raw_data_with_its_foreign_keys():
    paths = DataPaths(DEFAULT_DATA_DIR)
    report = frictionless.Package(schema.package_descriptor(paths), basepath=str(paths.root)).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])[:10]


def test_frictionless_catches_a_broken_foreign_key(data_copy):
    jur = data_copy.raw_table("jurisdictions")
    jur.write_text(jur.read_text(encoding="utf-8").replace(",provincial,china", ",provincial,chna", 1),
                   encoding="utf-8")
    package = frictionless.Package(schema.package_descriptor(data_copy), basepath=str(data_copy.root))
    failed = {task.name: task.flatten(["type", "rowNumber"]) for task in package.validate().tasks
              if not task.valid}
    assert list(failed) == ["jurisdictions"] and ["foreign-key", 3] in failed["jurisdictions"]


def test_per_document_tables_expand_to_one_resource_per_file(data_copy):
    (data_copy.targets_dir / "zz-new.csv").write_text(",".join(schema.field_names("targets")) + "\n",
                                                      encoding="utf-8")
    names = [r["name"] for r in schema.package_descriptor(data_copy)["resources"]]
    assert "targets-zz-new" in names and "targets" not in names


def test_every_defined_field_is_used_by_a_table():
    used = {f["name"] for r in schema.descriptor()["resources"] for f in r["schema"]["fields"]}
    assert set(schema.field_dictionary()) - used == set()


def test_a_field_has_one_definition_wherever_it_is_used():
    for res in schema.descriptor()["resources"]:
        for f in res["schema"]["fields"]:
            base = schema.field_dictionary()[f["name"]]
            cons = {k: v for k, v in f.get("constraints", {}).items() if k not in ("required", "enum")}
            wider = {k: v for k, v in base.get("constraints", {}).items() if k != "enum"}
            assert (f["type"], cons) == (base["type"], wider), (res["name"], f["name"])
            # a table may narrow a vocabulary, never widen it
            assert set(f.get("constraints", {}).get("enum", [])) <= set(
                base.get("constraints", {}).get("enum", [])), (res["name"], f["name"])


def test_a_table_may_only_narrow_a_vocabulary(monkeypatch):
    fields = {"basis": {"type": "string", "constraints": {"enum": ["stock", "flow"]}}}
    monkeypatch.setattr(schema, "field_dictionary", lambda: fields)
    assert schema._field({"name": "basis", "enum": ["stock"]}, "t")["constraints"] == {
        "enum": ["stock"]}
    with pytest.raises(schema.SchemaError, match="must be a subset"):
        schema._field({"name": "basis", "enum": ["stock", "ratio"]}, "t")


def test_a_table_cannot_redefine_a_field():
    with pytest.raises(schema.SchemaError, match="only say required, description or enum"):
        schema._field({"name": "value", "type": "string"}, "targets")
    with pytest.raises(schema.SchemaError, match="does not define"):
        schema._field("no_such_field", "targets")


def test_a_field_written_twice_in_yaml_is_refused():
    with pytest.raises(schema.SchemaError, match="duplicate key 'unit' \\(first on line 1\\); keep one"):
        schema._load_yaml("unit: {type: string}\nunit: {type: number}\n")


@pytest.mark.parametrize("name, kinds", [
    ("kind", {"targets", "targets_processed"}),
    ("campaign_kind", {"campaigns"}),
    ("department_kind", {"departments"}),
    ("census_date", {"population"}),
    ("reference_date", {"targets_processed", "documents_processed"}),
])
def test_names_with_different_meanings_are_different_names(name, kinds):
    users = {r["name"] for r in schema.descriptor()["resources"]
             if name in [f["name"] for f in r["schema"]["fields"]]}
    assert users == kinds


# -- foreign keys, checked by validation from the declarations --------------------------------

def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(data_copy) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    return [str(p) for p in exc.value.problems]


def test_every_declared_foreign_key_is_checked(data_copy):
    _edit(data_copy.raw_table("jurisdictions"), ",provincial,china", ",provincial,chinaa")
    _edit(data_copy.raw_table("indicators"), ",count_per_10k_people,", ",count_per_10k_person,")
    _edit(data_copy.raw_table("units"), "\n亿元,yuan,", "\n亿元,yuen,")
    with open(data_copy.raw_table("observations"), "a", encoding="utf-8") as f:
        f.write("mars,invention_patents_per_10k_people,2022,3.1,件,stock,,某局,某公报,2023-01-01,"
                "https://example.org/x,2024-01-01,official_statement,\n")
    obs_line = len(data_copy.raw_table("observations").read_text(encoding="utf-8").splitlines())
    found = _problems(data_copy)
    expected = [
        ("raw/jurisdictions.csv", "column 'parent_id': unknown parent jurisdiction: did you mean china?"),
        ("raw/indicators.csv", "column 'unit_std': unknown standard unit: did you mean count_per_10k_people?"),
        ("raw/units.csv", "line 2, column 'base_unit': unknown base unit: expected one of"),
        ("raw/observations.csv",
         f"line {obs_line}, column 'jurisdiction_id': unknown jurisdiction: expected one of"),
    ]
    for file, text in expected:
        assert any(p.startswith(file) and text in p for p in found), (file, text, found)


@pytest.mark.parametrize("value, valid, expected", [
    pytest.param("invention_patent_per_10k", ["invention_patents_per_10k_people", "trademarks"],
                 "invention_patents_per_10k_people", id="close-spelling"),
    pytest.param("yuxicity", ["yuxi", "yunnan"], None, id="extended-id"),
    pytest.param("xianyang", ["xian", "xiamen"], None, id="another-city-that-extends-a-valid-id"),
    pytest.param("hangzhou", ["zhengzhou", "zhejiang"], None, id="similar-but-another-place"),
    pytest.param("xian", ["xiamen", "xianyang"], None, id="prefix-of-one-of-two"),
    pytest.param("abc", ["abd"], None, id="too-short-to-guess"),
])
def test_did_you_mean_never_proposes_a_misleading_id(value, valid, expected):
    assert suggestion(value, valid) == expected


def test_a_long_list_of_valid_ids_is_counted_not_printed(data_copy):
    _edit(data_copy.targets_dir / "yx-2021-ip-protection-opinions.csv",
          "yx2021-t01,invention_patents_per_10k_people,", "yx2021-t01,qqqqqqq,")
    n = sum(1 for _ in open(data_copy.raw_table("indicators"), encoding="utf-8")) - 1
    assert any(f"unknown indicator: expected one of the {n} ids in indicators.csv." in p
               for p in _problems(data_copy))


def test_levels_have_one_definition_read_by_the_analyses():
    from ipstats.analysis import timeline
    from ipstats.reports import settings

    assert schema.levels() == schema.field_enum("level") == ["national", "provincial", "prefecture"]
    assert timeline.LEVEL_CHOICES == ("all", *schema.levels())
    assert settings.SWEEPS["levels"](None) == schema.levels()


@pytest.mark.parametrize("table", ["targets", "documents", "measures"])
def test_processed_tables_have_exactly_the_columns_their_schema_declares(built_data, table):
    import pandas as pd

    frame = pd.read_parquet(built_data.processed_table(table))
    assert list(frame.columns) == schema.field_names(f"{table}_processed")


def test_every_field_says_its_chinese_header_and_exports_use_it(tmp_path, monkeypatch):
    from ipstats.release.labels import header

    assert all(f["title_zh"].strip() for f in schema.field_dictionary().values())
    assert header("target_year") == "目标年份 target_year"
    bad = tmp_path / "fields.yaml"
    bad.write_text("unit:\n  type: string\n  description: x\n", encoding="utf-8")
    monkeypatch.setattr(schema, "FIELDS_FILE", bad)
    schema.field_dictionary.cache_clear()
    try:
        with pytest.raises(schema.SchemaError, match="field unit has no title_zh: give the column's "
                                                     "Chinese name"):
            schema.field_dictionary()
    finally:
        monkeypatch.undo()
        schema.field_dictionary.cache_clear()


@pytest.mark.parametrize("entry, ok", [
    pytest.param("  path: processed/t.parquet\n  sliceBy: [a]\n", True, id="a-field-of-a-built-table"),
    pytest.param("  path: processed/t.parquet\n  sliceBy: [zz]\n", False, id="not-a-field"),
    pytest.param("  path: raw/t.csv\n  sliceBy: [a]\n", False, id="a-raw-table"),
])
def test_a_table_is_sliced_only_by_its_own_fields_and_only_once_built(tmp_path, monkeypatch,
                                                                      entry, ok):
    f = tmp_path / "resources.yaml"
    f.write_text("- name: t\n" + entry + "  title: T\n  description: d\n  fields: [a]\n",
                 encoding="utf-8")
    monkeypatch.setattr(schema, "RESOURCES_FILE", f)
    monkeypatch.setattr(schema, "field_dictionary", lambda: {"a": {"type": "string"}})
    schema._assembled.cache_clear()
    try:
        if ok:
            assert schema.sliced_tables() == {"t": ["a"]}
        else:
            with pytest.raises(schema.SchemaError, match=r"t: sliceBy must name fields of a "
                               r"built table \(processed/\.\.\.\)"):
                schema.sliced_tables()
    finally:
        schema._assembled.cache_clear()


def test_the_slices_of_each_built_table_are_written_with_it(built_data):
    import json

    import pandas as pd

    digests = json.loads((built_data.processed_version / "slices.json").read_text("utf-8"))
    assert {t: sorted(c) for t, c in digests.items()} == {
        t: sorted(c) for t, c in schema.sliced_tables().items()}
    for table, columns in schema.sliced_tables().items():
        df = pd.read_parquet(built_data.processed_table(table))
        for col in columns:
            assert set(digests[table][col]) == set(df[col].dropna().astype(str)), (table, col)
