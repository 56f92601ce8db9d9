"""A plan's own life cycle: drafted, circulated to the bodies for comments, approved step by step (the working
group, the steering group, the ministerial working group, the Government), each step dated and linked to the
minutes that record it, and then published."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import ApprovalStep, Meeting, PlanApproval, PlanComment, Programme, Stage
from torju.programme.permissions import can_comment_on_plan, require_coordinator, require_user
from torju.programme.rules import Problems, refuse

STEPS = list(ApprovalStep)
# The steps whose bodies keep their minutes in Torju: the step must name the minutes that record it.
MINUTES_IN_TORJU = {ApprovalStep.WORKING_GROUP, ApprovalStep.STEERING_GROUP, ApprovalStep.MINISTERIAL_WORKING_GROUP}
COMMENT_MAX_LENGTH = 5000


def _locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def _move(actor: Actor, programme: Programme, to: Stage, **changes: object) -> None:
    before = programme.stage
    programme.stage = to
    programme.save(update_fields=["stage"])
    record(
        Action.UPDATE, actor, obj=programme, changes={"before": {"stage": before}, "after": {"stage": to, **changes}}
    )


@transaction.atomic
def circulate_plan(*, actor: Actor, programme: Programme) -> Programme:
    """Send a draft plan to the responsible bodies and the groups for comments."""
    require_coordinator(actor)
    current = _locked(programme)
    if current.stage != Stage.DRAFT:
        raise ValidationError(_("Only a draft plan can be circulated for comments."))
    if not current.measures.exists():
        raise ValidationError(_("The plan has no measures yet: import them first."))
    _move(actor, current, Stage.CIRCULATED)
    return current


def _step_problems(
    current: Programme, step: str, decided_on: date, meeting: Meeting | None, reference: str
) -> Problems:
    done = {approval.step: approval for approval in current.approvals.all()}
    if step not in ApprovalStep.values:
        return {"step": _("Choose the step from the list.")}
    wanted = ApprovalStep(step)
    position = STEPS.index(wanted)
    if current.stage not in (Stage.CIRCULATED, Stage.IN_APPROVAL):
        return {"step": _("A plan is approved after it has been circulated for comments.")}
    if wanted in done:
        return {"step": _("This step is recorded already.")}
    if position and STEPS[position - 1] not in done:
        return {"step": _("The plan is approved in order: first %(step)s.") % {"step": STEPS[position - 1].label}}
    problems: Problems = {}
    earlier = done.get(STEPS[position - 1]) if position else None
    if earlier is not None and decided_on < earlier.decided_on:
        problems["decided_on"] = _("The step cannot be decided before the one before it (%(date)s).") % {
            "date": earlier.decided_on.strftime("%d.%m.%Y")
        }
    if meeting is not None:
        if meeting.group is None or meeting.group.programme_id != current.pk or meeting.group.kind != wanted.value:
            problems["meeting"] = _("Choose the minutes of this plan's %(body)s.") % {"body": wanted.label.lower()}
        elif meeting.date != decided_on:
            problems["decided_on"] = _("The minutes are of %(date)s: the step was decided that day.") % {
                "date": meeting.date.strftime("%d.%m.%Y")
            }
    elif wanted in MINUTES_IN_TORJU:
        problems["meeting"] = _("Choose the minutes that record the decision.")
    elif not reference.strip():
        problems["reference"] = _("Say where the Government's decision is recorded.")
    return problems


@transaction.atomic
def record_approval(
    *, actor: Actor, programme: Programme, step: str, decided_on: date, meeting: Meeting | None, reference: str = ""
) -> PlanApproval:
    """Record one step of the plan's approval. Steps come in their order, each on or after the one before;
    the working group's, the steering group's and the ministerial working group's name their minutes. The
    Government's step approves the plan."""
    recorder = require_coordinator(actor)
    current = _locked(programme)
    refuse(_step_problems(current, step, decided_on, meeting, reference))
    approval = PlanApproval.objects.create(
        programme=current,
        step=step,
        decided_on=decided_on,
        meeting=meeting,
        reference=reference.strip(),
        recorded_by=recorder,
    )
    changes = {"step": step, "decided_on": decided_on.isoformat(), "meeting": meeting.pk if meeting else None}
    _move(actor, current, Stage.APPROVED if step == ApprovalStep.GOVERNMENT else Stage.IN_APPROVAL, **changes)
    return approval


@transaction.atomic
def publish_plan(*, actor: Actor, programme: Programme) -> Programme:
    """An approved plan is published: its progress is on the public pages from now on."""
    require_coordinator(actor)
    current = _locked(programme)
    if current.stage != Stage.APPROVED:
        raise ValidationError(_("Only an approved plan can be published."))
    _move(actor, current, Stage.PUBLISHED)
    return current


@transaction.atomic
def comment_on_plan(*, actor: Actor, programme: Programme, text: str) -> PlanComment:
    """A responsible body's reporter, a member of the plan's groups or the coordinator comments on a plan
    circulated for comments."""
    user = require_user(actor)
    if not can_comment_on_plan(user, programme):
        raise PermissionDenied("the plan is not circulated for comments")
    text = text.strip()
    if not text:
        refuse({"text": _("Write the comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        refuse({"text": _("This is longer than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}})
    comment = PlanComment.objects.create(programme=programme, author=user, organisation=user.organisation, text=text)
    record(Action.COMMENT, actor, obj=programme, reason=text)
    return comment
