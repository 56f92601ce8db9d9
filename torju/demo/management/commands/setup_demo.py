"""Load the demo: users of every role and the demo data of each module (demo mode only). Safe to re-run."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.demo.programme import ensure_demo_programme_data
from torju.demo.register import ensure_demo_register
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
            for username, password, role_names in printed:
                self.stdout.write(f"  {username:<22} {password:<20} {role_names}")
        else:
            self.stdout.write("Demo users exist already; their passwords were printed when they were created.")
            self.stdout.write("New passwords: python manage.py setup_demo --reset-passwords")
        for line in [*ensure_demo_programme_data(), *ensure_demo_register()]:
            self.stdout.write(line)
