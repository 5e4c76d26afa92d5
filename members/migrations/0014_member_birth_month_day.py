"""Member.birth_month_day: the birth date's month and day as MMDD, on an index, so that the birthday
lists find and order a month's birthdays in SQL (members.birthdays); the index of lunar birth dates
holds only the members who keep a lunar birthday."""

from django.db import migrations, models
from django.db.models.functions import ExtractDay, ExtractMonth


def fill_birth_month_days(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Member.objects.filter(birth_date__isnull=False).update(
        birth_month_day=ExtractMonth("birth_date") * 100 + ExtractDay("birth_date")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0013_union_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="birth_month_day",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="birth month and day"
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["union", "birth_month_day"], name="member_solar_birthday"),
        ),
        migrations.RemoveIndex(model_name="member", name="member_lunar_birthday"),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(lunar_birthday=True), fields=["union", "lunar_birth_month", "lunar_birth_day"],
                name="member_lunar_birthday",
            ),
        ),
        migrations.RunPython(fill_birth_month_days, migrations.RunPython.noop),
    ]
