"""Activity ids start at 10000, so that /activities/<id>/ (five digits or more) never looks like
/activities/<year>/ (four digits): both URLs are in the contract."""

from django.db import migrations

FIRST_ID = 10000


def start_ids(apps, schema_editor):
    table = apps.get_model("activities", "Activity")._meta.db_table
    vendor = schema_editor.connection.vendor
    quoted = schema_editor.quote_name(table)
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {quoted} ALTER COLUMN id SET START WITH {FIRST_ID} RESTART WITH {FIRST_ID}")
    elif vendor == "sqlite":
        # AUTOINCREMENT keeps its counter in sqlite_sequence; the next id is seq + 1.
        schema_editor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        schema_editor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID - 1])
    elif vendor == "mysql":
        schema_editor.execute(f"ALTER TABLE {quoted} AUTO_INCREMENT = {FIRST_ID}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(start_ids, migrations.RunPython.noop)]
