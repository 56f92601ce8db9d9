"""E-mail of action-plan monitoring, sent once the change that asks for it is committed.

A message written inside a transaction that then rolls back must not go
out: `send_after_commit` hands the message to Django's `on_commit`, which
runs it after the outermost transaction commits and drops it on a rollback.
Outside a transaction it is sent at once. Each message is written in the
recipient's language.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import override

from torju.accounts.models import Role, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def reporters_of(organisation_id: int) -> list[User]:
    """The active reporters of a body who have an e-mail address."""
    return list(
        User.objects.filter(organisation_id=organisation_id, is_active=True, role_grants__role=Role.REPORTER)
        .exclude(email="")
        .order_by("username")
    )


def send_after_commit(
    recipient: User, write: Callable[[], Message], *, if_it_fails: Callable[[], None] | None = None
) -> None:
    """Write the message in the recipient's language now, send it once the transaction commits.

    `if_it_fails` runs when the mail server refuses the message (after the
    commit), e.g. to forget that a reminder was sent so that the next run
    tries again; the failure is logged, never raised into the committed work.
    """
    with override(recipient.language or settings.LANGUAGE_CODE):
        message = write()
    address = recipient.email

    def deliver() -> None:
        try:
            send_mail(message.subject, message.body, None, [address])
        except OSError:
            logger.exception("mail to %s failed", address)
            if if_it_fails is not None:
                if_it_fails()

    transaction.on_commit(deliver)
