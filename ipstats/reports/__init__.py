"""Reports stage: charts, HTML blocks for notebooks, report settings and ``ipstats render``.

Imports analysis, dataset and core; never the CLI.
"""
