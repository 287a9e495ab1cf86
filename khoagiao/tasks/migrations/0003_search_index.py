from django.db import migrations

from khoagiao.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("tasks", "0002_lifecycle"), ("core", "0002_pg_trgm")]
    operations = [trigram_index("tasks_task")]
