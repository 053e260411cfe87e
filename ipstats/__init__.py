"""ipstats: quantitative targets set by Chinese IP policy documents, with verbatim provenance.

>>> import ipstats
>>> [name for name in ipstats.__all__ if not callable(getattr(ipstats, name))]
['__version__']
"""
__version__ = "0.1.0"

from ipstats.dataset.api import (  # noqa: E402
    load_documents,
    load_families,
    load_indicators,
    load_jurisdictions,
    load_targets,
    load_units,
)
from ipstats.dataset.measures.api import (  # noqa: E402
    load_campaigns,
    load_departments,
    load_measures,
    load_themes,
)

__all__ = ["load_targets", "load_documents", "load_jurisdictions", "load_indicators",
           "load_families", "load_units", "load_measures", "load_departments", "load_themes",
           "load_campaigns", "__version__"]
