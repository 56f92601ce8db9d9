"""The review's section on the info line: contacts, consultation cases and referrals (issue #12).

Always the helpline's public form (torju.statistics.helpline_figures): no
count from 1 to k−1, and secondary suppression in every breakdown with a
published total (docs/helpline-statistics.md), also on the analyst's
screen, so that every publication of the review says the same. Left out
when neither year has any recorded work (the years before the info line's
work was recorded in Torju).
"""

from collections.abc import Mapping
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.helpline.reporting import key_label
from torju.statistics.helpline_figures import has_work
from torju.statistics.review.builder import ReviewBuilder, present
from torju.statistics.review.model import Chart, CrossTable, Row, Section, Table, figure, percent, percent_text

Statistics = Mapping[str, Any]
# (section of the helpline's JSON, breakdown, the total it is a share of (None: the referrals taken up), table key)
BREAKDOWNS: tuple[tuple[str, str, str | None, str], ...] = (
    ("contacts", "by_contact_type", "total", "helpline_contacts_by_contact_type"),
    ("contacts", "by_channel", "total", "helpline_contacts_by_channel"),
    ("contacts", "by_subject", "total", "helpline_contacts_by_subject"),
    ("consultation_cases", "by_outcome", "closed", "helpline_cases_by_outcome"),
    ("referrals", "by_outcome", None, "helpline_referrals_by_outcome"),
)


def _titles() -> dict[str, tuple[str, str]]:
    return {
        "helpline_contacts_by_contact_type": (
            _("Contacts to the info line by who contacted"),
            pgettext("spreadsheet tab, at most 31 characters", "Info line: who contacted"),
        ),
        "helpline_contacts_by_channel": (
            _("Contacts to the info line by channel"),
            pgettext("spreadsheet tab, at most 31 characters", "Info line: channel"),
        ),
        "helpline_contacts_by_subject": (
            _("Contacts to the info line by subject"),
            pgettext("spreadsheet tab, at most 31 characters", "Info line: subject"),
        ),
        "helpline_cases_by_outcome": (
            _("Consultation cases closed, by outcome"),
            pgettext("spreadsheet tab, at most 31 characters", "Info line: case outcomes"),
        ),
        "helpline_referrals_by_outcome": (
            _("Referrals taken up, by outcome"),
            pgettext("spreadsheet tab, at most 31 characters", "Info line: referral outcomes"),
        ),
    }


def _base(statistics: Statistics | None, section: str, total: str | None) -> int | None:
    if statistics is None:
        return None
    if total is None:  # the referrals taken up: their outcomes add up to the accepted ones
        return statistics[section]["by_status"]["accepted"]
    return statistics[section][total]


def _table(
    review: ReviewBuilder, now: Statistics, before: Statistics | None, spec: tuple[str, str, str | None, str]
) -> Table:
    section, breakdown, total, key = spec
    title, sheet = _titles()[key]
    counts: Mapping[str, int | None] = now[section][breakdown]
    previous: Mapping[str, int | None] | None = before[section][breakdown] if before is not None else None
    base, previous_base = _base(now, section, total), _base(before, section, total)
    rows = []
    for code, count in counts.items():
        name = key_label(section, breakdown, code)
        earlier = previous.get(code, 0) if previous is not None else None
        rows.append(
            Row(
                key=code,
                label=capfirst(name),
                name=name,
                count=count,
                share=percent(count, base),
                previous=earlier,
                previous_share=percent(earlier, previous_base),
            )
        )
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        label_heading=_("Item"),
        share_of=_("Share of the total"),
        year=review.year,
        previous_year=review.previous_year if before is not None else None,
        rows=rows,
        total=Row(
            key="total",
            label=_("Total"),
            count=base,
            share=100 if base else None,
            previous=previous_base,
            previous_share=100 if previous_base else None,
        ),
    )


def helpline(review: ReviewBuilder) -> Section | None:
    figures = review.statistics.helpline or {}
    now = figures.get(str(review.year))
    before = figures.get(str(review.year - 1)) if review.previous_year is not None else None
    if now is None or not (has_work(now) or has_work(before)):
        return None

    def with_previous(section: str, name: str) -> str:
        previous = None if before is None else before[section][name]
        return review.compared(now[section][name], previous, has_previous=before is not None)

    tables: list[Table | CrossTable] = [_table(review, now, before, spec) for spec in BREAKDOWNS]
    contact_types = _table(review, now, before, BREAKDOWNS[0])
    top = review.most_common(
        contact_types,
        3,
        _("Most often the contact came from %(items)s."),
        _("Most often the contacts came from %(items)s."),
    )
    share = now["consultation_cases"]["share_led_to_application"]
    paragraphs = [
        _(
            "The assistance system's info line advises victims, professionals, employers and the public around "
            "the clock. Its advisers record every contact without identifying anyone, group the contacts about "
            "one situation into a consultation case, and refer a potential victim who wants to apply for "
            "assistance to an office of the assistance system."
        ),
        _(
            "In %(year)s the info line recorded %(contacts)s contacts and opened %(cases)s consultation cases; "
            "%(referrals)s referrals were sent to the offices."
        )
        % {
            "year": review.year,
            "contacts": with_previous("contacts", "total"),
            "cases": with_previous("consultation_cases", "opened"),
            "referrals": with_previous("referrals", "sent"),
        },
        top,
        _("Of the consultation cases opened in %(year)s, %(share)s led to an application for assistance.")
        % {"year": review.year, "share": percent_text(None if share is None else round(100 * share))}
        if share is not None
        else "",
        _(
            "The info line's figures are in the public form in every publication of the review: a count from 1 "
            "to %(below)s is withheld (%(symbol)s), together with so many others that none can be worked out "
            "from the totals."
        )
        % {"below": review.k - 1, "symbol": figure(None)},
    ]
    chart = review.chart(contact_types, "helpline_contacts_by_contact_type", contact_types.title, largest_first=True)
    return Section(
        key="helpline",
        heading=_("The info line: advice, consultations and referrals"),
        paragraphs=present(paragraphs),
        tables=tables,
        charts=[Chart(chart.key, chart.title, chart.categories, chart.values, _("Contacts"))],
    )
