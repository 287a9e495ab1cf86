"""Writes to accounts, split by concept: users and passwords, memberships, API tokens, and logins (throttling
and password reset)."""

from .api_tokens import (
    API_TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_issue,
    api_token_revoke,
)
from .logins import (
    login_failure_record,
    login_failures_prune,
    login_success_record,
    login_throttle_check,
    password_reset_complete,
    password_reset_request,
    user_send_password_link,
)
from .memberships import MEMBERSHIP_AUDIT_FIELDS, membership_create, membership_end, membership_transfer
from .users import (
    ADMIN_EDIT_FIELDS,
    PROFILE_FIELDS,
    USER_AUDIT_FIELDS,
    password_change,
    user_create,
    user_set_active,
    user_set_password,
    user_update,
)

__all__ = [
    "ADMIN_EDIT_FIELDS",
    "API_TOKEN_PREFIX",
    "MEMBERSHIP_AUDIT_FIELDS",
    "PROFILE_FIELDS",
    "USER_AUDIT_FIELDS",
    "api_token_authenticate",
    "api_token_create",
    "api_token_issue",
    "api_token_revoke",
    "login_failure_record",
    "login_failures_prune",
    "login_success_record",
    "login_throttle_check",
    "membership_create",
    "membership_end",
    "membership_transfer",
    "password_change",
    "password_reset_complete",
    "password_reset_request",
    "user_create",
    "user_send_password_link",
    "user_set_active",
    "user_set_password",
    "user_update",
]
