"""Targets, baselines, the whole park's figures, KPIs, ownership, compliance and economics of a
dispatch."""
