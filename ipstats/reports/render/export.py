"""Export an executed notebook to self-contained HTML (images embedded, no CDN scripts)."""
from __future__ import annotations

from typing import Any

from ipstats.core.paths import TEMPLATES_DIR


def export_html(nb: Any, keep_code: bool = False) -> str:
    """Executed notebook -> self-contained HTML (images embedded, no CDN scripts or styles)."""
    from nbconvert import HTMLExporter  # lazy: heavy, and only needed once a job ran

    exporter = HTMLExporter(template_name="ipstats", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=not keep_code, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    return body
