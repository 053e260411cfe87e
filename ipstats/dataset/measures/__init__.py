"""Measures: the numbered tasks of each document, their departments, themes and campaigns.

Plugs into validation and the build through the interfaces of :mod:`ipstats.dataset.model`
(``TABLE_CHECKS`` in validate, ``TABLE_FRAMES`` in build).
"""
