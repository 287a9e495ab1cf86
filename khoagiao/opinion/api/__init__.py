"""API of hot issues and public opinion (/api/v1/opinion): issues (create, list, detail, respond, state changes),
similar-issue suggestions for a draft, and the digest download. The same selectors and services as the screens:
an issue the caller may not see is a 404, an action they may not take is a 403, a refused change a 400.

No `from __future__ import annotations` in this package: ninja reads the endpoint signatures at import time.
"""

from .endpoints import router

__all__ = ["router"]
