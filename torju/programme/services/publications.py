"""The programme's reports as publications: drafted by the coordinator, circulated to the groups' members for
comments, approved (their content frozen in each language) and, if the coordinator so decides, published."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.programme.documents.frozen import from_data, to_data
from torju.programme.documents.report_content import PublicationContent, period_problems, publication_content
from torju.programme.languages import LANGUAGES, in_language
from torju.programme.models import (
    GroupMembership,
    Programme,
    Publication,
    PublicationComment,
    PublicationKind,
    PublicationState,
)
from torju.programme.permissions import can_comment_on_publication, require_coordinator, require_user
from torju.programme.rules import refuse
from torju.programme.services.mail import Message, send_after_commit

COMMENT_MAX_LENGTH = 5000
EDITABLE = (PublicationState.DRAFT, PublicationState.CIRCULATED)


@dataclass(frozen=True)
class PublicationData:
    kind: str
    as_of: date
    period_start: date | None = None
    summary_fi: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    publisher: str = ""
    series: str = ""


FIELDS = ("kind", "as_of", "period_start", "summary_fi", "summary_sv", "summary_en", "publisher", "series")


def _state(publication: Publication) -> dict[str, Any]:
    values = {name: getattr(publication, name) for name in FIELDS}
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in values.items()}


def content_of(publication: Publication, language: str) -> PublicationContent:
    """The report's content in the language: as approved once frozen, else as the reports are now."""
    if publication.frozen is not None:
        return from_data(PublicationContent, publication.frozen[language])
    with translation.override(language):
        summary = in_language(publication, "summary", language)
        return publication_content(
            publication.programme,
            kind="progress_report" if publication.kind == PublicationKind.PROGRESS_REPORT else "implementation_report",
            since=publication.period_start,
            until=publication.as_of,
            summary=summary.text,
            summary_language=summary.language,
            publisher=publication.publisher,
            series=publication.series,
            dated=publication.approved_at.date() if publication.approved_at else publication.as_of,
        )


@transaction.atomic
def save_publication(
    *, actor: Actor, programme: Programme, publication: Publication | None, data: PublicationData, revision: int | None
) -> Publication:
    """Create a report of the programme (`publication` None) or change a draft or circulated one; a stale form
    raises EditConflictError. An approved report never changes."""
    creator = require_coordinator(actor)
    problems = {}
    if data.kind not in PublicationKind.values:
        problems["kind"] = _("Choose the kind of report from the list.")
    problems |= {
        {"until": "as_of", "since": "period_start"}[field]: message
        for field, message in period_problems(programme, data.period_start, data.as_of).items()
    }
    refuse(problems)
    before = None
    if publication is not None:
        current = Publication.objects.select_for_update().get(pk=publication.pk)
        if current.state not in EDITABLE:
            raise ValidationError(_("The report is approved and frozen: it can no longer change."))
        if revision != current.revision:
            raise EditConflictError(current, {name: str(getattr(data, name)) for name in FIELDS})
        before = _state(current)
        current.revision += 1
    else:
        current = Publication(programme=programme, created_by=creator)
    for name in FIELDS:
        value = getattr(data, name)
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.save()
    record(
        Action.UPDATE if before else Action.CREATE,
        actor,
        obj=current,
        changes={"before": before, "after": _state(current)},
    )
    return current


def _members(programme: Programme) -> list[User]:
    """The members of the plan's groups (each once, though in several groups) who have an e-mail address."""
    memberships = GroupMembership.objects.filter(group__programme=programme, user__is_active=True).exclude(
        user__email=""
    )
    return list({membership.user_id: membership.user for membership in memberships.select_related("user")}.values())


def _move(actor: Actor, publication: Publication, to: PublicationState, **fields: Any) -> None:
    before = publication.state
    publication.state = to
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.save()
    record(Action.UPDATE, actor, obj=publication, changes={"before": {"state": before}, "after": {"state": to}})


@transaction.atomic
def circulate_publication(*, actor: Actor, publication: Publication) -> Publication:
    """Send a draft report to the members of the plan's groups for comments (they get an e-mail)."""
    require_coordinator(actor)
    current = Publication.objects.select_for_update().select_related("programme").get(pk=publication.pk)
    if current.state != PublicationState.DRAFT:
        raise ValidationError(_("Only a draft report can be circulated."))
    _move(actor, current, PublicationState.CIRCULATED, circulated_at=timezone.now())
    title = f"{current.get_kind_display()}: {current.programme.name}"

    def write() -> Message:
        return Message(
            _("Torju: a report to comment on"),
            _("The draft “%(report)s” is circulated for comments. Read it and comment in Torju.") % {"report": title},
        )

    for member in _members(current.programme):
        send_after_commit(member, write)
    return current


@transaction.atomic
def approve_publication(*, actor: Actor, publication: Publication) -> Publication:
    """The coordinator approves the report: its content is frozen, in Finnish, Swedish and English, as it is
    now, and never changes again."""
    coordinator = require_coordinator(actor)
    current = Publication.objects.select_for_update().select_related("programme").get(pk=publication.pk)
    if current.state not in EDITABLE:
        raise ValidationError(_("The report is approved already."))
    current.approved_at = timezone.now()
    current.approved_by = coordinator
    frozen = {language: to_data(content_of(current, language)) for language in LANGUAGES}
    _move(
        actor,
        current,
        PublicationState.APPROVED,
        frozen=frozen,
        approved_at=current.approved_at,
        approved_by=coordinator,
    )
    return current


@transaction.atomic
def publish_publication(*, actor: Actor, publication: Publication) -> Publication:
    """An approved report goes on the public progress page (only when the coordinator so decides)."""
    require_coordinator(actor)
    current = Publication.objects.select_for_update().get(pk=publication.pk)
    if current.state != PublicationState.APPROVED:
        raise ValidationError(_("Only an approved report can be published."))
    _move(actor, current, PublicationState.PUBLISHED, published_at=timezone.now())
    return current


@transaction.atomic
def comment_on_publication(*, actor: Actor, publication: Publication, text: str) -> PublicationComment:
    """A member of the plan's groups (or the coordinator) comments on a report circulated for comments."""
    user = require_user(actor)
    current = Publication.objects.select_for_update().get(pk=publication.pk)
    if not can_comment_on_publication(user, current):
        raise PermissionDenied("not a member of the plan's groups, or the report is not circulated")
    text = text.strip()
    if not text:
        refuse({"text": _("Write the comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        refuse({"text": _("This is longer than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}})
    comment = PublicationComment.objects.create(publication=current, author=user, text=text)
    record(Action.COMMENT, actor, obj=current, reason=text)
    return comment
