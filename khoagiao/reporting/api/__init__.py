"""API of the reporting regime: templates, duties, periods, units' reports and completeness.

Thin: the same selectors and services as the screens, so the same permissions. A report the caller may not read
is a 404, exactly like a missing one; an action the caller may not take on a report they can read is a 403; a
draft saved over a newer version is a 409. Every error is `{"code", "message", "details"}`.

One `router` (in `common`), on which each module registers its endpoints when imported: `templates` (templates,
duties and their periods), `completeness` and `submissions`; their schemas are in `schemas_templates`,
`schemas_submissions` and `completeness`. Every endpoint names its `operation_id`: ninja would derive it from
the module's path, and the ids were published as `khoagiao_reporting_api_<function>` when this was one module.

No `from __future__ import annotations` in this package: ninja reads the endpoint signatures (wrapped by
`paginate`) at import time and needs real types, not strings.
"""

# The endpoint modules register their operations on `router` when imported, in this order: the order of the
# operations in the OpenAPI document and on the docs page (hence these imports are not sorted).
from .common import router  # noqa: I001
from . import templates
from . import completeness
from . import submissions
from . import consolidation
from . import register

__all__ = ["completeness", "consolidation", "register", "router", "submissions", "templates"]
