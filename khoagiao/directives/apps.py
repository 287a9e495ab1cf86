from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "khoagiao.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self) -> None:
        from . import jobs, nav  # noqa: F401  (register the navigation entry and the periodic jobs)
