from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "khoagiao.opinion"
    label = "opinion"
    verbose_name = _("Dư luận xã hội")

    def ready(self) -> None:
        from . import home, jobs, nav  # noqa: F401  (register the home provider, periodic jobs and the menu entry)
