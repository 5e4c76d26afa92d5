# An uploaded Excel file waiting for its confirmation is kept in the database (members.PendingImport),
# not on one app server's disk, for at most an hour.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0009_caresettings_female_retirement_rule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='import')),
                ('token', models.CharField(max_length=32, unique=True)),
                ('content', models.BinaryField(verbose_name='file')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='uploaded at')),
                ('union', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='members.union', verbose_name='union')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'pending import',
                'verbose_name_plural': 'pending imports',
            },
        ),
    ]
