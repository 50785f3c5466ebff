"""Counters are now named by their template with the number left open ("HE-06611-2026-#")."""

from django.db import migrations

# the default template as it stood when this migration was written
TEMPLATE = "HE-{scope}-{year}-#"


def forwards(apps, schema_editor):
    ReferenceCounter = apps.get_model("submissions", "ReferenceCounter")
    for counter in ReferenceCounter.objects.all():
        if "#" not in counter.scope:
            counter.scope = TEMPLATE.format(scope=counter.scope, year=counter.year)
            counter.save(update_fields=["scope"])


def backwards(apps, schema_editor):
    ReferenceCounter = apps.get_model("submissions", "ReferenceCounter")
    for counter in ReferenceCounter.objects.filter(scope__startswith="HE-", scope__endswith="-#"):
        counter.scope = counter.scope.split("-")[1]
        counter.save(update_fields=["scope"])


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0007_attachment"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
