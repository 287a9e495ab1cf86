from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "khoagiao.meetings"
    label = "meetings"
    verbose_name = _("Giao ban")

    def ready(self) -> None:
        from . import home, jobs, nav  # noqa: F401  (home page provider, periodic job)

        nav.register()
