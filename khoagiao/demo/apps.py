from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "khoagiao.demo"
    label = "demo"
    verbose_name = "Tỉnh mẫu"
