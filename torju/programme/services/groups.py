"""The groups that follow a plan and their members."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import GroupKind, GroupMembership, MemberRole, Programme, ProgrammeGroup
from torju.programme.permissions import require_coordinator
from torju.programme.rules import refuse


@dataclass(frozen=True)
class GroupData:
    kind: str
    name_fi: str
    name_sv: str = ""
    name_en: str = ""


def _state(group: ProgrammeGroup) -> dict[str, str]:
    return {"kind": group.kind, "name_fi": group.name_fi, "name_sv": group.name_sv, "name_en": group.name_en}


@transaction.atomic
def save_group(*, actor: Actor, programme: Programme, group: ProgrammeGroup | None, data: GroupData) -> ProgrammeGroup:
    """Create a group that follows the plan (`group` None), or rename one."""
    require_coordinator(actor)
    problems = {}
    if data.kind not in GroupKind.values:
        problems["kind"] = _("Choose the kind of group from the list.")
    if not data.name_fi.strip():
        problems["name_fi"] = _("The Finnish name is required.")
    refuse(problems)
    before = _state(group) if group is not None else None
    saved = group or ProgrammeGroup(programme=programme)
    for name in ("kind", "name_fi", "name_sv", "name_en"):
        setattr(saved, name, getattr(data, name).strip() if name != "kind" else data.kind)
    saved.save()
    record(
        Action.UPDATE if before else Action.CREATE, actor, obj=saved, changes={"before": before, "after": _state(saved)}
    )
    return saved


@transaction.atomic
def add_member(*, actor: Actor, group: ProgrammeGroup, user: User, role: str) -> GroupMembership:
    """Make the user a member of the group. Only a user holding the role of group member (or the coordinator)
    can be one: the role is what lets them read the group's dashboard and minutes."""
    require_coordinator(actor)
    problems = {}
    if role not in MemberRole.values:
        problems["role"] = _("Choose the role from the list.")
    if not user.is_active or not user.roles & {Role.GROUP_MEMBER, Role.COORDINATOR}:
        problems["user"] = _("Only an active user with the role of group member can be a member.")
    refuse(problems)
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, user=user, role=role)
    except IntegrityError as error:
        name = user.get_full_name() or user.username
        raise ValidationError({"user": _("%(user)s is a member already.") % {"user": name}}) from error
    record(Action.CREATE, actor, obj=membership, changes={"group": group.pk, "user": user.username, "role": role})
    return membership


@transaction.atomic
def remove_member(*, actor: Actor, membership: GroupMembership) -> None:
    require_coordinator(actor)
    record(
        Action.DELETE,
        actor,
        obj=membership,
        changes={"group": membership.group_id, "user": membership.user.username, "role": membership.role},
    )
    membership.delete()
