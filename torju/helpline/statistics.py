"""Statistics of the helpline's work: contacts, consultation cases and referrals of a year.

The definitions are in docs/helpline-statistics.md; tests/helpline/
test_statistics.py holds each to an example. In short: contacts are counted
as contacts, consultation cases as cases (by the month and attributes of
their first contact), referrals as referrals (by the month they were sent).
Every breakdown lists every code of its list, in the list's order, zeros
included, so that years compare key by key.

`helpline_statistics(year)` is the exact form (the analyst's and the
advisers' screens, the command without --public); `helpline_statistics(year,
public=True)` the public form under disclosure control (torju.helpline.
disclosure), which is what the annual review's section, the situational
picture and everything else that leaves the system use.

Aggregation in the database: each breakdown is one grouped query. The
medians of days (a year's referrals, at most some thousands) are taken in
Python, as SQLite has no percentile function.
"""

from collections.abc import Iterable
from datetime import date, datetime, time
from statistics import median
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from torju.codes.selectors import codes_of
from torju.helpline.disclosure import disclosure_threshold, public_statistics
from torju.helpline.models import (
    CaseStatus,
    ConsultationCase,
    Contact,
    ContactAction,
    ContactExploitationForm,
    IndicatorTick,
    Referral,
    ReferralKind,
    ReferralStatus,
)

MONTHS = [f"{month:02d}" for month in range(1, 13)]
MINOR, ADULT, UNKNOWN, ABROAD, NONE, PENDING = "minor", "adult", "unknown", "abroad", "none", "pending"
AGE_GROUPS = [MINOR, ADULT, UNKNOWN]
SECONDS_PER_DAY = 86400
# The single-valued attributes of a contact (and of a case, by its first contact), as breakdown names.
ATTRIBUTES = ("channel", "contact_type", "subject", "region", "age_group")
CODE_LISTS = {"channel": "contact_channel", "contact_type": "contact_type", "subject": "contact_subject"}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """From the start of 1 January to the start of the next 1 January, in Finnish time."""
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min)),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min)),
    )


def _keys(attribute: str) -> list[str]:
    if attribute == "region":
        return [*_codes("region"), ABROAD, UNKNOWN]
    if attribute == "age_group":
        return AGE_GROUPS
    return _codes(CODE_LISTS[attribute])


def _codes(code_list: str) -> list[str]:
    return list(codes_of(code_list, include_inactive=True).values_list("code", flat=True))


def _region(prefix: str = "") -> Case:
    return Case(
        When(~Q(**{f"{prefix}region": ""}), then=F(f"{prefix}region")),
        When(~Q(**{f"{prefix}country": ""}), then=Value(ABROAD)),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def _age_group(prefix: str = "") -> Case:
    return Case(
        When(**{f"{prefix}concerns_minor": True}, then=Value(MINOR)),
        When(**{f"{prefix}concerns_minor": False}, then=Value(ADULT)),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def _table(rows: Iterable[dict[str, Any]], keys: list[str], key: str = "key") -> dict[str, dict[str, int]]:
    """month → key → count from grouped rows with `month`, `key` and `n`; every month and key present."""
    table = {month: dict.fromkeys(keys, 0) for month in MONTHS}
    for row in rows:
        cells = table[f"{row['month']:02d}"]
        cells[row[key]] = cells.get(row[key], 0) + row["n"]
    return table


def _year_of(table: dict[str, dict[str, int]]) -> dict[str, int]:
    keys = list(next(iter(table.values())))
    return {key: sum(cells[key] for cells in table.values()) for key in keys}


def _grouped(queryset: QuerySet[Any], month_field: str, key: Any) -> list[dict[str, Any]]:
    return list(
        queryset.annotate(month=ExtractMonth(month_field), key=key)
        .values("month", "key")
        .annotate(n=Count("pk", distinct=True))
    )


# Contacts -----------------------------------------------------------------------------------------------


def contacts_of_year(year: int) -> QuerySet[Contact]:
    start, end = year_bounds(year)
    return Contact.objects.filter(contacted_at__gte=start, contacted_at__lt=end)


def _contact_key(attribute: str) -> Any:
    if attribute == "region":
        return _region()
    if attribute == "age_group":
        return _age_group()
    return F(attribute)


def _multi_valued(
    year: int, model: type[ContactExploitationForm] | type[ContactAction], field: str, code_list: str
) -> dict[str, dict[str, int]]:
    """month → code (and `none`) → contacts: a contact counts once under each of its codes."""
    contacts = contacts_of_year(year)
    rows = (
        model.objects.filter(contact__in=contacts)
        .annotate(month=ExtractMonth("contact__contacted_at"), key=F(field))
        .values("month", "key")
        .annotate(n=Count("contact", distinct=True))
    )
    table = _table(rows, [*_codes(code_list), NONE])
    without = contacts.filter(~Exists(model.objects.filter(contact=OuterRef("pk"))))
    for row in _grouped(without, "contacted_at", Value(NONE)):
        table[f"{row['month']:02d}"][NONE] += row["n"]
    return table


def contact_tables(year: int) -> dict[str, dict[str, dict[str, int]]]:
    contacts = contacts_of_year(year)
    tables = {
        attribute: _table(_grouped(contacts, "contacted_at", _contact_key(attribute)), _keys(attribute))
        for attribute in ATTRIBUTES
    }
    tables["exploitation_form"] = _multi_valued(year, ContactExploitationForm, "exploitation_form", "exploitation_form")
    tables["action"] = _multi_valued(year, ContactAction, "action", "contact_action")
    return tables


def contact_figures(year: int, tables: dict[str, dict[str, dict[str, int]]]) -> dict[str, Any]:
    by_month = {month: sum(tables["channel"][month].values()) for month in MONTHS}
    return {
        "total": sum(by_month.values()),
        "by_month": by_month,
        **{f"by_{name}": _year_of(table) for name, table in tables.items()},
    }


# Consultation cases -----------------------------------------------------------------------------------


def cases_of_year(year: int) -> QuerySet[ConsultationCase]:
    """Cases whose first contact was made in the year (a case with no contacts left is not counted)."""
    start, end = year_bounds(year)
    return ConsultationCase.objects.filter(
        Exists(Contact.objects.filter(case=OuterRef("pk"))), opened_at__gte=start, opened_at__lt=end
    )


def _first_contact(field: str) -> Subquery:
    first = Contact.objects.filter(case=OuterRef("pk")).order_by("contacted_at", "pk")
    return Subquery(first.values(field)[:1])


def _case_key(attribute: str) -> Any:
    if attribute == "region":
        return Case(
            When(~Q(first_region=""), then=F("first_region")),
            When(~Q(first_country=""), then=Value(ABROAD)),
            default=Value(UNKNOWN),
            output_field=CharField(),
        )
    if attribute == "age_group":
        # A minor if any contact says so; else an adult if any says so; else not known.
        said = Contact.objects.filter(case=OuterRef("pk"))
        return Case(
            When(Exists(said.filter(concerns_minor=True)), then=Value(MINOR)),
            When(Exists(said.filter(concerns_minor=False)), then=Value(ADULT)),
            default=Value(UNKNOWN),
            output_field=CharField(),
        )
    return F(f"first_{attribute}")


def case_tables(year: int) -> dict[str, dict[str, dict[str, int]]]:
    cases = cases_of_year(year).annotate(
        **{
            f"first_{field}": _first_contact(field)
            for field in ("channel", "contact_type", "subject", "region", "country")
        }
    )
    tables = {
        attribute: _table(_grouped(cases, "opened_at", _case_key(attribute)), _keys(attribute))
        for attribute in ATTRIBUTES
    }
    forms = (
        ContactExploitationForm.objects.filter(contact__case__in=cases_of_year(year))
        .annotate(month=ExtractMonth("contact__case__opened_at"), key=F("exploitation_form"))
        .values("month", "key")
        .annotate(n=Count("contact__case", distinct=True))
    )
    table = _table(forms, [*_codes("exploitation_form"), NONE])
    without = cases_of_year(year).filter(~Exists(ContactExploitationForm.objects.filter(contact__case=OuterRef("pk"))))
    for row in _grouped(without, "opened_at", Value(NONE)):
        table[f"{row['month']:02d}"][NONE] += row["n"]
    tables["exploitation_form"] = table
    return tables


def _led_to_application(cases: QuerySet[ConsultationCase]) -> QuerySet[ConsultationCase]:
    return cases.filter(Exists(Referral.objects.filter(case=OuterRef("pk"), application__isnull=False)))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def case_figures(year: int, tables: dict[str, dict[str, dict[str, int]]]) -> dict[str, Any]:
    start, end = year_bounds(year)
    cases = cases_of_year(year)
    by_month = {month: sum(tables["channel"][month].values()) for month in MONTHS}
    opened = sum(by_month.values())
    closed = ConsultationCase.objects.filter(status=CaseStatus.CLOSED, closed_at__gte=start, closed_at__lt=end)
    outcomes = dict(closed.values("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    open_at_end = ConsultationCase.objects.filter(
        Exists(Contact.objects.filter(case=OuterRef("pk"))), opened_at__lt=end
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    ticks = dict(
        IndicatorTick.objects.filter(case__in=cases)
        .values("indicator")
        .annotate(n=Count("case", distinct=True))
        .values_list("indicator", "n")
    )
    led = _led_to_application(cases).count()
    return {
        "opened": opened,
        "by_month": by_month,
        **{f"by_{name}": _year_of(table) for name, table in tables.items()},
        "closed": closed.count(),
        "by_outcome": {code: outcomes.get(code, 0) for code in _codes("consultation_outcome")},
        "open_at_year_end": open_at_end.count(),
        "with_indicators": cases.filter(Exists(IndicatorTick.objects.filter(case=OuterRef("pk")))).count(),
        "by_indicator": {code: ticks.get(code, 0) for code in _codes("screening_indicator")},
        "led_to_application": led,
        "share_led_to_application": _share(led, opened),
    }


# Referrals ----------------------------------------------------------------------------------------------


def referrals_of_year(year: int) -> QuerySet[Referral]:
    start, end = year_bounds(year)
    return Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)


def _count_by(queryset: QuerySet[Referral], field: str, keys: list[str]) -> dict[str, int]:
    found = dict(queryset.values(field).annotate(n=Count("pk")).values_list(field, "n"))
    return {key: found.get(key, 0) for key in keys}


def _days(pairs: Iterable[tuple[datetime, datetime | None]]) -> list[float]:
    return [(later - earlier).total_seconds() / SECONDS_PER_DAY for earlier, later in pairs if later is not None]


def _median_days(days: list[float]) -> float | None:
    return round(median(days), 1) if days else None


def referral_figures(year: int) -> dict[str, Any]:
    _start, end = year_bounds(year)
    referrals = referrals_of_year(year)
    sent = referrals.count()
    months = dict(
        referrals.annotate(month=ExtractMonth("sent_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    accepted = referrals.filter(status=ReferralStatus.ACCEPTED)
    result = Case(When(outcome="", then=Value(PENDING)), default=F("outcome"), output_field=CharField())
    outcomes = dict(
        accepted.annotate(result=result).values("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    answered = _days(referrals.filter(answered_at__isnull=False).values_list("sent_at", "answered_at"))
    # Waiting at the year's end: sent in the year, neither answered nor withdrawn or expired by its end.
    waiting_at_end = referrals.filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=end), Q(closed_at__isnull=True) | Q(closed_at__gte=end)
    )
    waiting_days = [
        (end - sent_at).total_seconds() / 86400 for sent_at in waiting_at_end.values_list("sent_at", flat=True)
    ]
    led = referrals.filter(application__isnull=False).count()
    return {
        "sent": sent,
        "by_month": {month: months.get(int(month), 0) for month in MONTHS},
        "by_kind": _count_by(referrals, "kind", list(ReferralKind.values)),
        "by_referring_party": _count_by(referrals, "referring_party", _codes("contact_type")),
        "by_office": _count_by(referrals, "office", _codes("office")),
        "by_status": _count_by(referrals, "status", list(ReferralStatus.values)),
        "by_decline_reason": _count_by(
            referrals.filter(status=ReferralStatus.DECLINED), "decline_reason", _codes("referral_decline_reason")
        ),
        "by_outcome": {key: outcomes.get(key, 0) for key in [*_codes("referral_outcome"), PENDING]},
        "led_to_application": led,
        "share_led_to_application": _share(led, sent),
        "days_to_answer": {"answered": len(answered), "median": _median_days(answered)},
        "waiting_at_year_end": {"waiting": len(waiting_days), "median_days": _median_days(waiting_days)},
    }


# The whole ----------------------------------------------------------------------------------------------


def helpline_statistics(year: int, *, public: bool = False, k: int | None = None) -> dict[str, Any]:
    """The year's statistics: exact, or with `public` the public form under threshold k (default the setting).

    The exact form also carries `monthly`: every breakdown of contacts and
    cases month by month (the cross-tables the public form leaves out).
    """
    contacts, cases = contact_tables(year), case_tables(year)
    statistics = {
        "year": year,
        "contacts": contact_figures(year, contacts),
        "consultation_cases": case_figures(year, cases),
        "referrals": referral_figures(year),
        "monthly": {
            "contacts": {f"by_{name}": table for name, table in contacts.items()},
            "consultation_cases": {f"by_{name}": table for name, table in cases.items()},
        },
    }
    if public:
        return public_statistics(statistics, disclosure_threshold() if k is None else k)
    return statistics
