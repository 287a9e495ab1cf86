from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "khoagiao.reporting"
    label = "reporting"
    verbose_name = _("Chế độ báo cáo")

    def ready(self) -> None:
        from . import home, jobs  # noqa: F401  (register the home page provider and the periodic jobs)
