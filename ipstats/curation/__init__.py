"""Curation stage: tools that help a curator add a document (extract proposals, check coverage,
evaluate the extractor), for targets and measures alike.

Imports :mod:`ipstats.dataset` and :mod:`ipstats.core`; never analysis or reports.
"""
