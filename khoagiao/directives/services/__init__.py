"""Writes of the directives app: the registry, plans, review milestones, coordination agreements, CSV loading."""
