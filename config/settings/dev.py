"""Development: DEBUG on, console e-mail, a secret key generated once under var/."""

import os

from .base import *  # noqa: F403
from .base import development_secret_key

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret_key()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
