from django.db import migrations, models


class Migration(migrations.Migration):
    """The fund review's period can be the second half of the year (下半年) too."""

    dependencies = [
        ("funds", "0004_welfare"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fundreview",
            name="kind",
            field=models.CharField(
                choices=[
                    ("first_half", "First half of the year"),
                    ("second_half", "Second half of the year"),
                    ("year", "Whole year"),
                    ("range", "Date range"),
                ],
                default="first_half",
                max_length=12,
                verbose_name="period",
            ),
        ),
    ]
