"""Core: what every stage needs and nothing else (paths, user-facing errors, atomic writes).

Imports nothing from the other stages.
"""
