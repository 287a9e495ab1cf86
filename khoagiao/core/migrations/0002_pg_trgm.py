from django.db import migrations

from khoagiao.core.migration_ops import trigram_extension


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [trigram_extension()]
