"""Mail goes out only once the change that asks for it is committed (issue 10, hole 14).

torju.programme.services.mail.send_after_commit hands every message to
`transaction.on_commit` (tests/programme/test_reporting.py and
test_groups_and_minutes.py roll a return and a circulation back and see no
mail). This keeps it the only way: no other module of Torju sends mail
itself, so that no app (the register and the helpline included) can send
mail about a change that then rolls back.
"""

import ast
from pathlib import Path

TORJU = Path(__file__).resolve().parent.parent / "torju"
THE_ONE_SENDER = TORJU / "programme" / "services" / "mail.py"
SENDING = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage", "EmailMultiAlternatives"}


def senders(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("django.core.mail"):
            found |= {alias.name for alias in node.names} & SENDING
        elif isinstance(node, ast.Attribute) and node.attr in SENDING | {"send_messages"}:
            found.add(node.attr)
    return found


def test_only_the_after_commit_sender_sends_mail() -> None:
    offenders = {
        str(path.relative_to(TORJU)): sorted(senders(path))
        for path in TORJU.rglob("*.py")
        if "migrations" not in path.parts and path != THE_ONE_SENDER and senders(path)
    }
    assert offenders == {}
    assert senders(THE_ONE_SENDER) == {"send_mail"}
    assert "transaction.on_commit(deliver)" in THE_ONE_SENDER.read_text(encoding="utf-8")
