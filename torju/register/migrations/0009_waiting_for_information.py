# Why an undecided application waits (docs/decisions/0108): a row of its own, so that setting it changes
# neither the application's revision nor the statistics' snapshots (no trigger on this table).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('register', '0008_job_lease'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WaitingForInformation',
            fields=[
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='waiting_for_information', serialize=False, to='register.application', verbose_name='application')),
                ('reason', models.CharField(max_length=500, verbose_name='what information, from whom')),
                ('since', models.DateTimeField(default=django.utils.timezone.now, verbose_name='waiting since')),
                ('set_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='set by')),
            ],
            options={
                'verbose_name': 'waiting for information',
                'verbose_name_plural': 'waiting for information',
                'constraints': [models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='waiting_for_information_has_reason')],
            },
        ),
    ]
