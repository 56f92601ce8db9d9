"""Case numbers, e.g. HEL-2026-000123: office, year of receipt, running number (services take one, imports a block)."""

from django.db import transaction

from torju.register.models import CaseNumberCounter

CASE_NUMBER_DIGITS = 6
CASE_NUMBER_FORMAT = f"0{CASE_NUMBER_DIGITS}d"  # of the running number
CASE_NUMBER_PREFIX = "{}-{}-"  # office, year


def format_case_number(office: str, year: int, number: int) -> str:
    """HEL-2026-000123: office, year of registration, running number of that office and year."""
    return CASE_NUMBER_PREFIX.format(office, year) + format(number, CASE_NUMBER_FORMAT)


def take_case_number(office: str, year: int) -> str:
    """The next case number of the office and year; call inside the transaction that uses it.

    The counter row is created if missing (a concurrent creator's row wins,
    never a duplicate) and then locked until the transaction ends, so two
    registrations can never get the same number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_case_number must run inside a transaction")
    CaseNumberCounter.objects.bulk_create([CaseNumberCounter(office=office, year=year)], ignore_conflicts=True)
    counter = CaseNumberCounter.objects.select_for_update().get(office=office, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_case_number(office, year, counter.last_number)
