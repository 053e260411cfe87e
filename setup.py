"""Ship the report notebooks, the default params.yaml and the curated raw data in the wheel.

They stay at the top of the repository (the source of truth, where analysts edit them); this
build step copies them into ``ipstats/_shipped/`` of the built package, where
``ipstats.core.paths`` finds them when ipstats is installed from a wheel. Everything else is
configured in pyproject.toml.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("notebooks", "params.yaml", "data/raw")  # relative to the repository root


class BuildPyWithShippedFiles(build_py):
    """build_py, then copy SHIPPED into <build>/ipstats/_shipped/ (no notebook checkpoints)."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "ipstats" / "_shipped"
        shutil.rmtree(target, ignore_errors=True)
        for rel in SHIPPED:
            src, dst = HERE / rel, target / rel
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
                    ".ipynb_checkpoints", "__pycache__", "*.pyc"))
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
