"""Observations: actual values published for an indicator, each citing its source.

Plugs into validation (:func:`.validate.check_observations`, one of ``TABLE_CHECKS``) and the
build (:func:`.build.observations_frame`, one of ``TABLE_FRAMES``).
"""
