"""Who may build, issue and read consolidated reports.

- The department (leaders and specialists) over the issuing unit builds, edits and issues; superusers too.
- Drafts are the department's working papers: nobody else sees them.
- An issued version is read by the leadership viewers and reporters over the issuing unit, and by the people
  of the units that had to report in the period (focal points and leaders: it concerns them).
"""

from __future__ import annotations

from typing import Any

from khoagiao.core.permissions import user_roles_over, user_scope

from ..permissions import DEPARTMENT, READERS, UNIT_EDITORS, _superuser


def can_build_consolidation(user: Any, issuing_unit: Any) -> bool:
    return _superuser(user) or bool(DEPARTMENT & user_roles_over(user, issuing_unit))


def can_view_consolidation(user: Any, version: Any) -> bool:
    issuing_unit = version.report.issuing_unit
    if can_build_consolidation(user, issuing_unit):
        return True
    if version.is_draft:
        return False
    if READERS & user_roles_over(user, issuing_unit):
        return True
    concerned = set((version.figures or {}).get("unit_ids", []))
    return bool(concerned) and bool(set(user_scope(user, UNIT_EDITORS).unit_ids) & concerned)
