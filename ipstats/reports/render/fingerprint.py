"""What a report depends on, as hashes: a job is re-rendered when any of them changes."""
from __future__ import annotations

import hashlib
import json

from ipstats import __version__
from ipstats.core.paths import PACKAGE_DIR
from ipstats.reports.render.jobs import JobSpec


def code_fingerprint() -> str:
    """Hash of the package's code and templates: a change re-renders every report."""
    h = hashlib.sha256(__version__.encode())
    for f in sorted(PACKAGE_DIR.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".j2", ".json", ".yaml", ".css"):
            h.update(str(f.relative_to(PACKAGE_DIR)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def job_hash(spec: JobSpec, data_fp: str, code_fp: str, keep_code: bool) -> str:
    """What a report depends on: notebook bytes, parameters, data, code, export options."""
    h = hashlib.sha256()
    h.update(hashlib.sha256(spec.path.read_bytes()).digest())
    h.update(json.dumps(spec.parameters, sort_keys=True, ensure_ascii=False).encode())
    h.update(f"{data_fp}:{code_fp}:{keep_code}".encode())
    return h.hexdigest()
