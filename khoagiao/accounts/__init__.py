"""Accounts: users, memberships (user × unit × role), login, passwords, sessions and API tokens.

Choices made here (see also docs/foundation.md):

- **Who manages whom.** An administrator (role `admin`) sees the users with a membership in his subtree and
  those with none (`selectors.user_list`; superusers only to superusers). He may edit, lock, unlock or send a
  password link only to those of them who hold no active role outside his subtree (`can_manage_user`): a
  commune's administrator cannot lock or re-address a province specialist who also reports for the commune.
  Roles are given and ended per unit (`can_manage_memberships_of_unit`), among the open units he administers.
  Nobody locks himself.
- **First password.** An administrator may set an initial password (Django's validators apply), or leave it
  empty: the account then has no usable password, and he sends it a one-time "set your password" link by
  e-mail from the user's page (the same link as "forgot password", valid 24 hours).
- **Locking** is `is_active=False`: the login is refused with the same words as a wrong password, open
  sessions end at their next request (Django's backend drops inactive users), and API tokens stop working.
- **Login throttling**: 5 failures per account or 20 per address in a sliding 15-minute window; the message
  names the minutes left until the oldest counted failure leaves the window. Refused attempts are not counted
  (the lock does not feed itself); a success or a password reset clears the account's counter.
- **API tokens** are `kg_` + 43 random characters; only their SHA-256 is stored. The raw token is in the
  response to the creating POST only (sent with `Cache-Control: no-store`), never in the session or the
  database, so it cannot be shown twice. A user manages his own tokens; an administrator may revoke (not
  create) those of the users he manages; `manage.py create_api_token` issues one as the system.
- **Audit**: every write records an `AuditEvent` (`accounts.user_create`, `user_update`, `profile_update`,
  `user_lock`, `user_unlock`, `password_change`, `password_link_send`, `password_reset_request`,
  `password_reset_complete`, `membership_create`, `membership_end`, `api_token_create`, `api_token_revoke`,
  `login`, `login_failed`). Passwords and raw tokens are never written to it.
"""
