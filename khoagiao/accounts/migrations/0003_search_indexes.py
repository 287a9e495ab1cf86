from django.db import migrations

from khoagiao.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_membership_unit"), ("core", "0002_pg_trgm")]
    operations = [trigram_index("accounts_user")]
