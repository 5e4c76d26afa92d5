from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_pendingimport_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="birth_month_only",
            field=models.BooleanField(default=False, verbose_name="birth date known only to the month"),
        ),
        migrations.AddField(
            model_name="union",
            name="roster_columns",
            field=models.JSONField(blank=True, default=dict, verbose_name="roster import columns"),
        ),
    ]
