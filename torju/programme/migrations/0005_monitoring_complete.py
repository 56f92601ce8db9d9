"""Monitoring complete (issue 15): texts in three languages, indicators and milestones, groups and their
members, minutes approval, decisions followed up, attachments, reports as publications, a plan's life cycle
and recommendations."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def published_to_stage(apps, schema_editor):
    """A plan that was on the public pages is published; one that was not is a draft."""
    programme = apps.get_model("programme", "Programme")
    programme.objects.filter(published=True).update(stage="published")
    programme.objects.filter(published=False).update(stage="draft")


def stage_to_published(apps, schema_editor):
    programme = apps.get_model("programme", "Programme")
    programme.objects.update(published=False)
    programme.objects.filter(stage="published").update(published=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_more_roles'),
        ('programme', '0004_texts_in_finnish_are_named_so'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='file name')),
                ('kind', models.CharField(choices=[('pdf', 'PDF'), ('docx', 'DOCX'), ('xlsx', 'XLSX'), ('odt', 'ODT')], max_length=10, verbose_name='format')),
                ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                ('sha256', models.CharField(max_length=64)),
                ('stored_as', models.CharField(max_length=64, unique=True)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='removed at')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['uploaded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='GroupMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('secretary', 'Secretary'), ('member', 'Member'), ('deputy', 'Deputy member')], default='member', max_length=20, verbose_name='role in the group')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'ordering': ['group', 'user__last_name', 'user__first_name'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('name_fi', models.CharField(max_length=300, verbose_name='name in Finnish')),
                ('name_sv', models.CharField(blank=True, max_length=300, verbose_name='name in Swedish')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='name in English')),
                ('unit', models.CharField(choices=[('count', 'count'), ('percent', 'per cent'), ('euros', 'euros')], max_length=20, verbose_name='unit')),
                ('baseline', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='baseline')),
                ('target', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='target')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['measure', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description_fi', models.CharField(max_length=500, verbose_name='what, in Finnish')),
                ('description_sv', models.CharField(blank=True, max_length=500, verbose_name='what, in Swedish')),
                ('description_en', models.CharField(blank=True, max_length=500, verbose_name='what, in English')),
                ('due', models.DateField(verbose_name='due')),
                ('reached_on', models.DateField(blank=True, null=True, verbose_name='reached on')),
            ],
            options={
                'verbose_name': 'milestone',
                'verbose_name_plural': 'milestones',
                'ordering': ['measure', 'due', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MinutesComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'comment on minutes',
                'verbose_name_plural': 'comments on minutes',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanApproval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(choices=[('working_group', 'Working group'), ('steering_group', 'Steering group'), ('ministerial_working_group', 'Ministerial working group'), ('government', 'Government')], max_length=30, verbose_name='step')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('reference', models.CharField(blank=True, help_text='Where the decision is recorded outside Torju.', max_length=300, verbose_name='reference')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
            ],
            options={
                'verbose_name': 'approval step',
                'verbose_name_plural': 'approval steps',
                'ordering': ['programme', 'decided_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'comment on the plan',
                'verbose_name_plural': 'comments on the plan',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('working_group', 'Working group'), ('steering_group', 'Steering group'), ('ministerial_working_group', 'Ministerial working group'), ('other', 'Other group')], max_length=30, verbose_name='kind')),
                ('name_fi', models.CharField(max_length=300, verbose_name='name in Finnish')),
                ('name_sv', models.CharField(blank=True, max_length=300, verbose_name='name in Swedish')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='name in English')),
            ],
            options={
                'verbose_name': 'group',
                'verbose_name_plural': 'groups',
                'ordering': ['programme', 'kind', 'name_fi'],
            },
        ),
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('implementation_report', 'Implementation report'), ('progress_report', 'Progress report to the ministerial working group')], max_length=30, verbose_name='kind')),
                ('period_start', models.DateField(blank=True, null=True, verbose_name='period start')),
                ('as_of', models.DateField(verbose_name='situation on')),
                ('summary_fi', models.TextField(blank=True, verbose_name='summary in Finnish')),
                ('summary_sv', models.TextField(blank=True, verbose_name='summary in Swedish')),
                ('summary_en', models.TextField(blank=True, verbose_name='summary in English')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('series', models.CharField(blank=True, max_length=300, verbose_name='series')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('circulated', 'Circulated for comments'), ('approved', 'Approved'), ('published', 'Published')], default='draft', max_length=20, verbose_name='state')),
                ('frozen', models.JSONField(blank=True, null=True, verbose_name='frozen content')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('circulated_at', models.DateTimeField(blank=True, null=True, verbose_name='circulated at')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('revision', models.PositiveIntegerField(default=1)),
            ],
            options={
                'verbose_name': 'programme report',
                'verbose_name_plural': 'programme reports',
                'ordering': ['programme', '-as_of', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PublicationComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'comment on a report',
                'verbose_name_plural': 'comments on reports',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Recommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('greta', 'GRETA (Council of Europe)'), ('eu_strategy', 'EU anti-trafficking strategy'), ('eu_directive', 'EU anti-trafficking directive'), ('un_treaty_body', 'UN treaty bodies'), ('other', 'Other')], max_length=20, verbose_name='source')),
                ('reference', models.CharField(help_text='Where it is written, e.g. GRETA(2024)03, paragraph 45.', max_length=200, verbose_name='reference')),
                ('text_fi', models.TextField(verbose_name='text in Finnish')),
                ('text_sv', models.TextField(blank=True, verbose_name='text in Swedish')),
                ('text_en', models.TextField(blank=True, verbose_name='text in English')),
            ],
            options={
                'verbose_name': 'recommendation',
                'verbose_name_plural': 'recommendations',
                'ordering': ['source', 'reference', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ReportedValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='value')),
            ],
            options={
                'verbose_name': 'reported value',
                'verbose_name_plural': 'reported values',
            },
        ),
        migrations.RemoveConstraint(
            model_name='remindersent',
            name='reminder_sent_once',
        ),
        migrations.AddField(
            model_name='measure',
            name='funding_note_en',
            field=models.TextField(blank=True, verbose_name='funding note in English'),
        ),
        migrations.AddField(
            model_name='measure',
            name='funding_note_sv',
            field=models.TextField(blank=True, verbose_name='funding note in Swedish'),
        ),
        migrations.AddField(
            model_name='measure',
            name='responsible_bodies_text_en',
            field=models.TextField(blank=True, verbose_name='responsible bodies as written in English'),
        ),
        migrations.AddField(
            model_name='measure',
            name='responsible_bodies_text_sv',
            field=models.TextField(blank=True, verbose_name='responsible bodies as written in Swedish'),
        ),
        migrations.AddField(
            model_name='measure',
            name='revision',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='measure',
            name='text_en',
            field=models.TextField(blank=True, verbose_name='text in English'),
        ),
        migrations.AddField(
            model_name='measure',
            name='text_sv',
            field=models.TextField(blank=True, verbose_name='text in Swedish'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='approved at'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='meeting',
            name='circulated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='circulated at'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='minutes_state',
            field=models.CharField(choices=[('draft', 'Draft'), ('circulated', 'Circulated for comments'), ('approved', 'Approved')], default='draft', max_length=20, verbose_name='state of the minutes'),
        ),
        migrations.AddField(
            model_name='meetingdecision',
            name='deadline',
            field=models.DateField(blank=True, null=True, verbose_name='deadline'),
        ),
        migrations.AddField(
            model_name='meetingdecision',
            name='done_note',
            field=models.TextField(blank=True, verbose_name='how it was done'),
        ),
        migrations.AddField(
            model_name='meetingdecision',
            name='done_on',
            field=models.DateField(blank=True, null=True, verbose_name='done on'),
        ),
        migrations.AddField(
            model_name='meetingdecision',
            name='owner',
            field=models.ForeignKey(blank=True, help_text='The body that is to carry the decision out.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meeting_decisions', to='accounts.organisation', verbose_name='owner'),
        ),
        migrations.AddField(
            model_name='objective',
            name='introduction_en',
            field=models.TextField(blank=True, verbose_name='introduction in English'),
        ),
        migrations.AddField(
            model_name='objective',
            name='introduction_sv',
            field=models.TextField(blank=True, verbose_name='introduction in Swedish'),
        ),
        migrations.AddField(
            model_name='objective',
            name='revision',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='participant',
            name='user',
            field=models.ForeignKey(blank=True, help_text="The group's member, when the participant is one.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='member'),
        ),
        migrations.AddField(
            model_name='programme',
            name='stage',
            field=models.CharField(choices=[('draft', 'Draft'), ('circulated', 'Circulated for comments'), ('in_approval', 'Being approved'), ('approved', 'Approved'), ('published', 'Published')], default='draft', max_length=20, verbose_name='stage'),
        ),
        migrations.RunPython(published_to_stage, stage_to_published),
        migrations.RemoveField(
            model_name='programme',
            name='published',
        ),
        migrations.AddField(
            model_name='remindersent',
            name='sent_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='indicator_values',
            field=models.JSONField(blank=True, default=dict, verbose_name='indicator values'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='milestones_reached',
            field=models.JSONField(blank=True, default=dict, verbose_name='milestones reached'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='public_summary',
            field=models.TextField(blank=True, help_text='A few sentences for the public progress page; the other texts stay internal.', verbose_name='public summary'),
        ),
        migrations.AddField(
            model_name='statusreportversion',
            name='language',
            field=models.CharField(default='fi', max_length=5, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='statusreportversion',
            name='public_summary',
            field=models.TextField(blank=True, verbose_name='public summary'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='text_fi',
            field=models.TextField(verbose_name='text in Finnish'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='body',
            field=models.CharField(choices=[('working_group', 'Working group'), ('steering_group', 'Steering group'), ('ministerial_working_group', 'Ministerial working group'), ('other', 'Other group')], max_length=30, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='objective',
            name='introduction_fi',
            field=models.TextField(blank=True, verbose_name='introduction in Finnish'),
        ),
        migrations.AlterField(
            model_name='remindersent',
            name='kind',
            field=models.CharField(choices=[('before_deadline', '14 days before the deadline'), ('after_deadline', 'after the deadline'), ('by_the_coordinator', 'sent by the coordinator')], max_length=20),
        ),
        migrations.AddIndex(
            model_name='meetingdecision',
            index=models.Index(fields=['done_on', 'deadline'], name='decision_follow_up'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('stage__in', ['draft', 'circulated', 'in_approval', 'approved', 'published'])), name='programme_stage_valid'),
        ),
        migrations.AddConstraint(
            model_name='remindersent',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'by_the_coordinator'), _negated=True), fields=('round', 'user', 'kind'), name='reminder_sent_once'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='programme.meeting'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='programme.statusreport'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='groupmembership',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_memberships', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='indicator',
            name='measure',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='programme.measure'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='measure',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='programme.measure'),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='programme.meeting'),
        ),
        migrations.AddField(
            model_name='planapproval',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_approvals', to='programme.meeting', verbose_name='minutes that record it'),
        ),
        migrations.AddField(
            model_name='planapproval',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='approvals', to='programme.programme'),
        ),
        migrations.AddField(
            model_name='planapproval',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='plancomment',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='plancomment',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='plancomment',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='programme.programme'),
        ),
        migrations.AddField(
            model_name='programmegroup',
            name='members',
            field=models.ManyToManyField(related_name='programme_groups', through='programme.GroupMembership', to=settings.AUTH_USER_MODEL, verbose_name='members'),
        ),
        migrations.AddField(
            model_name='programmegroup',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='programme.programme'),
        ),
        migrations.AddField(
            model_name='groupmembership',
            name='group',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='programme.programmegroup'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='programme.programmegroup', verbose_name='group'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('minutes_state__in', ['draft', 'circulated', 'approved'])), name='meeting_minutes_state_valid'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('minutes_state', 'approved'), _negated=True), ('approved_at__isnull', False), _connector='OR'), name='meeting_approved_has_a_date'),
        ),
        migrations.AddField(
            model_name='publication',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='publication',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='publication',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publications', to='programme.programme'),
        ),
        migrations.AddField(
            model_name='publicationcomment',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='publicationcomment',
            name='publication',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='programme.publication'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='measures',
            field=models.ManyToManyField(blank=True, related_name='recommendations', to='programme.measure', verbose_name='measures that answer it'),
        ),
        migrations.AddField(
            model_name='reportedvalue',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='programme.indicator'),
        ),
        migrations.AddField(
            model_name='reportedvalue',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='programme.statusreportversion'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('meeting__isnull', False), ('report__isnull', True)), models.Q(('meeting__isnull', True), ('report__isnull', False)), _connector='OR'), name='attachment_of_one_thing'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['pdf', 'docx', 'xlsx', 'odt'])), name='attachment_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('unit__in', ['count', 'percent', 'euros'])), name='indicator_unit_valid'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('target__gte', 0)), name='indicator_target_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('baseline__isnull', True), ('baseline__gte', 0), _connector='OR'), name='indicator_baseline_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='planapproval',
            constraint=models.UniqueConstraint(fields=('programme', 'step'), name='plan_approval_step_once'),
        ),
        migrations.AddConstraint(
            model_name='planapproval',
            constraint=models.CheckConstraint(condition=models.Q(('step__in', ['working_group', 'steering_group', 'ministerial_working_group', 'government'])), name='plan_approval_step_valid'),
        ),
        migrations.AddConstraint(
            model_name='programmegroup',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['working_group', 'steering_group', 'ministerial_working_group', 'other'])), name='group_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='groupmembership',
            constraint=models.UniqueConstraint(fields=('group', 'user'), name='group_membership_once'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['implementation_report', 'progress_report'])), name='publication_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'circulated', 'approved', 'published'])), name='publication_state_valid'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(('period_start__isnull', True), ('period_start__lte', models.F('as_of')), _connector='OR'), name='publication_period_in_order'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'circulated']), models.Q(('frozen__isnull', False), ('approved_at__isnull', False)), _connector='OR'), name='publication_approved_is_frozen'),
        ),
        migrations.AddConstraint(
            model_name='recommendation',
            constraint=models.CheckConstraint(condition=models.Q(('source__in', ['greta', 'eu_strategy', 'eu_directive', 'un_treaty_body', 'other'])), name='recommendation_source_valid'),
        ),
        migrations.AddConstraint(
            model_name='recommendation',
            constraint=models.UniqueConstraint(fields=('source', 'reference'), name='recommendation_reference_unique'),
        ),
        migrations.AddConstraint(
            model_name='reportedvalue',
            constraint=models.UniqueConstraint(fields=('version', 'indicator'), name='reported_value_once'),
        ),
        migrations.AddConstraint(
            model_name='reportedvalue',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='reported_value_not_negative'),
        ),
    ]
