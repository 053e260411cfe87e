"""ipstats: quantitative targets set by Chinese IP policy documents, with verbatim provenance.

>>> import ipstats
>>> [name for name in ipstats.__all__ if not callable(getattr(ipstats, name))]
['__version__']
"""
__version__ = "0.1.0"

from ipstats.dataset.api import (
    load_documents,
    load_families,
    load_indicators,
    load_jurisdictions,
    load_targets,
    load_units,
)
from ipstats.dataset.measures.api import (
    load_campaigns,
    load_departments,
    load_measures,
    load_themes,
)
from ipstats.dataset.observations.api import load_observations

__all__ = [
    "__version__",
    "load_campaigns",
    "load_departments",
    "load_documents",
    "load_families",
    "load_indicators",
    "load_jurisdictions",
    "load_measures",
    "load_observations",
    "load_targets",
    "load_themes",
    "load_units",
]
