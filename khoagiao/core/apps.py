from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khoagiao.core"
    label = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self) -> None:
        from . import (
            db,  # noqa: F401  (registers the SQLite functions and collation)
            jobs,  # noqa: F401  (registers the periodic jobs)
        )
