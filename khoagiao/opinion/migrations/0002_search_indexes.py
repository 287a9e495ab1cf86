from django.db import migrations

from khoagiao.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial"), ("core", "0002_pg_trgm")]
    operations = [trigram_index("opinion_hotissue")]
