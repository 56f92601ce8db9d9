"""Referrals that nobody took up or declined by their due date expire (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from torju.actor import Actor
from torju.helpline.services.referrals import expire_overdue_referrals


class Command(BaseCommand):
    help = "Mark as expired the helpline's referrals still waiting to be taken up after their due date."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_overdue_referrals(Actor.system("manage.py expire_referrals"))
        self.stdout.write(f"{expired} referrals expired")
