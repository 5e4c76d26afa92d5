"""Indexes for who retires in a year (members.care: the worklist and the dashboard's count): birth dates
per union, and the retirement dates recorded (only members who have one), so the count reads the few
hundred members in the year's three birth ranges instead of all the union's members."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_member_birth_month_day"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["union", "birth_date"], name="member_birth_date"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(retired_on__isnull=False), fields=["union", "retired_on"], name="member_retired_on"
            ),
        ),
    ]
