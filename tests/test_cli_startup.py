"""Every command starts fast: the CLI imports no heavy library before a command needs it, and
validation does not pay for jsonschema's rfc3987_syntax grammar."""
from __future__ import annotations

import os
import subprocess
import sys

from ipstats.core.paths import PROJECT_ROOT

HEAVY = ("pandas", "pyarrow", "matplotlib", "frictionless", "jsonschema", "nbformat",
         "papermill", "nbconvert", "jupyter_client", "pydantic", "opencc")


def _modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    out = subprocess.run([sys.executable, "-c", code + "\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, env=env, check=True).stdout
    return set(out.split())


def test_building_the_parser_imports_nothing_heavy():
    loaded = _modules_after("import sys; from ipstats.cli.main import parser; parser()")
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_validate_imports_neither_jsonschema_nor_the_rfc3987_grammar():
    code = ("import sys, contextlib, io; from ipstats.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): rc = main(['validate'])\n"
            "assert rc == 0")
    loaded = _modules_after(code)
    assert "ipstats.dataset.validate" in loaded  # the checks ran
    assert sorted(m for m in ("jsonschema", "frictionless", "rfc3987_syntax.syntax_helpers",
                              "pandas", "pyarrow") if m in loaded) == []
