"""Load the demo: users of every role and the demo data of each module (demo mode only). Safe to re-run."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.demo.helpline import ensure_demo_helpline
from torju.demo.programme import ensure_demo_programme_data
from torju.demo.register import ensure_demo_register
from torju.demo.situation import ensure_demo_justice_figures
from torju.demo.users import ensure_demo_users


class Command(BaseCommand):
    help = "Create the demo users (one per role, passwords printed once) and the demo data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset-passwords", action="store_true", help="give every demo user a new password")

    def handle(self, *args: Any, reset_passwords: bool, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("setup_demo runs only with TORJU_DEMO_MODE=1: demo users never belong in production.")
        printed = ensure_demo_users(reset_passwords=reset_passwords)
        if printed:
            self.stdout.write("Demo users (DEMO ONLY - these passwords are shown once):")
            self.stdout.write(f"  {'user name':<22} {'password':<20} {'roles':<18} organisation (office)")
            for username, password, role_names, where in printed:
                self.stdout.write(f"  {username:<22} {password:<20} {role_names:<18} {where}")
        else:
            self.stdout.write("Demo users exist already; their passwords were printed when they were created.")
            self.stdout.write("New passwords: python manage.py setup_demo --reset-passwords")
        # The helpline's after the register's: some referrals led to the demo register's applications.
        for line in [
            *ensure_demo_programme_data(),
            *ensure_demo_register(),
            *ensure_demo_helpline(),
            *ensure_demo_justice_figures(),
        ]:
            self.stdout.write(line)
