from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_pendingimport"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingimport",
            name="name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
    ]
