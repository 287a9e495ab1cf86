from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "khoagiao.tasks"
    label = "tasks"
    verbose_name = _("Nhiệm vụ")

    def ready(self) -> None:
        from khoagiao.core.navigation import register_nav_provider

        from . import home, jobs  # noqa: F401  (the home page provider and the periodic jobs)
        from .nav import tasks_nav

        register_nav_provider(30, tasks_nav)
