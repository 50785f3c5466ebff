"""Every case's applicant name gets the hashes of its word pairs (casework/name_search.py).

The names are opened from their sealed column (the key ring of the configuration) and hashed
as new cases are (blind_index.name_digests); the word hashes they already have stay.
"""

from typing import Any

from django.db import migrations

from rathaus.casework.blind_index import name_digests
from rathaus.common.crypto import open_json

BATCH = 5000


def pairs_add(apps: Any, schema_editor: Any) -> None:
    case = apps.get_model("casework", "Case")
    token = apps.get_model("casework", "ApplicantToken")
    cases = case.objects.exclude(sealed_applicant=b"").only("pk", "sealed_applicant", "received_at")
    batch: list[Any] = []
    for row in cases.iterator(chunk_size=BATCH):
        context = f"casework.case:{row.pk}:applicant"
        name = str(open_json(bytes(row.sealed_applicant), context=context)["name"])
        batch += [
            token(case_id=row.pk, digest=digest, received_at=row.received_at)
            for digest in name_digests(name)
        ]
        if len(batch) >= BATCH:
            token.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    token.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_worklist_indexes")]

    operations = [migrations.RunPython(pairs_add, migrations.RunPython.noop)]
