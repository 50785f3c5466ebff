"""Worklist indexes for a million cases (benchmarks/worklist_benchmark.py).

Partial indexes of the open cases for the mine, team and overdue lists; one for Land operators
across authorities; UPPER(reference) for the prefix search; the name words carry their case's
receipt so a name search reads them newest first.
"""

from django.conf import settings
from django.db import migrations, models

import rathaus.common.indexes


def tokens_receipt_copy(apps: object, schema_editor: object) -> None:
    """Each name word gets its case's moment of receipt (one UPDATE with a subquery)."""
    case = apps.get_model("casework", "Case")  # type: ignore[attr-defined]
    token = apps.get_model("casework", "ApplicantToken")  # type: ignore[attr-defined]
    receipt = case.objects.filter(pk=models.OuterRef("case_id")).values("received_at")[:1]
    token.objects.update(received_at=models.Subquery(receipt))


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0003_staff_membership"),
        ("casework", "0004_question_answered_events"),
        ("catalog", "0001_initial"),
        ("submissions", "0010_destruction_lists"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_list_assignee",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_list_team",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_list_due",
        ),
        migrations.AlterField(
            model_name="applicanttoken",
            name="digest",
            field=models.CharField(max_length=64, verbose_name="Prüfwert"),
        ),
        migrations.AddField(
            model_name="applicanttoken",
            name="received_at",
            field=models.DateTimeField(null=True, verbose_name="Vorgang eingegangen am"),
        ),
        migrations.RunPython(tokens_receipt_copy, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="applicanttoken",
            name="received_at",
            field=models.DateTimeField(verbose_name="Vorgang eingegangen am"),
        ),
        migrations.AddIndex(
            model_name="applicanttoken",
            index=models.Index(
                fields=["digest", "-received_at", "-case"], name="applicant_token_word"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ("decided", "closed")), _negated=True),
                fields=["authority", "assignee", "-received_at", "-id"],
                name="case_open_assignee",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ("decided", "closed")), _negated=True),
                fields=["authority", "team", "-received_at", "-id"],
                name="case_open_team",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ("decided", "closed")), _negated=True),
                fields=["authority", "-received_at", "-id", "due_at"],
                name="case_open_received",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-received_at", "-id"], name="case_list_everyone"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=rathaus.common.indexes.UpperPrefixIndex(
                field="reference", name="case_reference_prefix"
            ),
        ),
    ]
