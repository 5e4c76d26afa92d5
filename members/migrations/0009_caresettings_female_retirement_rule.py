# The care settings name the union's default retirement rule for women (members/retirement.py, the
# 2025 rules) instead of two fixed retirement ages.

from django.db import migrations, models


def rule_from_age(apps, schema_editor):
    """A union that had set women's retirement age to 50 meant the workers' rule."""
    CareSettings = apps.get_model("members", "CareSettings")
    CareSettings.objects.filter(female_retirement_age__lte=50).update(female_retirement_rule="worker")


def age_from_rule(apps, schema_editor):
    CareSettings = apps.get_model("members", "CareSettings")
    CareSettings.objects.filter(female_retirement_rule="worker").update(female_retirement_age=50)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0008_names_and_login_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="caresettings",
            name="female_retirement_rule",
            field=models.CharField(
                choices=[("cadre", "Cadre or professional (originally 55)"), ("worker", "Worker (originally 50)")],
                default="cadre",
                help_text="Applies to every woman whose record names no rule of her own.",
                max_length=10,
                verbose_name="retirement rule for women",
            ),
        ),
        migrations.RunPython(rule_from_age, age_from_rule),
        migrations.RemoveField(
            model_name="caresettings",
            name="female_retirement_age",
        ),
        migrations.RemoveField(
            model_name="caresettings",
            name="male_retirement_age",
        ),
    ]
