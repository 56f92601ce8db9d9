"""The statistics of the helpline's work, on the screen: exact for analysts and advisers, public for coordinators."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.accounts.permissions import access
from torju.helpline.disclosure import disclosure_threshold
from torju.helpline.forms import StatisticsForm
from torju.helpline.permissions import READ_STATISTICS, sees_exact_statistics
from torju.helpline.reporting import (
    EXACT,
    FIRST_YEAR,
    current_year,
    is_reportable,
    key_label,
    publication_for,
    statistics_for,
)
from torju.helpline.views.common import actor_of, user_of

SECTIONS = (
    (
        "contacts",
        gettext_lazy("Contacts"),
        (
            ("total", gettext_lazy("Contacts")),
            ("by_month", gettext_lazy("By month")),
            ("by_channel", gettext_lazy("By channel")),
            ("by_contact_type", gettext_lazy("By who contacted")),
            ("by_subject", gettext_lazy("By subject")),
            ("by_exploitation_form", gettext_lazy("By suspected form of exploitation")),
            ("by_region", gettext_lazy("By region")),
            ("by_age_group", gettext_lazy("Minor or adult")),
            ("by_action", gettext_lazy("By what was done")),
        ),
    ),
    (
        "consultation_cases",
        gettext_lazy("Consultation cases"),
        (
            ("opened", gettext_lazy("Cases opened")),
            ("by_month", gettext_lazy("By month opened")),
            ("by_channel", gettext_lazy("By channel of the first contact")),
            ("by_contact_type", gettext_lazy("By who contacted first")),
            ("by_subject", gettext_lazy("By subject of the first contact")),
            ("by_exploitation_form", gettext_lazy("By suspected form of exploitation")),
            ("by_region", gettext_lazy("By region")),
            ("by_age_group", gettext_lazy("Minor or adult")),
            ("closed", gettext_lazy("Cases closed")),
            ("by_outcome", gettext_lazy("By outcome")),
            ("open_at_year_end", gettext_lazy("Open at the end of the year")),
            ("with_indicators", gettext_lazy("Cases with screening indicators ticked")),
            ("by_indicator", gettext_lazy("By screening indicator")),
            ("led_to_application", gettext_lazy("Led to an application")),
            ("share_led_to_application", gettext_lazy("Share that led to an application")),
        ),
    ),
    (
        "referrals",
        gettext_lazy("Referrals"),
        (
            ("sent", gettext_lazy("Referrals sent")),
            ("by_month", gettext_lazy("By month sent")),
            ("by_kind", gettext_lazy("By kind")),
            ("by_referring_party", gettext_lazy("By referring party")),
            ("by_office", gettext_lazy("By office")),
            ("by_status", gettext_lazy("By status now")),
            ("by_decline_reason", gettext_lazy("Declined, by reason")),
            ("by_outcome", gettext_lazy("Taken up, by outcome")),
            ("led_to_application", gettext_lazy("Led to an application")),
            ("share_led_to_application", gettext_lazy("Share that led to an application")),
        ),
    ),
)


def _sections(statistics: dict[str, Any]) -> list[dict[str, Any]]:
    """Each section with its single figures and its breakdowns as (label, value) rows; None is withheld."""
    sections: list[dict[str, Any]] = []
    for section, title, items in SECTIONS:
        figures: list[tuple[Any, Any]] = []
        tables: list[dict[str, Any]] = []
        for key, item_title in items:
            value = statistics[section][key]
            if isinstance(value, dict):
                rows = [(key_label(section, key, code), count) for code, count in value.items()]
                tables.append({"title": item_title, "rows": rows})
            else:
                figures.append((item_title, f"{value:.1%}" if isinstance(value, float) else value))
        sections.append({"title": title, "figures": figures, "tables": tables})
    referrals = statistics["referrals"]
    sections[-1]["figures"] += [
        (_("Answered"), referrals["days_to_answer"]["answered"]),
        (_("Median days to answer"), referrals["days_to_answer"]["median"]),
        (_("Waiting at the end of the year"), referrals["waiting_at_year_end"]["waiting"]),
        (_("Median days waited by then"), referrals["waiting_at_year_end"]["median_days"]),
    ]
    return sections


@access(READ_STATISTICS)
def statistics(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = StatisticsForm(request.GET or None, initial={"year": current_year()})
    year, requested = current_year(), ""
    status = 200
    if form.is_bound:
        if form.is_valid() and is_reportable(form.cleaned_data["year"]):
            year, requested = form.cleaned_data["year"], form.cleaned_data["publication"]
        else:
            if form.is_valid():
                form.add_error(
                    "year",
                    _("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": current_year()},
                )
            status = 400
    publication = publication_for(user, requested)
    data = statistics_for(actor_of(request), year, publication)
    return render(
        request,
        "helpline/statistics.html",
        {
            "form": form,
            "year": year,
            "publication": publication,
            "is_exact": publication == EXACT,
            "may_see_exact": sees_exact_statistics(user),
            "threshold": disclosure_threshold(),
            "sections": _sections(data),
        },
        status=status,
    )
