"""The head row, and triggers that make the audit tables append-only in the database itself.

Whoever connects as the application cannot UPDATE or DELETE an entry (`RefuseChanges`, as
for the Postfach's fetch receipts), nor delete the head or move it back, nor (PostgreSQL)
TRUNCATE either table. An administrator who drops the triggers can; `rathaus audit verify`
then finds the damage through the hash chain.

Note for later migrations: on SQLite, Django alters a table by building a new one and
dropping the old, which drops its triggers too. A migration that alters these tables must
install them again (tests/audit/test_append_only.py fails otherwise).
"""

from django.db import migrations

from rathaus.common.immutable import RefuseChanges

GENESIS_HASH = "0" * 64

REFUSED = "audit trail is append-only"

SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE of the head refused'); END""",
    f"""CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_audithead
    WHEN NEW.sequence < OLD.sequence
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: moving the head back refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_no_rewind",
]

# restrict_violation is SQLSTATE 23001, an integrity error like SQLite's RAISE(ABORT).
# TRUNCATE is refused here although RefuseChanges leaves it to the table owner: Django's test
# flush is the one that needs it, and no test may flush the trail away.
POSTGRESQL_CREATE = [
    f"""CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED}: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END;
    $$""",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_audithead
    FOR EACH ROW WHEN (NEW.sequence < OLD.sequence) EXECUTE FUNCTION audit_refuse()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_no_rewind ON audit_audithead",
    "DROP FUNCTION IF EXISTS audit_refuse()",
]

CREATE_SQL = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}
DROP_SQL = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def _statements(table, vendor):
    if vendor not in table:
        raise NotImplementedError(f"no append-only triggers for {vendor!r} databases")
    return table[vendor]


def guards_create(apps, schema_editor):
    for sql in _statements(CREATE_SQL, schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


def guards_drop(apps, schema_editor):
    for sql in _statements(DROP_SQL, schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


def head_create(apps, schema_editor):
    head = apps.get_model("audit", "AuditHead")
    head.objects.using(schema_editor.connection.alias).create(
        id=1, sequence=0, entry_hash=GENESIS_HASH
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_trail"),
    ]

    operations = [
        # reversed: the triggers go; the head row goes with its table in 0001
        migrations.RunPython(head_create, migrations.RunPython.noop),
        RefuseChanges("audit_auditentry"),
        migrations.RunPython(guards_create, guards_drop),
    ]
