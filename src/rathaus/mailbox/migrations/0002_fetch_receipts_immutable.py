"""The database itself refuses to change or delete a fetch receipt (SQLite and PostgreSQL)."""

from django.db import migrations

from rathaus.common.immutable import RefuseChanges


class Migration(migrations.Migration):
    dependencies = [("mailbox", "0001_postfach_and_status")]

    operations = [RefuseChanges("mailbox_fetchreceipt")]
