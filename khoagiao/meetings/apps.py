from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "khoagiao.meetings"
    label = "meetings"
    verbose_name = _("Giao ban")
