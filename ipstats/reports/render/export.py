"""Export an executed notebook to self-contained HTML (images embedded, no CDN scripts).

Building an exporter compiles its ten-odd Jinja templates (~0.1 s); each worker thread builds
one per export setting and reuses it for every job it exports.
"""
from __future__ import annotations

import threading
from typing import Any

from ipstats.core.paths import TEMPLATES_DIR

_local = threading.local()


def exporter(keep_code: bool = False) -> Any:
    """This thread's HTML exporter for ``keep_code`` (built on first use, then reused)."""
    cache = getattr(_local, "exporters", None)
    if cache is None:
        cache = _local.exporters = {}
    if keep_code not in cache:
        from nbconvert import HTMLExporter  # lazy: heavy, and only needed once a job ran

        cache[keep_code] = HTMLExporter(
            template_name="ipstats", extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=not keep_code, exclude_input_prompt=True,
            exclude_output_prompt=True, embed_images=True,
            # check the notebook once, after the last preprocessor, not after each of them
            optimistic_validation=True)
    return cache[keep_code]


def export_html(nb: Any, keep_code: bool = False) -> str:
    """Executed notebook -> self-contained HTML (images embedded, no CDN scripts or styles)."""
    body, _ = exporter(keep_code).from_notebook_node(nb)
    return body
