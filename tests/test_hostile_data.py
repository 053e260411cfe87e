"""Hostile or broken data: every case is one exact, located message (exit 1, never a traceback
or a hang), and nothing outside raw/ is ever read."""
from __future__ import annotations

import hashlib
import os

import pytest

from ipstats.dataset import schema

from ipstats.cli.main import main
from ipstats.dataset.build import build, is_stale

YX = "raw/targets/yx-2021-ip-protection-opinions.csv"


def _validate(paths, capsys) -> list[str]:
    code = main(["validate", "--data-dir", str(paths.root)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return [line[4:] for line in err.splitlines() if line.startswith("  - ")]


def _yx(paths) -> bytes:
    return (paths.root / YX).read_bytes()


def test_bom_then_gb18030(data_copy, capsys):
    text = _yx(data_copy).decode("utf-8")
    (data_copy.root / YX).write_bytes(b"\xef\xbb\xbf" + text.encode("gb18030"))
    first = text.index(next(c for c in text if ord(c) > 127))
    line = text[:first].count("\n") + 1
    column = len(text[text.rfind("\n", 0, first) + 1:first].encode("gb18030")) + 1
    byte = text[first].encode("gb18030")[0]
    assert _validate(data_copy, capsys) == [
        f"{YX}, line {line}: the file starts with a UTF-8 byte-order mark but is not UTF-8 after "
        "it (the rest reads as GB18030: the file mixes two encodings); byte "
        f"{column + (3 if line == 1 else 0)} of this line is the first that fails. Save it as "
        f"UTF-8 (in Excel: Save As > 'CSV UTF-8'). (found '0x{byte:02x}')"]


def test_utf16_with_odd_length(data_copy, capsys):
    (data_copy.root / YX).write_bytes(_yx(data_copy).decode("utf-8").encode("utf-16") + b"\n")
    [p] = _validate(data_copy, capsys)
    assert "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 (it has an " \
           "odd number of bytes: truncated?)" in p and p.startswith(YX)


def test_duplicated_column_header(data_copy, capsys):
    text = _yx(data_copy).decode("utf-8")
    header, rest = text.split("\n", 1)
    (data_copy.root / YX).write_text(header + ",note\n" + rest, encoding="utf-8")
    columns = header.split(",")
    assert _validate(data_copy, capsys) == [
        f"{YX}, line 1, column 'note': column 'note' appears twice in the header (columns "
        f"{columns.index('note') + 1} and {len(columns) + 1}); keep one. The header must be: "
        + ",".join(schema.field_names("targets"))]


def _documents(paths):
    import csv

    f = paths.raw_table("documents")
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    return f, rows


def _write_documents(f, rows):
    import csv

    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_source_saved_as_utf16_names_its_encoding(data_copy, capsys):
    f, rows = _documents(data_copy)
    src = data_copy.sources / rows[0]["source_file"]
    src.write_bytes(src.read_text(encoding="utf-8").encode("utf-16"))
    rows[0]["sha256"] = hashlib.sha256(src.read_bytes()).hexdigest()
    _write_documents(f, rows)
    problems = _validate(data_copy, capsys)
    assert problems == [
        f"raw/documents.csv, line 2, column 'source_file': the source file is not UTF-8 text (it "
        "is UTF-16, by its byte-order mark), so its quotes cannot be checked; save the text as "
        "UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and record the new file's sha256 (found "
        f"'{src.name}')"]


@pytest.mark.parametrize("source_file", ["../../secret.txt", "/etc/hostname"])
def test_source_file_outside_raw_is_refused(data_copy, capsys, source_file):
    (data_copy.root.parent / "secret.txt").write_text("到2025年,达到100件", encoding="utf-8")
    f, rows = _documents(data_copy)
    rows[0]["source_file"] = source_file
    _write_documents(f, rows)
    problems = _validate(data_copy, capsys)
    assert (f"raw/documents.csv, line 2, column 'source_file': expected the name of a file in "
            "raw/sources/; this path leads outside it. Copy the source into raw/sources/ and "
            f"give its file name (found '{source_file}')") in problems


def test_editing_a_source_makes_the_build_stale(data_copy):
    build(data_copy)
    f, rows = _documents(data_copy)
    src = data_copy.sources / rows[0]["source_file"]
    src.write_bytes(src.read_bytes() + b"\n")
    assert is_stale(data_copy)


def test_a_fifo_named_csv_does_not_hang(data_copy, capsys):
    os.mkfifo(data_copy.targets_dir / "zz-fifo.csv")
    assert ("raw/targets/zz-fifo.csv: not a regular file (a pipe, device, socket or folder); "
            "replace it with a plain text file") in _validate(data_copy, capsys)


def test_a_link_to_dev_zero_does_not_exhaust_memory(data_copy, capsys):
    os.symlink("/dev/zero", data_copy.targets_dir / "zz-zero.csv")
    assert ("raw/targets/zz-zero.csv: not a regular file (a pipe, device, socket or folder); "
            "replace it with a plain text file") in _validate(data_copy, capsys)


def test_an_oversized_file_is_refused(data_copy, capsys, monkeypatch):
    from ipstats.dataset import csvio

    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(csvio.read_regular, "__defaults__", (100,))
    assert (f"{YX}: the file is larger than 100 bytes, the most a data file may hold; check that it "
            "is the right file") in _validate(data_copy, capsys)


def test_nul_in_a_text_field_is_located(data_copy, capsys):
    text = _yx(data_copy).decode("utf-8").splitlines(keepends=True)
    import csv
    import io

    rows = list(csv.reader(io.StringIO("".join(text))))
    note = rows[0].index("note")
    rows[1][note] += "x\x00y"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (data_copy.root / YX).write_text(buf.getvalue(), encoding="utf-8")
    problems = _validate(data_copy, capsys)
    assert len(problems) == 1 and problems[0].startswith(f"{YX}, line 2, column 'note': contains "
                                                         "the invisible control character U+0000 "
                                                         "at character ")
    assert problems[0].endswith("; delete it (retype the text around it if unsure) (found "
                                f"{rows[1][note]!r})")


def test_jurisdiction_parent_cycle(data_copy, capsys):
    f = data_copy.raw_table("jurisdictions")
    text = f.read_text(encoding="utf-8").replace("\nchina,100000,CN,中国,China,national,\n",
                                                 "\nchina,100000,CN,中国,China,national,zhejiang\n")
    f.write_text(text, encoding="utf-8")
    assert ("raw/jurisdictions.csv, line 2, column 'parent_id': the parent chain is a cycle "
            "(china -> zhejiang -> china); a jurisdiction cannot be its own ancestor, and the "
            "national level has no parent (found 'zhejiang')") in _validate(data_copy, capsys)


def test_a_report_lists_at_most_100_problems_per_kind(data_copy, capsys):
    lines = _yx(data_copy).decode("utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    vi = header.split(",").index("value")
    rows = []
    for k in range(250):
        row = list(first)
        row[0], row[vi] = f"yx2021-bad{k:03d}", "x"
        rows.append(",".join(row))
    (data_copy.root / YX).write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    code = main(["validate", "--data-dir", str(data_copy.root)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0] == "250 problems found in the input data:"
    value_lines = [e for e in err if "column 'value'" in e and e.startswith("  - ")]
    assert len(value_lines) == 100
    assert (f"  ... and 150 more in {YX}, column 'value' like the first 100: expected a number "
            "written with ASCII digits, e.g. #.#") in err
