"""Release stage: the processed dataset in the formats analysts open (CSV with BOM, XLSX,
a Frictionless data package), and a field-by-field diff of two builds or releases.

Reads what :mod:`ipstats.dataset` built; imports only dataset and core.
"""
