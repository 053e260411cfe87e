"""Analysis stage: the tables behind every report (compare, profile, timeline, overview,
measures), as tested functions of the processed data.

Imports :mod:`ipstats.dataset` and :mod:`ipstats.core`; never curation or reports.
"""
