"""The groups that follow a plan, their members, meetings, minutes and decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation, User
from torju.programme.languages import in_language
from torju.programme.models.plans import Measure, Programme


class GroupKind(models.TextChoices):
    """The kinds of group that follow a plan; a meeting's body is one of them."""

    WORKING_GROUP = "working_group", _("Working group")
    STEERING_GROUP = "steering_group", _("Steering group")
    MINISTERIAL_WORKING_GROUP = "ministerial_working_group", _("Ministerial working group")
    OTHER = "other", _("Other group")


class ProgrammeGroup(models.Model):
    """A group that follows a plan (the working group, the steering group, others), with its members."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("action plan")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=GroupKind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    members: "models.ManyToManyField[User, GroupMembership]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="GroupMembership", related_name="programme_groups", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["programme", "kind", "name_fi"]
        constraints = [
            models.CheckConstraint(name="group_kind_valid", condition=Q(kind__in=[kind.value for kind in GroupKind])),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name").text


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy member")


class GroupMembership(models.Model):
    group = models.ForeignKey(
        ProgrammeGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("member")
    )
    role = models.CharField(
        _("role in the group"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_membership_once")]

    def __str__(self) -> str:
        return f"{self.group} / {self.user}"


class MinutesState(models.TextChoices):
    """Minutes are a draft, then circulated to the group's members for comments, then approved and final."""

    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    APPROVED = "approved", _("Approved")


class Meeting(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("action plan"),
    )
    group = models.ForeignKey(
        ProgrammeGroup,
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("group"),
    )
    body = models.CharField(_("body"), max_length=30, choices=GroupKind.choices)
    body_name = models.CharField(_("name of the body"), max_length=300, blank=True)
    number = models.PositiveSmallIntegerField(_("meeting number"), null=True, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    minutes_state = models.CharField(
        _("state of the minutes"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revision"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start",
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
            ),
            models.CheckConstraint(
                name="meeting_minutes_state_valid",
                condition=Q(minutes_state__in=[state.value for state in MinutesState]),
            ),
            models.CheckConstraint(
                name="meeting_approved_has_a_date",
                condition=~Q(minutes_state="approved") | Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_title} {self.date:%d.%m.%Y}"

    @property
    def body_title(self) -> str:
        """The group's name, else the name of the body as written, else the kind of body."""
        if self.group is not None:
            return self.group.name
        return self.body_name or str(self.get_body_display())


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy member")
    INVITED = "invited", _("Invited")


class Participant(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
        help_text=_("The group's member, when the participant is one."),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    role_note = models.CharField(_("role as written"), max_length=100, blank=True)
    left_at = models.TimeField(_("left early at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"


class MeetingDecision(models.Model):
    """A decision of a meeting, followed up on the dashboard until its owner has done it."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("agenda item")
    )
    text = models.TextField(_("decision"))
    measures = models.ManyToManyField(Measure, blank=True, related_name="meeting_decisions", verbose_name=_("measures"))
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        verbose_name=_("owner"),
        help_text=_("The body that is to carry the decision out."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item", "id"]
        indexes = [models.Index(fields=["done_on", "deadline"], name="decision_follow_up")]

    def __str__(self) -> str:
        return self.text[:80]


class MinutesComment(models.Model):
    """A group member's comment on minutes circulated for comments."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments", verbose_name=_("meeting"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.text[:40]}"
