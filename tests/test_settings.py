"""params.yaml is strict everywhere: every mistake is one located message, exit 1, never a
traceback."""
from __future__ import annotations

import json

import pytest

from ipstats.cli import main as cli

OVERVIEW = "notebooks/10-overview.ipynb"


def _render(tmp_path, built_data, text: str | bytes, capsys) -> str:
    params = tmp_path / "params.yaml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    params.write_bytes(text)
    code = cli.main(["render", "--params", str(params), "--data-dir", str(built_data.root),
                     "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    return err.replace(str(params), "PARAMS")


@pytest.mark.parametrize("text, message", [
    pytest.param(f"jobs:\n  - notebook: {OVERVIEW}\noutput:\n  workers: 1\noutput:\n  workers: 2\n",
                 "error: PARAMS, line 5, column 1: duplicate key 'output' (first on line 3); "
                 "keep one\n", id="duplicate-key"),
    pytest.param(f"jobs:\n  - notebook: {OVERVIEW}\n    parameters:\n      lang: en\n"
                 "      lang: zh\n",
                 "error: PARAMS, line 5, column 7: duplicate key 'lang' (first on line 4); "
                 "keep one\n", id="duplicate-nested-key"),
    pytest.param(f"defaults:\n  data_dir: /elsewhere\njobs:\n  - notebook: {OVERVIEW}\n",
                 "error: PARAMS: 1 problem(s) in the report settings:\n  - defaults: Value "
                 "error, data_dir is set by the command (--data-dir); remove it here\nSee the "
                 "comments at the top of params.yaml for the format.\n", id="defaults-data-dir"),
    pytest.param(f"defaults:\n  lnag: en\njobs:\n  - notebook: {OVERVIEW}\n",
                 "error: params.yaml, defaults: unknown parameter 'lnag'; the notebooks "
                 "declare: data_dir, lang, page_path\n", id="defaults-typo"),
    pytest.param(f"jobs:\n  - notebook: {OVERVIEW}\n    parameters:\n      lang: []\n",
                 f"error: params.yaml, job 1 ({OVERVIEW}): parameter 'lang' sweeps over no "
                 "value, so the job would render nothing; give at least one value\n",
                 id="empty-sweep"),
    pytest.param("jobs: " + "[" * 100_000 + "]" * 100_000 + "\n",
                 "error: PARAMS: nested more than 20 levels deep; the settings need three (see "
                 "the comments at the top of params.yaml)\n", id="nested-1e5-deep"),
    pytest.param(f"# réglages\njobs:\n  - notebook: {OVERVIEW}\n".encode("latin-1"),
                 "error: PARAMS, line 1: not UTF-8 text (byte 0xe9); save the file as UTF-8\n",
                 id="not-utf8"),
])
def test_bad_settings_are_one_located_message(tmp_path, built_data, capsys, text, message):
    assert _render(tmp_path, built_data, text, capsys) == message


def test_a_notebook_that_is_not_json_is_a_located_message(tmp_path, built_data, capsys):
    nb = tmp_path / "broken.ipynb"
    nb.write_text('{"cells": [', encoding="utf-8")
    err = _render(tmp_path, built_data, json.dumps({"jobs": [{"notebook": "broken.ipynb"}]}),
                  capsys)
    assert err == (f"error: {nb}: not a readable notebook (Expecting value at line 1, column 12); "
                   "open it in Jupyter and save it again, or restore it from git\n")
