from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "khoagiao.reporting"
    label = "reporting"
    verbose_name = _("Chế độ báo cáo")

    def ready(self) -> None:
        # Register the home page provider, the periodic jobs and the menu entry of the register.
        from . import home, jobs, nav  # noqa: F401
