"""Writes to the organisation tree, split by concept: units (create, change or move, close) and mergers.

Each function checks permission, validates, writes and audits in one transaction; bad input raises a
`ValidationFailed` with a Vietnamese message and changes nothing.
"""

from .checks import SUCCESSION_AUDIT_FIELDS, UNIT_AUDIT_FIELDS
from .mergers import unit_merge
from .units import unit_close, unit_create, unit_update

__all__ = [
    "SUCCESSION_AUDIT_FIELDS",
    "UNIT_AUDIT_FIELDS",
    "unit_close",
    "unit_create",
    "unit_merge",
    "unit_update",
]
