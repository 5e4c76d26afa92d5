from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_birth_month_only_roster_columns"),
    ]

    operations = [
        migrations.RemoveField(model_name="union", name="stamp"),
        migrations.AddField(
            model_name="union", name="members_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="union", name="activities_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="union", name="plans_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="union", name="funds_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
