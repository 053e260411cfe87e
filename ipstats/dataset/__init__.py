"""Dataset stage: read the curated tables under ``raw/``, normalise text, check them against
the field dictionary and their sources (validate), write ``processed/`` (build), and load the
processed tables (api). Measures plug in as :mod:`ipstats.dataset.measures`.

Imports only :mod:`ipstats.core`.
"""
