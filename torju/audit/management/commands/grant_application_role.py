"""Grant the application's database role what it needs and no more (PostgreSQL; run as the owner)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.audit.database_roles import grant_application_role


class Command(BaseCommand):
    help = (
        "Grant the application's database role rows of every table, but only INSERT and SELECT on the "
        "audit trail. Run as the tables' owner; `migrate` does it itself when TORJU_DATABASE_APPLICATION_ROLE is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", nargs="?", default="", help="the role (default: TORJU_DATABASE_APPLICATION_ROLE)")

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        role = role or settings.DATABASE_APPLICATION_ROLE
        if not role:
            raise CommandError("name the role, or set TORJU_DATABASE_APPLICATION_ROLE")
        try:
            grant_application_role(role)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Granted {role}: rows of every table; INSERT and SELECT only on the audit trail.")
