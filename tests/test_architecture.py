"""The architecture is a contract: each stage imports only the stages below it (pyproject.toml,
[tool.importlinter]). import-linter checks every import chain, direct or indirect."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from ipstats.core.paths import PACKAGE_DIR, PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_layers_contract_is_kept():
    run = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_no_module_imports_ipstats_inside_a_function_without_saying_why():
    """Function-level imports of ipstats modules hide cycles; the only ones allowed are the
    CLI's (commented: they keep start-up fast) and those marked '# lazy'."""
    offenders = []
    for path in PACKAGE_DIR.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("ipstats"):
                    if path.parent.name != "cli" and "# lazy" not in lines[inner.lineno - 1]:
                        offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{inner.lineno}")
    assert offenders == []
